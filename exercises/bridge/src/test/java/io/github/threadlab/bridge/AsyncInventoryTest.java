package io.github.threadlab.bridge;

import static io.github.threadlab.bridge.Futures.await;
import static io.github.threadlab.bridge.Futures.expectFailedWith;
import static io.github.threadlab.harness.Durations.ms;

import io.github.threadlab.harness.Eventually;
import io.github.threadlab.harness.Exercise;
import io.github.threadlab.harness.Expect;
import io.github.threadlab.harness.Gate;
import io.github.threadlab.harness.Graded;
import io.github.threadlab.harness.Rendezvous;
import io.github.threadlab.harness.TaskProbe;
import io.github.threadlab.harness.Work;
import io.github.threadlab.legacy.Inventory;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.mockito.Mockito;
import org.mockito.exceptions.base.MockitoAssertionError;
import org.opentest4j.AssertionFailedError;

/**
 * The graded tests of exercise 4's {@link AsyncInventory}. The legacy {@link Inventory} is a Mockito mock whose
 * answers the test controls: they record the thread, wait at gates or at a rendezvous that only lookups running at
 * the same time can reach, finish in an order the test chooses, or throw. Mockito's {@code verify} counts the legacy
 * calls. The lookups are started from a thread of the test's own, which waits only briefly for them to return.
 */
@Exercise(number = 4, name = "bridge")
class AsyncInventoryTest {

    private static final Duration PATIENCE = Callers.PATIENCE;
    /** How long to watch for something that must not happen, once the test is set up to see it. */
    private static final Duration SETTLE = ms(100);

    /**
     * Mockito builds its first mock slowly (it instruments classes, a second or more on a busy machine): done here,
     * it does not count against a graded test's time limit.
     */
    @BeforeAll
    static void warm_up_mockito() {
        Mockito.mock(Inventory.class);
    }

    @Graded(points = 1)
    void stock_level_is_one_legacy_call_through_the_bridge() throws Exception {
        try (Fixture f = Fixture.of(1)) {
            TaskProbe probe = TaskProbe.create();
            Gate gate = f.gate();
            AtomicReference<Thread> lookupThread = new AtomicReference<>();
            f.answer(sku -> {
                lookupThread.set(Thread.currentThread());
                return 7;
            });
            // The bridge's only thread is busy with a call of the test's own, held at a gate.
            Callable<String> held = probe.call(0, () -> {
                gate.pass();
                return "busy";
            });
            CompletableFuture<String> busy = f.callers.invokeAtOnce("bridge.call(...)", () -> f.bridge.call(held));
            Eventually.within(PATIENCE).until("the bridge's thread to be busy", () -> probe.started() == 1);

            CompletableFuture<Integer> level = f.invoke("stockLevel(\"A\")", () -> f.async.stockLevel("A"));

            Thread.sleep(SETTLE);
            Expect.equal("the number of legacy lookups while the bridge's only thread was busy", f.lookups(), 0,
                    "stockLevel makes its legacy call through the bridge (bridge.call), so it waits for a free bridge "
                            + "thread like any other call. A lookup that ran at once went around the bridge: on the "
                            + "calling thread (which then blocks), on the common pool (supplyAsync without an "
                            + "executor) or on a thread of its own, none of them bounded by the bridge");
            gate.open();
            await(busy, "the test's own call", "it was released");
            Expect.equal("the stock level of A", await(level, "the future of stockLevel(\"A\")",
                    "its lookup runs once the bridge's thread is free"), 7, "the legacy inventory answered 7");
            f.expectLookedUp("A", 1, "one stockLevel is one legacy call");
            Thread thread = lookupThread.get();
            Expect.that(!f.callers.threads().contains(thread), "the legacy call ran on the thread that called "
                    + "stockLevel: it runs on one of the bridge's threads, so that the caller never blocks");
            Expect.that(!(thread instanceof ForkJoinWorkerThread worker
                    && worker.getPool() == ForkJoinPool.commonPool()), "the legacy call ran on '" + thread.getName()
                    + "', a worker of ForkJoinPool.commonPool(): it goes through the bridge, whose threads are its "
                    + "own and bounded, not through supplyAsync without an executor");
        }
    }

