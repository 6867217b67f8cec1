package io.github.threadlab.eventloop;

import static io.github.threadlab.harness.Durations.ms;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.github.threadlab.harness.Durations;
import io.github.threadlab.harness.Eventually;
import io.github.threadlab.harness.Exercise;
import io.github.threadlab.harness.Expect;
import io.github.threadlab.harness.Gate;
import io.github.threadlab.harness.Graded;
import io.github.threadlab.harness.TaskProbe;
import io.github.threadlab.harness.TimeLimits;
import io.github.threadlab.harness.Timeline;
import io.github.threadlab.legacy.Inventory;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.opentest4j.AssertionFailedError;

/**
 * The graded tests of exercise 6. A Mockito mock stands in for the legacy {@link Inventory}: its lookups record
 * the thread that runs them, block at gates the test opens, sleep, or throw. The tests read the loop's heartbeat
 * ({@link EventLoop#maxStall()}) to see whether anything blocked the loop, count the lookups in flight to see
 * whether orders overlap, and record which thread completes each order in a callback attached before it
 * completes. The only time bounds are a lower bound that follows from the contract's 50 ms delay and a
 * generous, scaled upper bound on the loop's stall.
 */
@Exercise(number = 6, name = "eventloop")
class OrderServiceTest {

    /** The simulated I/O every order waits before its lookup. */
    private static final Duration DELAY = ms(50);
    /** How long to wait for something a correct solution does at once (scaled by the time factor). */
    private static final Duration PATIENCE = Duration.ofSeconds(2);
    /**
     * The longest the loop may go without running its heartbeat (scaled). A loop that only runs short callbacks
     * runs every tick within a few milliseconds even on a loaded machine; one blocked for 50 ms per order is
     * seconds late.
     */
    private static final Duration STALL_LIMIT = ms(200);

    /**
     * Mockito's first mock instruments classes, which takes seconds on a busy machine: done once here, outside the
     * graded tests' time limits, so that no test's patience is spent on it.
     */
    @BeforeAll
    static void warmUpMockito() throws IOException {
        Inventory inventory = mock(Inventory.class);
        when(inventory.stockLevel(anyString())).thenAnswer(call -> 1);
        inventory.stockLevel("warm-up");
    }

    // ------------------------------------------------------------------------------------ never block the loop

    @Graded(points = 4)
    void the_loop_never_stalls_while_hundreds_of_orders_are_in_flight() throws Exception {
        int orders = 300;
        try (Fixture f = new Fixture(8)) {
            when(f.inventory.stockLevel(anyString())).thenAnswer(call -> f.lookups.call(skuIndex(call.getArgument(0)),
                    () -> {
                        sleep(ms(20)); // a slow legacy call: 300 of them on 8 threads take at least 750 ms
                        return 5;
                    }).call());
            OrderService service = f.service();
            Duration stallLimit = TimeLimits.scaled(STALL_LIMIT);
            BooleanSupplier stalled = () -> f.loop.maxStall().compareTo(stallLimit) > 0;
            CountDownLatch done = new CountDownLatch(orders);
            List<CompletableFuture<String>> placed = new ArrayList<>();
            Duration placingLimit = TimeLimits.scaled(PATIENCE);
            long start = System.nanoTime();
            f.loop.resetStall();
            for (int i = 0; i < orders && !stalled.getAsBoolean(); i++) {
                CompletableFuture<String> order = service.place("sku-" + i);
                order.whenComplete((answer, failure) -> done.countDown());
                placed.add(order);
                Duration placing = Duration.ofNanos(System.nanoTime() - start);
                if (placing.compareTo(placingLimit) > 0) {
                    throw new AssertionFailedError("placing " + (i + 1) + " of " + orders + " orders took "
                            + Durations.format(placing) + ": place returns at once with a future; it must not "
                            + "wait for the order, or a caller placing 300 orders waits for 300 of them in turn");
                }
            }
            Eventually.within(Duration.ofSeconds(5)).until("all " + orders + " orders to complete (or the loop "
                    + "to stall for more than " + Durations.format(stallLimit) + ")",
                    () -> done.getCount() == 0 || stalled.getAsBoolean(),
                    () -> (orders - done.getCount()) + " had completed; the loop's longest stall was "
                            + Durations.format(f.loop.maxStall()) + " (orders must overlap: 300 lookups of 20 ms "
                            + "on 8 threads take about 750 ms)");
            Duration stall = f.loop.maxStall();
            Expect.that(!stalled.getAsBoolean(), "the event loop stalled for " + Durations.format(stall) + " (its "
                    + "heartbeat, a tick every " + EventLoop.TICK_MILLIS + " ms, ran that late) while "
                    + placed.size() + " orders were in flight; the limit is " + Durations.format(stallLimit)
                    + ": place must never block the loop thread. No Thread.sleep on the loop (wait with "
                    + "loop.delay), no lookup on the loop (run it on the blocking executor), no join() or get() on "
                    + "the loop (chain a callback instead). Every order shares the loop: blocking it for one order "
                    + "holds up all the others");
            for (int i = 0; i < orders; i++) {
                Expect.equal("the answer of order " + i, placed.get(i).getNow(null), "OK sku-" + i + " 5",
                        "an order whose lookup found 5 in stock answers \"OK <sku> 5\"");
            }
            verify(f.inventory, times(orders)).stockLevel(anyString());
        }
    }

