package io.github.threadlab.bridge;

import static io.github.threadlab.bridge.Futures.await;
import static io.github.threadlab.bridge.Futures.completionTime;
import static io.github.threadlab.bridge.Futures.expectFailedWith;
import static io.github.threadlab.bridge.Futures.failureOf;
import static io.github.threadlab.bridge.Futures.withCause;
import static io.github.threadlab.harness.Durations.ms;

import io.github.threadlab.harness.Caller;
import io.github.threadlab.harness.Durations;
import io.github.threadlab.harness.Eventually;
import io.github.threadlab.harness.Exercise;
import io.github.threadlab.harness.Expect;
import io.github.threadlab.harness.Gate;
import io.github.threadlab.harness.Graded;
import io.github.threadlab.harness.JdkNotes;
import io.github.threadlab.harness.Run;
import io.github.threadlab.harness.TaskProbe;
import io.github.threadlab.harness.TimeLimits;
import io.github.threadlab.harness.Work;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.opentest4j.AssertionFailedError;

/**
 * The graded tests of exercise 4's {@link BlockingBridge}. They grade behaviour, not speed: every call handed to the
 * bridge is probed (which thread ran it, how many ran at once, how it ended) and held at gates that the test opens
 * when it has seen what it needs, so a queued call, a running one and an interrupted one can be told apart on any
 * machine. The calls are made from a thread of the test's own, which waits only briefly for {@code call} to return.
 * Time is asserted only as a lower bound that follows from a timeout: a call cannot time out before its timeout.
 */
@Exercise(number = 4, name = "bridge")
class BlockingBridgeTest {

    private static final Duration PATIENCE = Callers.PATIENCE;
    /** How long to watch for something that must not happen, once the test is set up to see it. */
    private static final Duration SETTLE = ms(100);
    /** The timeout of calls that are meant to time out. */
    private static final Duration TIMEOUT = ms(150);
    /**
     * The timeout of calls that are meant to finish in time: longer, even when scaled by the time factor, than the
     * test waits for close to return, so that a close that waits for pending timeouts is seen to.
     */
    private static final Duration LONG_TIMEOUT = TimeLimits.scaled(Duration.ofSeconds(5));

    // -------------------------------------------------------------------------------------- call returns at once

    @Graded(points = 2)
    void call_returns_at_once_while_the_call_is_held() throws Exception {
        try (Fixture f = Fixture.of(2)) {
            Gate gate = f.gate();

            CompletableFuture<String> future = f.call(f.probe.call(0, () -> {
                gate.pass();
                return "done";
            }));

            f.awaitStarted(1, () -> "the call never started: the bridge runs every call it accepts");
            Expect.that(!future.isDone(), "the future was done while its call was still held at a gate the test had "
                    + "not opened: it completes when the call has finished, with what the call returned");
            gate.open();
            Expect.equal("the future's value", await(future, "the future of a call that returned \"done\"",
                    "the future completes once its call has finished"), "done",
                    "the future completes with what the call returned");
        }
    }

    // -------------------------------------------------------------------------------------------------- threads