    @Graded(points = 2)
    void stock_levels_maps_every_sku_in_list_order_and_looks_duplicates_up_once() throws Exception {
        try (Fixture f = Fixture.of(4)) {
            // The lookups finish in the order B, A, C; the list asks for C, A, B.
            CountDownLatch bAnswered = new CountDownLatch(1);
            CountDownLatch aAnswered = new CountDownLatch(1);
            f.answer(sku -> switch (sku) {
                case "B" -> {
                    bAnswered.countDown();
                    yield 2;
                }
                case "A" -> {
                    Work.awaitAtMost(bAnswered, Duration.ofSeconds(1), "another lookup to answer");
                    Work.sleep(ms(50)).run();
                    aAnswered.countDown();
                    yield 1;
                }
                case "C" -> {
                    Work.awaitAtMost(aAnswered, Duration.ofSeconds(1), "another lookup to answer");
                    Work.sleep(ms(50)).run();
                    yield 3;
                }
                default -> throw new IOException("no such sku: " + sku);
            });
            List<String> skus = List.of("C", "A", "B", "A", "C");

            Map<String, Integer> levels = await(f.invoke("stockLevels(" + skus + ")",
                    () -> f.async.stockLevels(skus)), "the future of stockLevels(" + skus + ")",
                    "every lookup answers within two seconds");

            Expect.equal("the keys of the map, in iteration order", List.copyOf(levels.keySet()),
                    List.of("C", "A", "B"), "the map iterates in the order of the list (first occurrences), whatever "
                            + "order the lookups finish in (here B, then A, then C): collect the results in list order "
                            + "once all are done (a LinkedHashMap), not as they arrive, and not in a HashMap");
            Map<String, Integer> expected = new LinkedHashMap<>();
            expected.put("C", 3);
            expected.put("A", 1);
            expected.put("B", 2);
            Expect.equal("the map", levels, expected, "each sku maps to the stock level its lookup answered");
            String once = "stockLevels looks each distinct sku up once, however often the list names it: a legacy "
                    + "call is slow and may cost money, and asking twice gives the same answer";
            f.expectLookedUp("C", 1, once);
            f.expectLookedUp("A", 1, once);
            f.expectLookedUp("B", 1, once);
        }
    }

    @Graded(points = 2)
    void stock_levels_looks_every_sku_up_at_once() throws Exception {
        try (Fixture f = Fixture.of(4)) {
            Rendezvous everyone = Rendezvous.of(4);
            // The lookups answer only once stockLevels has returned: whatever it set up to collect the answers is
            // then in place, and the answers arrive on the bridge threads together, as they would in production.
            Gate returned = f.gate();
            List<String> skus = List.of("A", "B", "C", "D");
            f.answer(sku -> {
                everyone.arrive();
                returned.pass();
                return 10 + skus.indexOf(sku);
            });

            CompletableFuture<Map<String, Integer>> future = f.invoke("stockLevels(" + skus + ")",
                    () -> f.async.stockLevels(skus));
            returned.open();
            Map<String, Integer> levels = await(future, Duration.ofSeconds(5), "the future of stockLevels("
                    + skus + ")", "each lookup waits at most 3 s for the others, so by then every lookup has answered "
                            + "and stockLevels must complete its future. One that never completes has lost count of "
                            + "the answers: they arrive on several bridge threads at the same moment, and a plain count "
                            + "that each of them bumps (done++, remaining--) loses updates; count with an "
                            + "AtomicInteger, or let allOf wait for the lookups");

            Expect.that(everyone.met(), "at most " + everyone.mostPresent() + " of the 4 lookups were running at "
                    + "once (each waited at a rendezvous for all the others), on a bridge of 4 threads: stockLevels "
                    + "starts every lookup at once (a bridge call per sku, then allOf to wait for them together) and "
                    + "the bridge runs them side by side. Waiting for each before starting the next (join in a loop, "
                    + "a chain of thenCompose) takes the sum of their times instead of the longest");
            Expect.equal("the map", levels, Map.of("A", 10, "B", 11, "C", 12, "D", 13),
                    "each sku maps to the stock level its lookup answered");
        }
    }

    @Graded(points = 1)
    void stock_levels_fails_with_the_failed_lookups_own_exception() throws Exception {
        IOException unavailable = new IOException("the warehouse system is unavailable for B");
        try (Fixture f = Fixture.of(3)) {
            f.answer(sku -> {
                if (sku.equals("B")) {
                    throw unavailable;
                }
                return 5;
            });

            CompletableFuture<Integer> one = f.invoke("stockLevel(\"B\")", () -> f.async.stockLevel("B"));
            expectFailedWith(one, unavailable, "the future of stockLevel(\"B\"), whose legacy call threw IOException");
            CompletableFuture<Map<String, Integer>> all = f.invoke("stockLevels([A, B, C])",
                    () -> f.async.stockLevels(List.of("A", "B", "C")));
            expectFailedWith(all, unavailable, "the future of stockLevels([A, B, C]), where the lookup of B threw "
                    + "IOException (a map without B, or with a made-up level for it, looks like an answer and is not)");
        }
    }