    @Graded(points = 3)
    void the_lookup_runs_on_the_blocking_executor_never_on_the_loop() throws Exception {
        int orders = 4;
        try (Fixture f = new Fixture(2)) {
            Map<String, Thread> lookupThreads = new ConcurrentHashMap<>();
            Map<String, Boolean> inLoop = new ConcurrentHashMap<>();
            when(f.inventory.stockLevel(anyString())).thenAnswer(call -> {
                String sku = call.getArgument(0);
                lookupThreads.put(sku, Thread.currentThread());
                inLoop.put(sku, f.loop.inLoop());
                return 3;
            });
            OrderService service = f.service();
            List<CompletableFuture<String>> placed = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                placed.add(service.place("sku-" + i));
            }
            for (int i = 0; i < orders; i++) {
                awaitAnswer(placed.get(i), "order " + i);
            }
            Thread loopThread = f.loopThread();
            for (int i = 0; i < orders; i++) {
                String sku = "sku-" + i;
                Thread thread = lookupThreads.get(sku);
                Expect.that(thread != null, "the stock of " + sku + " was never looked up: each order looks its "
                        + "stock up once with the legacy Inventory");
                Expect.that(thread != loopThread && !inLoop.get(sku), "the lookup of " + sku + " ran on the loop "
                        + "thread (" + thread.getName() + "): stockLevel blocks, and a blocking call on the loop "
                        + "stalls every order for as long as it takes; run it on the blocking executor, like "
                        + "asyncio's run_in_executor");
                Expect.that(f.poolThreads.contains(thread), "the lookup of " + sku + " ran on " + thread.getName()
                        + ", not on a thread of the blocking executor given to OrderService: blocking calls go to "
                        + "that executor (CompletableFuture.supplyAsync(..., blocking)), not to the common "
                        + "ForkJoinPool, which is sized for computation and is shared with the whole JVM");
            }
        }
    }

    @Graded(points = 3)
    void the_order_completes_on_the_loop_thread() throws Exception {
        try (Fixture f = new Fixture(2)) {
            Gate lookup = f.gate();
            when(f.inventory.stockLevel("apple")).thenAnswer(call -> {
                lookup.pass();
                return 7;
            });
            OrderService service = f.service();
            Thread loopThread = f.loopThread();

            CompletableFuture<String> order = service.place("apple");
            AtomicReference<Thread> completer = new AtomicReference<>();
            CountDownLatch completed = new CountDownLatch(1);
            order.whenComplete((answer, failure) -> {
                completer.set(Thread.currentThread());
                completed.countDown();
            });
            awaitLookups(f, lookup, 1, order);
            lookup.open();

            Expect.that(completed.await(TimeLimits.scaled(PATIENCE).toMillis(), TimeUnit.MILLISECONDS),
                    "the order had not completed " + Durations.format(TimeLimits.scaled(PATIENCE)) + " after its "
                            + "lookup was let go");
            Thread thread = completer.get();
            Expect.that(thread == loopThread, "the order completed on " + thread.getName() + ", not on the loop "
                    + "thread (" + loopThread.getName() + "): the callbacks a caller attaches to the future "
                    + "(thenApply, whenComplete) then run on that thread, outside the loop, racing with the loop's "
                    + "own callbacks; hop back with loop.execute (or whenCompleteAsync(..., loop)) before you "
                    + "complete the future");
            Expect.equal("the answer", order.getNow(null), "OK apple 7",
                    "a stock above 0 answers \"OK <sku> <stock>\"");
        }
    }

    // ----------------------------------------------------------------------------------------- orders overlap

    @Graded(points = 2)
    void place_returns_at_once_while_the_order_is_in_flight() throws Exception {
        try (Fixture f = new Fixture(2)) {
            Gate lookup = f.gate();
            when(f.inventory.stockLevel(anyString())).thenAnswer(call -> {
                lookup.pass();
                return 1;
            });
            Placer placer = f.placer(List.of("apple"));
            Duration patience = TimeLimits.scaled(PATIENCE);
            boolean returned = placer.endsWithin(patience);
            placer.rethrow();
            Expect.that(returned, "place had not returned " + Durations.format(patience) + " after it was called, "
                    + "while the order's lookup was held (lookups waiting: " + lookup.waiting() + "): place returns "
                    + "a future at once and lets the loop finish the order; a caller that waits for its order (join, "
                    + "get) is blocked, and on the loop thread it would stall everything");
            CompletableFuture<String> order = placer.placed().get(0);
            Expect.that(!order.isDone(), "the order was already done (" + order + ") while its lookup was held "
                    + "at a gate: it completes with the lookup's answer");
        }
    }

    @Graded(points = 2)
    void the_lookups_of_concurrent_orders_run_at_the_same_time() throws Exception {
        int orders = 12;
        try (Fixture f = new Fixture(orders)) {
            Gate lookup = f.gate();
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            // Every order has a stock of its own (sku-i: i + 1), and the gate lets all the lookups answer at once:
            // an answer that reaches the loop through state the orders share comes out as another order's.
            when(f.inventory.stockLevel(anyString())).thenAnswer(call -> {
                peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    lookup.pass();
                } finally {
                    inFlight.decrementAndGet();
                }
                return skuIndex(call.getArgument(0)) + 1;
            });
            List<String> skus = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                skus.add("sku-" + i);
            }
            Placer placer = f.placer(skus);
            Eventually.within(PATIENCE).until("the lookups of all " + orders + " orders to be in flight at once",
                    () -> peak.get() == orders || placer.failed(),
                    () -> "at most " + peak.get() + " were (the blocking executor has " + orders + " threads, and "
                            + "each lookup waits at a gate until all are there)");
            placer.rethrow();
            Expect.equal("the peak of lookups in flight", peak.get(), orders, "orders overlap: each waits its "
                    + "50 ms and its lookup on its own, so 300 orders take about one delay plus the lookups' "
                    + "schedule, not 300 times 50 ms; do not chain one order after another");
            lookup.open();
            for (int i = 0; i < orders; i++) {
                Expect.equal("the answer of order " + i + " (sku-" + i + ", " + (i + 1) + " in stock)",
                        awaitAnswer(placer.placed().get(i), "order " + i), "OK sku-" + i + " " + (i + 1),
                        "each order answers with its own sku and its own stock, however many are in flight: "
                                + "hand the stock from the lookup to the loop inside the order's own callback (a "
                                + "local the lambda captures, or the future's value), not through a field or a "
                                + "collection of the service that the other orders' lookups write too");
            }
        }
    }

    @Graded(points = 2)
    void each_order_waits_50_ms_before_its_lookup() throws Exception {
        int orders = 5;
        try (Fixture f = new Fixture(orders)) {
            Map<String, Long> lookedUpAt = new ConcurrentHashMap<>();
            when(f.inventory.stockLevel(anyString())).thenAnswer(call -> {
                lookedUpAt.put(call.getArgument(0), System.nanoTime());
                return 4;
            });
            OrderService service = f.service();
            List<CompletableFuture<String>> placed = new ArrayList<>();
            long[] placedAt = new long[orders];
            for (int i = 0; i < orders; i++) {
                placedAt[i] = System.nanoTime();
                placed.add(service.place("sku-" + i));
            }
            for (int i = 0; i < orders; i++) {
                awaitAnswer(placed.get(i), "order " + i);
            }
            for (int i = 0; i < orders; i++) {
                Long at = lookedUpAt.get("sku-" + i);
                Expect.that(at != null, "the stock of sku-" + i + " was never looked up");
                Expect.tookAtLeast("from place to the lookup of sku-" + i, Duration.ofNanos(at - placedAt[i]),
                        DELAY, "every order first waits 50 ms of simulated I/O through loop.delay, then looks its "
                                + "stock up; skipping the wait is not the same program made faster");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- answers

    @Graded(points = 2)
    void a_failed_lookup_fails_the_order_with_its_own_exception_on_the_loop() throws Exception {
        try (Fixture f = new Fixture(2)) {
            IOException down = new IOException("inventory database unreachable");
            Gate lookup = f.gate();
            when(f.inventory.stockLevel("apple")).thenAnswer(call -> {
                lookup.pass();
                throw down;
            });
            OrderService service = f.service();
            Thread loopThread = f.loopThread();

            CompletableFuture<String> order = service.place("apple");
            AtomicReference<Thread> completer = new AtomicReference<>();
            CountDownLatch completed = new CountDownLatch(1);
            order.whenComplete((answer, failure) -> {
                completer.set(Thread.currentThread());
                completed.countDown();
            });
            awaitLookups(f, lookup, 1, order);
            lookup.open();

            Expect.that(completed.await(TimeLimits.scaled(PATIENCE).toMillis(), TimeUnit.MILLISECONDS),
                    "the order had not completed " + Durations.format(TimeLimits.scaled(PATIENCE)) + " after its "
                            + "lookup threw: when the lookup fails, the order fails with its exception");
            Thread thread = completer.get();
            Expect.that(thread == loopThread, "the failed order completed on " + thread.getName() + ", not on the "
                    + "loop thread (" + loopThread.getName() + "): failures hop back to the loop too, or the "
                    + "caller's error handling runs outside the loop, racing with the loop's own callbacks");
            ExecutionException thrown = Expect.thrownBy(ExecutionException.class,
                    () -> order.get(TimeLimits.scaled(PATIENCE).toMillis(), TimeUnit.MILLISECONDS),
                    "when the lookup throws, the order fails with that exception (get() throws "
                            + "ExecutionException with it as the cause): a failure turned into an answer or lost is "
                            + "an order the customer believes was placed");
            Expect.that(thrown.getCause() == down, "get() threw ExecutionException whose cause is "
                    + Expect.describe(thrown.getCause()) + ", not the lookup's own IOException: fail the order with "
                    + "exactly what the lookup threw (unwrap the CompletionException that supplyAsync puts around "
                    + "it)");
        }
    }

    @Graded(points = 2)
    void orders_answer_OK_with_the_stock_or_OUT_when_there_is_none() throws Exception {
        try (Fixture f = new Fixture(2)) {
            when(f.inventory.stockLevel("apple")).thenReturn(12);
            when(f.inventory.stockLevel("pear")).thenReturn(0);
            OrderService service = f.service();
            CompletableFuture<String> apple = service.place("apple");
            CompletableFuture<String> pear = service.place("pear");
            Expect.equal("the answer for apple (12 in stock)", awaitAnswer(apple, "the apple order"), "OK apple 12",
                    "a stock above 0 answers \"OK <sku> <stock>\"");
            Expect.equal("the answer for pear (0 in stock)", awaitAnswer(pear, "the pear order"), "OUT pear",
                    "a stock of 0 answers \"OUT <sku>\"");
            verify(f.inventory, times(1)).stockLevel("apple");
            verify(f.inventory, times(1)).stockLevel("pear");
        }
    }

    @Graded(points = 1)
    void null_arguments_are_rejected_before_any_work() throws Exception {
        try (Fixture f = new Fixture(1)) {
            Expect.thrownBy(NullPointerException.class, () -> new OrderService(null, f.inventory, f.pool),
                    "a null loop is rejected by the constructor, not later on the first order");
            Expect.thrownBy(NullPointerException.class, () -> new OrderService(f.loop, null, f.pool),
                    "a null inventory is rejected by the constructor, not later on the first order");
            Expect.thrownBy(NullPointerException.class, () -> new OrderService(f.loop, f.inventory, null),
                    "a null executor is rejected by the constructor, not later on the first order");
            OrderService service = f.service();
            Expect.thrownBy(NullPointerException.class, () -> service.place(null),
                    "place(null) throws NullPointerException at once, before any work, not a future that fails "
                            + "later");
            verifyNoInteractions(f.inventory);
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** Waits until {@code n} lookups wait at {@code gate}, failing at once if the order ends first. */
    private static void awaitLookups(Fixture f, Gate gate, int n, CompletableFuture<String> order) {
        Eventually.within(PATIENCE).until(n + " lookup(s) to start", () -> gate.waiting() == n || order.isDone(),
                () -> gate.waiting() + " had started");
        Expect.that(!order.isDone(), "the order was done (" + order + ") before its lookup had answered: it "
                + "completes with what the lookup returns");
    }

    /** The answer of {@code order}, failing with a readable message when it fails or takes too long. */
    private static String awaitAnswer(CompletableFuture<String> order, String what) throws InterruptedException {
        Duration patience = TimeLimits.scaled(PATIENCE);
        try {
            return order.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw withCause(new AssertionFailedError(what + " failed with " + Expect.describe(e.getCause())
                    + " where its lookup answered"), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionFailedError(what + " had not completed after " + Durations.format(patience)
                    + " (an order takes 50 ms plus its lookup)");
        }
    }

    /** {@code i} for "sku-i": the lookup's index in the test report's picture. */
    private static int skuIndex(String sku) {
        return Integer.parseInt(sku.substring("sku-".length()));
    }

    /** Sleeps in a lookup; an interrupt ends it with the legacy API's own kind of failure. */
    private static void sleep(Duration duration) throws InterruptedIOException {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during a lookup");
        }
    }

    private static AssertionFailedError withCause(AssertionFailedError error, Throwable cause) {
        if (cause != null) {
            error.initCause(cause);
        }
        return error;
    }

    /**
     * What a test needs: an event loop, a mock inventory, a blocking executor whose threads it knows, and the gates
     * and placing threads it makes. Closing it opens the gates, stops the placers, closes the loop and shuts the
     * executor down, so that no test leaves a thread running.
     */
    private static final class Fixture implements AutoCloseable {
        final EventLoop loop = new EventLoop();
        final Inventory inventory = mock(Inventory.class);
        final Set<Thread> poolThreads = ConcurrentHashMap.newKeySet();
        final ExecutorService pool;
        /** Draws the lookups a test wraps in it on the test report's picture: on which thread, how many at once. */
        final TaskProbe lookups = TaskProbe.create();
        private final List<Gate> gates = new CopyOnWriteArrayList<>();
        private final List<Placer> placers = new CopyOnWriteArrayList<>();

        Fixture(int threads) {
            AtomicInteger count = new AtomicInteger();
            pool = Executors.newFixedThreadPool(threads, task -> {
                Thread thread = new Thread(task, "blocking-" + count.incrementAndGet());
                poolThreads.add(thread);
                return thread;
            });
            Timeline timeline = Timeline.current();
            if (timeline.recording()) {
                recordHeartbeat(timeline);
            }
        }

        /**
         * Marks a tick on the loop's lane of the test report's picture every {@value EventLoop#TICK_MILLIS} ms, from
         * a callback the loop runs after a {@code loop.delay}: while something blocks the loop, the ticks stop, and
         * the picture shows the gap. Checks nothing (the tests read the loop's own heartbeat, {@code maxStall}); the
         * chain ends when the loop closes and {@code delay} fails.
         */
        private void recordHeartbeat(Timeline timeline) {
            loop.delay(ms(EventLoop.TICK_MILLIS)).thenRun(() -> {
                timeline.tick("the loop ran a callback");
                recordHeartbeat(timeline);
            });
        }

        OrderService service() {
            return new OrderService(loop, inventory, pool);
        }

        Gate gate() {
            Gate gate = Gate.closed();
            gates.add(gate);
            return gate;
        }

        /** Places an order for each of {@code skus}, in turn, from a thread of the test's own. */
        Placer placer(List<String> skus) {
            Placer placer = new Placer(service(), skus);
            placers.add(placer);
            placer.thread.start();
            return placer;
        }

        /** The loop's thread, as the loop itself reports it. */
        Thread loopThread() throws Exception {
            CompletableFuture<Thread> thread = new CompletableFuture<>();
            loop.execute(() -> thread.complete(Thread.currentThread()));
            try {
                return thread.get(TimeLimits.scaled(PATIENCE).toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionFailedError("the event loop did not run a callback within "
                        + Durations.format(TimeLimits.scaled(PATIENCE)) + ": something is blocking it");
            }
        }

        @Override
        public void close() throws InterruptedException {
            gates.forEach(Gate::open);
            for (Placer placer : placers) {
                placer.stop();
            }
            loop.close();
            pool.shutdownNow();
            pool.awaitTermination(TimeLimits.scaled(PATIENCE).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Places orders from a thread of the test's own, so that a place that blocks cannot block the test. */
    private static final class Placer {
        private final Thread thread;
        private final List<CompletableFuture<String>> placed = new CopyOnWriteArrayList<>();
        private volatile Throwable thrown;
        private volatile boolean stopped;

        Placer(OrderService service, List<String> skus) {
            thread = new Thread(() -> {
                try {
                    for (String sku : skus) {
                        if (stopped) {
                            return;
                        }
                        placed.add(service.place(sku));
                    }
                } catch (Throwable t) {
                    thrown = t;
                }
            }, "eventloop-test placer");
        }

        boolean endsWithin(Duration duration) throws InterruptedException {
            return thread.join(duration);
        }

        boolean failed() {
            return thrown != null;
        }

        /** Fails with what place threw, if it threw. */
        void rethrow() {
            Throwable t = thrown;
            if (t != null) {
                throw withCause(new AssertionFailedError("place threw " + Expect.describe(t)), t);
            }
        }

        List<CompletableFuture<String>> placed() {
            return placed;
        }

        void stop() throws InterruptedException {
            stopped = true;
            if (!thread.join(TimeLimits.scaled(Duration.ofSeconds(5)))) {
                thread.interrupt();
                thread.join(TimeLimits.scaled(Duration.ofSeconds(1)));
            }
        }
    }
}