    @Graded(points = 2)
    void calls_run_on_platform_threads_of_the_bridge_never_on_the_caller_or_the_common_pool() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        int n = 6;
        try (Fixture f = Fixture.of(3)) {
            List<CompletableFuture<Thread>> futures = f.calls(n, i -> f.probe.call(i, Thread::currentThread));

            for (int i = 0; i < n; i++) {
                await(futures.get(i), "the future of call " + i, "every call the bridge accepts runs");
            }
            Set<Thread> callers = f.callers.threads();
            for (Run run : f.probe.runs()) {
                Thread thread = run.thread();
                String ran = "call " + run.index() + " ran on thread '" + thread.getName() + "'";
                Expect.that(!callers.contains(thread), ran + ", the thread that invoked call: the bridge runs every "
                        + "call on one of its own threads, so that its caller never blocks on the legacy code");
                Expect.that(!(thread instanceof ForkJoinWorkerThread worker
                        && worker.getPool() == ForkJoinPool.commonPool()), ran + ", a worker of "
                        + "ForkJoinPool.commonPool(): blocking calls must not run there (CompletableFuture.supplyAsync "
                        + "without an executor does). The common pool has cores - 1 threads, one on a 2-core machine, "
                        + "shared by the whole JVM: blocking calls hold them, run a few at a time and starve every "
                        + "parallel stream and every other async task. Give supplyAsync the bridge's own executor");
                Expect.that(!run.virtual(), ran + ", a virtual thread: the contract asks for a bounded pool of "
                        + "platform threads, run_in_executor's thread pool, whose size is the limit the caller "
                        + "chose; a legacy driver blocking in native code would pin a virtual thread's carrier anyway");
                Expect.that(!before.contains(thread), ran + ", which already existed before the bridge was created: "
                        + "the bridge runs calls on threads it owns, started for it and ended by its close, not on a "
                        + "shared or static pool that other code uses too");
            }
        }
    }

    // ------------------------------------------------------------------------------------------- bound and queue

    @Graded(points = 1)
    void never_more_than_max_threads_calls_run_at_once() throws Exception {
        int n = 8;
        int maxThreads = 3;
        String why = "a bridge of maxThreads " + maxThreads + " runs at most " + maxThreads + " calls at once and "
                + "queues the others: the limit protects what the legacy calls talk to (a database takes so many "
                + "connections) and bounds the threads; an unbounded (cached) pool starts a thread for every call "
                + "that finds none free";
        try (Fixture f = Fixture.of(maxThreads)) {
            f.probe.expectingAtMost(maxThreads, "maxThreads"); // the limit line of the test report's picture
            Gate gate = f.gate();

            List<CompletableFuture<Integer>> futures = f.calls(n, i -> f.probe.call(i, () -> {
                gate.pass();
                return i;
            }));

            f.awaitStarted(maxThreads, () -> "only " + f.probe.started() + " of the " + n + " calls were running "
                    + "while the others waited: while calls are queued the bridge runs maxThreads (" + maxThreads
                    + ") of them at once; with fewer threads every call waits longer than it must (a single-thread "
                    + "pool, or the common pool, which has one thread on a 2-core machine)");
            Thread.sleep(SETTLE); // while the first calls are held, a bridge without a bound starts the others
            Expect.atMost("the peak of calls running at once", f.probe.peakInFlight(), maxThreads,
                    why + JdkNotes.asyncDefaultExecutor());
            gate.open();
            for (int i = 0; i < n; i++) {
                Expect.equal("the value of call " + i, await(futures.get(i), "the future of call " + i,
                        "every call the bridge accepts runs, once a thread is free"), i,
                        "the future completes with what its call returned");
            }
            Expect.atMost("the peak of calls running at once", f.probe.peakInFlight(), maxThreads, why);
        }
    }

    @Graded(points = 2)
    void a_queued_call_waits_until_a_thread_is_free_then_starts_at_once() throws Exception {
        int n = 4;
        int maxThreads = 2;
        try (Fixture f = Fixture.of(maxThreads)) {
            // The k-th call to start waits at gate k, so the test releases them one at a time, oldest first.
            List<Gate> gates = f.gates(n);
            AtomicInteger arrivals = new AtomicInteger();

            List<CompletableFuture<Integer>> futures = f.calls(n, i -> f.probe.call(i, () -> {
                gates.get(arrivals.getAndIncrement()).pass();
                return i;
            }));

            f.awaitStarted(maxThreads, () -> "only " + f.probe.started() + " of the " + n + " calls had started: with "
                    + "maxThreads " + maxThreads + ", two calls run at once");
            Thread.sleep(SETTLE);
            Expect.equal("the number of calls started while the first two were held", f.probe.started(), maxThreads,
                    "with maxThreads 2, calls 3 and 4 wait in the queue until a thread is free (\"an operation waits "
                            + "until a thread is free\"): the bridge's limit shows as queueing delay, not as more "
                            + "threads");
            gates.get(0).open();
            f.awaitStarted(3, () -> "the first call finished, and no queued call started on the thread it freed: "
                    + "as soon as a thread is free, the next queued call starts (no batches that wait for their "
                    + "slowest call, no fewer threads than maxThreads)");
            Thread.sleep(SETTLE);
            Expect.equal("the number of calls started while two were still held", f.probe.started(), 3,
                    "the fourth call waits until another thread is free");
            gates.get(1).open();
            f.awaitStarted(4, () -> "the second call finished, and the last queued call did not start");
            f.openGates();
            for (int i = 0; i < n; i++) {
                await(futures.get(i), "the future of call " + i, "every call the bridge accepts runs");
            }
            Expect.atMost("the peak of calls running at once", f.probe.peakInFlight(), maxThreads,
                    "a bridge of maxThreads " + maxThreads + " runs at most " + maxThreads + " calls at once");
        }
    }

    // -------------------------------------------------------------------------------------------------- outcome

    @Graded(points = 2)
    void the_future_completes_with_the_result_or_exactly_the_exception_the_call_threw() throws Exception {
        IOException io = new IOException("the legacy system is down");
        IllegalStateException illegal = new IllegalStateException("the legacy system is confused");
        IOException ioInTime = new IOException("the legacy system said no, in time");
        try (Fixture f = Fixture.of(2)) {
            CompletableFuture<String> value = f.call(() -> "A");
            CompletableFuture<String> valueInTime = f.call(() -> "B", LONG_TIMEOUT);
            CompletableFuture<String> checked = f.call(() -> {
                throw io;
            });
            CompletableFuture<String> unchecked = f.call(() -> {
                throw illegal;
            });
            CompletableFuture<String> checkedInTime = f.call(() -> {
                throw ioInTime;
            }, LONG_TIMEOUT);

            Expect.equal("the value of a call that returned \"A\"", await(value, "its future",
                    "the call returned at once"), "A", "the future completes with what the call returned");
            Expect.equal("the value of a call with a long timeout that returned \"B\" at once", await(valueInTime,
                    "its future", "the call returned at once, well within its timeout"), "B",
                    "a call that finishes within its timeout completes the future with its result");
            expectFailedWith(checked, io, "the future of a call that threw IOException");
            expectFailedWith(unchecked, illegal, "the future of a call that threw IllegalStateException");
            expectFailedWith(checkedInTime, ioInTime,
                    "the future of a call with a long timeout that threw IOException at once");
        }
    }

    // ------------------------------------------------------------------------------------------------- timeouts

    @Graded(points = 2)
    void a_call_still_queued_at_its_timeout_fails_with_TimeoutException_and_never_starts() throws Exception {
        try (Fixture f = Fixture.of(1)) {
            Gate gate = f.gate();
            CompletableFuture<String> first = f.call(f.probe.call(0, () -> {
                gate.pass();
                return "first";
            }));
            f.awaitStarted(1, () -> "the first call never started");

            long invoked = System.nanoTime();
            CompletableFuture<String> queued = f.call(f.probe.call(1, () -> "queued"), TIMEOUT);
            CompletableFuture<Long> failedAt = completionTime(queued);

            Throwable failure = failureOf(queued, "the future of a call with a 150 ms timeout, queued behind a call "
                    + "that held the bridge's only thread", "the timeout counts from the moment call is invoked, "
                    + "time in the queue included: a caller that wants an answer within 150 ms learns after 150 ms "
                    + "that it will not get one, whether its call was running or still waiting for a thread");
            expectTimeout(failure, "a call that was still queued at its timeout");
            Expect.tookAtLeast("failing the queued call", Duration.ofNanos(await(failedAt, "its completion time",
                    "it had completed") - invoked), TIMEOUT, "its timeout was " + Durations.format(TIMEOUT));
            gate.open();
            await(first, "the future of the first call", "its call was released");
            f.bridge.close(); // waits for every accepted call: a call that was going to start has started by now

            Expect.that(f.probe.run(1).isEmpty(), "the call that timed out in the queue started later, once the "
                    + "first call had freed the thread: a call still queued at its timeout never starts. Its caller "
                    + "has been told it failed and has moved on; running it anyway does work for nobody (and may "
                    + "do it twice, when the caller retries), and delays every call queued behind it");
        }
    }

    @Graded(points = 2)
    void a_running_call_past_its_timeout_is_interrupted_and_its_future_fails_with_TimeoutException()
            throws Exception {
        try (Fixture f = Fixture.of(1)) {
            Gate never = f.gate(); // opened only when the test ends

            long invoked = System.nanoTime();
            CompletableFuture<String> held = f.call(f.probe.call(0, () -> {
                never.pass();
                return "finished";
            }), TIMEOUT);
            CompletableFuture<Long> failedAt = completionTime(held);

            Throwable failure = failureOf(held, "the future of a call with a 150 ms timeout, held at a gate",
                    "its call did not finish within its timeout, so the future fails with TimeoutException");
            expectTimeout(failure, "a running call past its timeout");
            Expect.tookAtLeast("failing the running call", Duration.ofNanos(await(failedAt, "its completion time",
                    "it had completed") - invoked), TIMEOUT, "its timeout was " + Durations.format(TIMEOUT));
            Eventually.within(PATIENCE).until("the timed-out call to end", () -> f.probe.finished() == 1,
                    () -> "it was still running (held at a gate that only an interrupt gets it past): the thread of a "
                            + "running call is interrupted at its timeout (Thread.interrupt(), Future.cancel(true)). "
                            + "A timeout that only fails the future leaves the call holding one of the bridge's few "
                            + "threads, and a few such calls stall the bridge for good");
            Throwable ended = f.probe.run(0).map(Run::failure).orElse(null);
            Expect.that(ended instanceof Work.Interrupted, "the timed-out call ended with "
                    + (ended == null ? "no exception" : Expect.describe(ended)) + ", not by the interrupt that its "
                    + "timeout must send");

            CompletableFuture<String> next = f.call(f.probe.call(1, () -> {
                Work.sleep(ms(20)).run();
                return "next";
            }));
            Expect.equal("the value of the next call", await(next, "the future of a call made after the timed-out "
                    + "one (on a bridge of one thread)", "the interrupt was meant for the timed-out call only: the "
                    + "bridge's thread must run the next call normally, not with its interrupt flag still set, and "
                    + "it must survive the interrupt"), "next", "the next call returned \"next\"");
        }
    }

    // ---------------------------------------------------------------------------------------------------- close

    @Graded(points = 2)
    void close_waits_for_accepted_calls_then_the_bridge_threads_end() throws Exception {
        try (Fixture f = Fixture.of(1)) {
            Gate gate = f.gate();
            CompletableFuture<String> running = f.call(f.probe.call(0, () -> {
                gate.pass();
                return "running";
            }), LONG_TIMEOUT);
            CompletableFuture<String> queued = f.call(f.probe.call(1, () -> "queued"));
            f.awaitStarted(1, () -> "the first call never started");

            Caller<Integer> closing = f.callers.start("close()", () -> {
                f.bridge.close();
                return f.probe.finished();
            });

            Expect.that(!closing.endsWithin(SETTLE), "close returned while an accepted call was still running (held "
                    + "at a gate) and another waited in the queue: close waits for every call already accepted to "
                    + "finish, so that a program that closes its bridge on the way out does not exit with calls half "
                    + "done");
            gate.open();
            Duration patience = TimeLimits.scaled(PATIENCE);
            Expect.that(closing.endsWithin(patience), "close had not returned " + Durations.format(patience)
                    + " after the last call was released (" + f.probe.finished() + " of 2 calls had finished): once "
                    + "the accepted calls are done, close ends the threads and returns. A timer still waiting for the "
                    + Durations.format(LONG_TIMEOUT) + " timeout of a call that finished long ago must not hold it up: "
                    + "cancel a call's timeout when "
                    + "the call completes, or stop the timer with shutdownNow() once the calls are done");
            int finishedWhenClosed = outcomeOf(closing, "close()");
            Expect.equal("the number of calls finished when close returned", finishedWhenClosed, 2, "close waits "
                    + "for every accepted call, the queued one too: accepting a call is a promise to run it");
            Expect.equal("the value of the running call", await(running, "its future", "its call finished"),
                    "running", "the future completes with what its call returned");
            Expect.equal("the value of the queued call", await(queued, "its future", "its call finished"),
                    "queued", "the future completes with what its call returned");
            Duration grace = TimeLimits.scaled(Duration.ofSeconds(1));
            for (Thread thread : f.probe.threads()) {
                thread.join(grace);
                Expect.that(!thread.isAlive(), "the bridge's thread '" + thread.getName() + "' was still alive "
                        + Durations.format(grace) + " after close returned: close ends the bridge's threads (shut "
                        + "its pool down); a thread left behind keeps its memory for good and, unless it is a "
                        + "daemon, keeps the JVM from exiting");
            }
        }
    }

    @Graded(points = 1)
    void after_close_call_returns_a_future_failed_with_RejectedExecutionException() throws Exception {
        try (Fixture f = Fixture.of(2)) {
            await(f.call(() -> "before"), "the future of a call made before close", "the call returned at once");
            f.bridge.close();

            CompletableFuture<String> plain = callAfterClose("call(...)", () -> f.call(f.probe.call(0, () -> "x")));
            CompletableFuture<String> timed = callAfterClose("call(..., timeout)",
                    () -> f.call(f.probe.call(1, () -> "y"), LONG_TIMEOUT));

            for (CompletableFuture<String> future : List.of(plain, timed)) {
                Throwable failure = failureOf(future, "the future of a call made after close", "after close, call "
                        + "returns a future failed with RejectedExecutionException");
                if (!(failure instanceof RejectedExecutionException)) {
                    throw withCause(new AssertionFailedError("the future of a call made after close failed with "
                            + Expect.describe(failure) + "; the contract requires RejectedExecutionException, the "
                            + "exception executors use to say they no longer accept work"), failure);
                }
            }
            Thread.sleep(SETTLE);
            Expect.equal("the number of calls run after close", f.probe.started(), 0,
                    "a closed bridge runs no call: its threads have ended");
        }
    }

    @Graded(points = 1)
    void closing_twice_is_harmless() throws Exception {
        BlockingBridge unused = new BlockingBridge(2);
        closeTwice(unused, "a bridge that never ran a call");
        try (Fixture f = Fixture.of(2)) {
            await(f.call(() -> "A"), "the future of a call", "the call returned at once");
            closeTwice(f.bridge, "a bridge that ran a call");
        }
    }

    // ---------------------------------------------------------------------------------------------- arguments

    @Graded(points = 1)
    void arguments_are_checked_before_any_call_runs() throws Exception {
        for (int maxThreads : new int[] {0, -1}) {
            Expect.thrownBy(IllegalArgumentException.class, () -> new BlockingBridge(maxThreads).close(),
                    "new BlockingBridge(" + maxThreads + ") must throw IllegalArgumentException: a bridge needs at "
                            + "least one thread, and a number out of range is rejected, not quietly replaced");
        }
        try (Fixture f = Fixture.of(2)) {
            Callable<String> work = f.probe.call(0, () -> "ran");
            Expect.thrownBy(NullPointerException.class, () -> f.bridge.call(null),
                    "call(null) must throw NullPointerException: every method rejects a null argument");
            Expect.thrownBy(NullPointerException.class, () -> f.bridge.call(null, TIMEOUT),
                    "call(null, 150 ms) must throw NullPointerException: every method rejects a null argument");
            Expect.thrownBy(NullPointerException.class, () -> f.bridge.call(work, null),
                    "call(work, null) must throw NullPointerException: a null timeout is rejected, not read as "
                            + "\"no timeout\"");
            Expect.thrownBy(IllegalArgumentException.class, () -> f.bridge.call(work, Duration.ofMillis(-1)),
                    "call(work, -1 ms) must throw IllegalArgumentException: a negative timeout is a mistake to "
                            + "report, not a timeout that expires at once");
            Thread.sleep(SETTLE);
            Expect.equal("the number of calls run for rejected arguments", f.probe.started(), 0,
                    "arguments are checked before any work starts: a call with a rejected timeout must not run");
        }
    }

    // --------------------------------------------------------------------------------------------------- helpers

    private static void expectTimeout(Throwable failure, String story) {
        if (failure instanceof TimeoutException) {
            return;
        }
        String hint = failure instanceof Work.Interrupted
                ? ": the future reports what the interrupted call threw. Complete the future with TimeoutException "
                + "first, then interrupt the call, or the call's reaction to the interrupt wins the race"
                : "";
        throw withCause(new AssertionFailedError("the future of " + story + " failed with " + Expect.describe(failure)
                + "; the contract requires java.util.concurrent.TimeoutException, so that the caller can tell a "
                + "timeout from a failure of the call itself" + hint), failure);
    }

    private static CompletableFuture<String> callAfterClose(String what,
            Callable<CompletableFuture<String>> invocation) throws Exception {
        try {
            return invocation.call();
        } catch (RejectedExecutionException e) {
            throw withCause(new AssertionFailedError(what + " threw RejectedExecutionException after close; the "
                    + "contract requires it to return a future failed with RejectedExecutionException: the caller of "
                    + "an asynchronous method handles every outcome in one place, the future. (supplyAsync throws "
                    + "when its executor rejects the task: catch it and return CompletableFuture.failedFuture.)"), e);
        }
    }

    private static void closeTwice(BlockingBridge bridge, String which) {
        for (String time : List.of("first", "second")) {
            try {
                bridge.close();
            } catch (RuntimeException e) {
                throw withCause(new AssertionFailedError("the " + time + " close of " + which + " threw "
                        + Expect.describe(e) + ": closing is harmless, whatever the bridge has done, and closing "
                        + "again too, because try-with-resources and clean-up code close what they were given, "
                        + "sometimes twice"), e);
            }
        }
    }

    /** What a call that has ended returned; fails if it threw. */
    private static <T> T outcomeOf(Caller<T> caller, String what) {
        Throwable thrown = caller.thrown();
        if (thrown != null) {
            throw withCause(new AssertionFailedError(what + " threw " + Expect.describe(thrown)), thrown);
        }
        return caller.returned();
    }

    /**
     * A bridge under test, the probe that watches its calls, the gates that hold them and the callers that make
     * them. Closing it opens every gate, closes the bridge and ends the callers' threads, so that a test leaves
     * nothing running whatever happened.
     */
    private static final class Fixture implements AutoCloseable {
        final BlockingBridge bridge;
        final TaskProbe probe = TaskProbe.create();
        final Callers callers = new Callers();
        private final List<Gate> gates = new CopyOnWriteArrayList<>();

        private Fixture(BlockingBridge bridge) {
            this.bridge = bridge;
        }

        static Fixture of(int maxThreads) {
            return new Fixture(new BlockingBridge(maxThreads));
        }

        Gate gate() {
            Gate gate = Gate.closed();
            gates.add(gate);
            return gate;
        }

        List<Gate> gates(int n) {
            return IntStream.range(0, n).mapToObj(i -> gate()).toList();
        }

        void openGates() {
            gates.forEach(Gate::open);
        }

        /** {@code bridge.call(work)}, from a thread of the test's own, which must return at once. */
        <T> CompletableFuture<T> call(Callable<T> work) throws Exception {
            return returned("call(...)", callers.invokeAtOnce("call(...)", () -> bridge.call(work)));
        }

        /** {@code bridge.call(work, timeout)}, from a thread of the test's own, which must return at once. */
        <T> CompletableFuture<T> call(Callable<T> work, Duration timeout) throws Exception {
            String what = "call(..., " + Durations.format(timeout) + ")";
            return returned(what, callers.invokeAtOnce(what, () -> bridge.call(work, timeout)));
        }

        /** {@code n} calls, call {@code i} doing {@code work.apply(i)}, made in that order. */
        <T> List<CompletableFuture<T>> calls(int n, IntFunction<Callable<T>> work) throws Exception {
            List<CompletableFuture<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(call(work.apply(i)));
            }
            return futures;
        }

        /** Waits until {@code n} calls have started, failing with {@code observed} when they do not. */
        void awaitStarted(int n, Supplier<String> observed) {
            Eventually.within(PATIENCE).until(n + " call(s) running", () -> probe.started() >= n, observed);
        }

        private static <T> CompletableFuture<T> returned(String what, CompletableFuture<T> future) {
            Expect.that(future != null, what + " returned null: it returns a future of the call's outcome");
            return future;
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