    @Graded(points = 1)
    void arguments_are_checked_before_any_lookup() throws Exception {
        try (Fixture f = Fixture.of(2)) {
            f.answer(sku -> 1);
            Expect.thrownBy(NullPointerException.class, () -> new AsyncInventory(null, f.bridge),
                    "new AsyncInventory(null, bridge) must throw NullPointerException: every method rejects a null "
                            + "argument, and a constructor that accepts one fails later, far from the mistake");
            Expect.thrownBy(NullPointerException.class, () -> new AsyncInventory(f.inventory, null),
                    "new AsyncInventory(inventory, null) must throw NullPointerException: every method rejects a "
                            + "null argument");
            Expect.thrownBy(NullPointerException.class, () -> f.async.stockLevel(null),
                    "stockLevel(null) must throw NullPointerException: every method rejects a null argument");
            Expect.thrownBy(NullPointerException.class, () -> f.async.stockLevels(null),
                    "stockLevels(null) must throw NullPointerException: every method rejects a null argument");
            Expect.thrownBy(NullPointerException.class, () -> f.async.stockLevels(Arrays.asList("A", "B", null)),
                    "stockLevels([A, B, null]) must throw NullPointerException: every method rejects a null element "
                            + "of its list");
            Thread.sleep(SETTLE);
            Expect.equal("the number of legacy lookups made for rejected arguments", f.lookups(), 0,
                    "a null is rejected before any lookup starts: check the whole list first, then start; lookups "
                            + "started for [A, B, null] are work done for a call that failed");
        }
    }

    // --------------------------------------------------------------------------------------------------- helpers

    /** What the mocked legacy inventory answers for a sku. */
    @FunctionalInterface
    private interface LegacyAnswer {
        int stockLevel(String sku) throws Exception;
    }

    /**
     * An {@link AsyncInventory} under test over a mocked legacy {@link Inventory} and a real bridge, the gates that
     * hold the legacy calls and the callers that start the lookups. Closing it opens every gate, closes the bridge
     * and ends the callers' threads.
     */
    private static final class Fixture implements AutoCloseable {
        final BlockingBridge bridge;
        final Inventory inventory = Mockito.mock(Inventory.class);
        final AsyncInventory async;
        final Callers callers = new Callers();
        private final AtomicInteger lookups = new AtomicInteger();
        private final List<Gate> gates = new CopyOnWriteArrayList<>();

        private Fixture(BlockingBridge bridge) {
            this.bridge = bridge;
            try {
                this.async = new AsyncInventory(inventory, bridge);
            } catch (RuntimeException | Error e) {
                bridge.close();
                throw e;
            }
        }

        static Fixture of(int maxThreads) {
            return new Fixture(new BlockingBridge(maxThreads));
        }

        /** Makes every legacy lookup count itself, then answer with {@code answer}. */
        void answer(LegacyAnswer answer) throws IOException {
            Mockito.doAnswer(invocation -> {
                lookups.incrementAndGet();
                return answer.stockLevel(invocation.getArgument(0));
            }).when(inventory).stockLevel(Mockito.anyString());
        }

        /** How many legacy lookups have begun. */
        int lookups() {
            return lookups.get();
        }

        Gate gate() {
            Gate gate = Gate.closed();
            gates.add(gate);
            return gate;
        }

        void openGates() {
            gates.forEach(Gate::open);
        }

        /** Starts lookups from a thread of the test's own; the method must return at once. */
        <T> CompletableFuture<T> invoke(String what, Callable<CompletableFuture<T>> lookup) throws Exception {
            CompletableFuture<T> future = callers.invokeAtOnce(what, lookup::call);
            Expect.that(future != null, what + " returned null: it returns a future");
            return future;
        }

        /** Fails unless the legacy inventory was asked for {@code sku} exactly {@code times} times. */
        void expectLookedUp(String sku, int times, String why) throws IOException {
            try {
                Mockito.verify(inventory, Mockito.times(times)).stockLevel(sku);
            } catch (MockitoAssertionError e) {
                long actual = Mockito.mockingDetails(inventory).getInvocations().stream()
                        .filter(i -> sku.equals(i.getArgument(0))).count();
                throw Futures.withCause(new AssertionFailedError("the legacy stockLevel(\"" + sku + "\") was called "
                        + actual + " time(s), expected " + times + ": " + why), e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            openGates();
            try {
                bridge.close();
            } finally {
                callers.close();
            }
        }
    }
}
