package io.github.threadlab.gather;

import static io.github.threadlab.harness.Durations.ms;

import io.github.threadlab.harness.Caller;
import io.github.threadlab.harness.Durations;
import io.github.threadlab.harness.Eventually;
import io.github.threadlab.harness.Exercise;
import io.github.threadlab.harness.Expect;
import io.github.threadlab.harness.Gate;
import io.github.threadlab.harness.Graded;
import io.github.threadlab.harness.JdkNotes;
import io.github.threadlab.harness.Rendezvous;
import io.github.threadlab.harness.Run;
import io.github.threadlab.harness.TaskProbe;
import io.github.threadlab.harness.TimeLimits;
import io.github.threadlab.harness.Work;
import io.github.threadlab.harness.race.RaceWatch;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.opentest4j.AssertionFailedError;

/**
 * The graded tests of exercise 3. They grade behaviour, not speed: every call they hand to {@link Gather} is
 * probed (which thread ran it, whether it was virtual, how many ran at once), held at gates that the test opens
 * in the order it likes, or made to meet at a rendezvous that only calls running at the same time can reach.
 * A held call that is interrupted records it, then takes until the test lets it finish "cleaning up", so that
 * the test can see whether {@code gather} waits for the calls it interrupted. No test looks at the clock.
 */
@Exercise(number = 3, name = "gather")
class GatherTest {

    /** How long to wait for something a correct solution does at once (scaled by the time factor). */
    private static final Duration PATIENCE = Duration.ofSeconds(2);
    /** How long to watch for something that must not happen, once the test is set up to see it. */
    private static final Duration SETTLE = ms(100);
    /** How long to watch for a cancellation that must not happen, after a call has failed. */
    private static final Duration WATCH = ms(300);
    /**
     * How long a call's thread must have been held up after throwing before the test lets a second call fail:
     * about halfway into the moment the race watch holds a thread after a shared read (20 ms), so that the second
     * comes in while the first is still there, and well over the jitter of waking two threads held up alike, so
     * that a correct solution's first failure stays first.
     */
    private static final Duration CLOSE_BEHIND = ms(12);

    // ---------------------------------------------------------------------------------------------- gather

    @Graded(points = 2)
    void gather_starts_every_call_at_once() throws Exception {
        int n = 40; // more than any default-sized pool: min(32, cpus + 4) threads
        TaskProbe probe = TaskProbe.create();
        Rendezvous everyone = Rendezvous.of(n);
        List<Callable<Integer>> calls = calls(probe, n, i -> () -> {
            everyone.arrive();
            return i;
        });

        Gather.gather(calls);

        awaitAllFinished(probe, n, "gather");
        Expect.that(everyone.met(), "at most " + everyone.mostPresent() + " of the " + n + " calls were running at "
                + "once (each waited at a rendezvous for all the others): gather starts every call at once, each on "
                + "its own virtual thread, with no limit on how many run together; running them one after another, "
                + "or on a pool of a few threads (Python's default pool has min(32, cpu + 4) workers), is what made "
                + "the article's 1000 sleeps take 150 s instead of 3 s" + JdkNotes.pinning(everyone.mostPresent()));
    }

    @Graded(points = 2)
    void gather_runs_each_call_on_its_own_virtual_thread() throws Exception {
        int n = 10;
        TaskProbe probe = TaskProbe.create();
        Thread caller = Thread.currentThread();

        Gather.gather(calls(probe, n, i -> () -> i));

        awaitAllFinished(probe, n, "gather");
        expectOwnVirtualThreads(probe, n, caller, "gather");
    }

    @Graded(points = 3)
    void gather_returns_the_results_in_input_order_whatever_order_the_calls_finish_in() throws Exception {
        int n = 6;
        TaskProbe probe = TaskProbe.create();
        List<Gate> gates = gates(n);
        List<Callable<String>> calls = calls(probe, n, i -> () -> {
            gates.get(i).pass();
            return "result " + i;
        });

        Caller<List<String>> caller = Caller.with().watching(probe, "calls").call("gather",
                () -> Gather.gather(calls));
        try {
            finishInReverseOrder(caller, probe, gates, n, "gather");
            List<String> results = caller.awaitResult("after its last call was released");
            List<String> inputOrder = IntStream.range(0, n).mapToObj(i -> "result " + i).toList();
            Expect.equal("the results of gather, when call " + (n - 1) + " finished first and call 0 last", results,
                    inputOrder, "results come back in the order of the calls, whatever order they finish in "
                            + "(record each result at its call's index, or keep one future per call): the caller "
                            + "matches result i to call i, like asyncio.gather");
        } finally {
            caller.close(() -> gates.forEach(Gate::open));
        }
    }

    @Graded(points = 1)
    void null_results_and_empty_lists_are_returned_like_any_other() throws Exception {
        Expect.equal("gather of no calls", Gather.gather(List.<Callable<String>>of()), List.of(),
                "no calls have no results: an empty list, and no thread to start");
        Expect.equal("gatherAll of no calls", Gather.gatherAll(List.<Callable<String>>of()), List.of(),
                "no calls have no outcomes: an empty list, and no thread to start");

        TaskProbe probe = TaskProbe.create();
        List<Callable<String>> calls = List.of(probe.call(0, () -> "a"), probe.call(1, () -> null),
                probe.call(2, () -> "c"));
        List<String> results = returnedBy(() -> Gather.gather(calls),
                "gather must return [a, null, c] when call 1 returns null: null is a result like any other "
                        + "(List.copyOf and List.of reject nulls; an ArrayList or Arrays.asList does not)");
        Expect.equal("the results of gather when call 1 returns null", results, Arrays.asList("a", null, "c"),
                "null is a result like any other, in its call's place");
        List<Outcome<String>> outcomes = returnedBy(() -> Gather.gatherAll(calls),
                "gatherAll must return its outcomes when call 1 returns null: null is a result like any other");
        Expect.equal("the outcomes of gatherAll when call 1 returns null", outcomes,
                List.of(new Outcome.Success<>("a"), new Outcome.Success<>(null), new Outcome.Success<>("c")),
                "a call that returns null succeeded: its outcome is Success(null)");
    }

    @Graded(points = 3)
    void gather_interrupts_every_call_still_running_when_one_fails() throws Exception {
        int n = 6;
        int failing = 0; // the first in the list: index 0 must not pass for "no failure yet" (-1 is the usual mark)
        TaskProbe probe = TaskProbe.create();
        Held held = new Held(n - 1);
        IOException failure = new IOException("call " + failing + " failed on purpose");
        List<Callable<String>> calls = calls(probe, n, i -> i == failing
                ? () -> {
                    held.awaitAllStarted();
                    throw failure;
                }
                : held.call(i, "result " + i));

        Caller<List<String>> caller = Caller.with().watching(probe, "calls").call("gather",
                () -> Gather.gather(calls));
        try {
            caller.awaitUntil("the " + (n - 1) + " other calls to be interrupted after call " + failing + " failed",
                    () -> held.interrupted().size() == n - 1,
                    () -> held.interrupted().size() + " of them were interrupted (calls " + held.interrupted()
                            + "), calls still running: " + probe.inFlight() + "; when a call fails, gather "
                            + "interrupts every call still running (Thread.interrupt, Future.cancel(true), "
                            + "ExecutorService.shutdownNow), because the result is lost anyway and nobody should "
                            + "wait for, or pay for, the rest");
            held.finishCleanup();
            Throwable thrown = caller.awaitEnd("after call " + failing + " failed and the others were interrupted");
            if (!(thrown instanceof ExecutionException)) {
                throw withCause(new AssertionFailedError("gather " + describeEnd(thrown) + " when call " + failing
                        + " failed: it must throw an ExecutionException whose cause is what the call threw"), thrown);
            }
        } finally {
            caller.close(held::releaseAll);
        }
    }

    @Graded(points = 2)
    void gather_throws_only_once_the_interrupted_calls_have_ended() throws Exception {
        int n = 6;
        int failing = 3;
        TaskProbe probe = TaskProbe.create();
        Held held = new Held(n - 1);
        IOException failure = new IOException("call " + failing + " failed on purpose");
        List<Callable<String>> calls = calls(probe, n, i -> i == failing
                ? () -> {
                    held.awaitAllStarted();
                    throw failure;
                }
                : held.call(i, "result " + i));

        Caller<List<String>> caller = Caller.with().watching(probe, "calls").call("gather",
                () -> Gather.gather(calls));
        try {
            caller.awaitUntil("the other calls to be interrupted after call " + failing + " failed",
                    () -> held.interrupted().size() == n - 1,
                    () -> held.interrupted().size() + " of the " + (n - 1) + " were interrupted; this test needs "
                            + "them interrupted to see whether gather waits for them to end (see the test that "
                            + "grades the interrupts)");
            Expect.that(!caller.endsWithin(SETTLE), "gather " + describeEnd(caller.thrown()) + " while the "
                    + held.interrupted().size() + " calls it had interrupted were still running (each of them "
                    + "takes until the test lets it finish cleaning up after the interrupt): gather waits until "
                    + "every call it interrupted has ended before it throws, e.g. join the threads, or close the "
                    + "executor after shutdownNow(); Future.cancel(true) only asks a call to stop, and a cancelled "
                    + "future is done at once although its call is still running. Otherwise the calls run on "
                    + "after gather has given up on them, with nobody waiting for them" + JdkNotes.earlyTermination());
            held.finishCleanup();
            Throwable thrown = caller.awaitEnd("after its interrupted calls had finished cleaning up");
            Expect.equal("the number of calls still running when gather threw", caller.inFlightAtEnd(), 0,
                    "gather throws only once every call has ended" + JdkNotes.earlyTermination());
            if (!(thrown instanceof ExecutionException)) {
                throw withCause(new AssertionFailedError("gather " + describeEnd(thrown) + " when call " + failing
                        + " failed: it must throw an ExecutionException whose cause is what the call threw"), thrown);
            }
        } finally {
            caller.close(held::releaseAll);
        }
    }

    /**
     * Call 4 fails first, once the others have started. Call 1, earlier in the list, fails too, but only when it is
     * interrupted, so after call 4 in time; the other held calls end with an interrupt of their own.
     */
    @Graded(points = 3)
    void gather_reports_what_the_first_call_to_fail_in_time_threw() throws Exception {
        int n = 6;
        TaskProbe probe = TaskProbe.create();
        Held held = new Held(n - 2);
        IOException first = new IOException("call 4 failed on purpose, before any other call");
        IllegalStateException later = new IllegalStateException("call 1 failed on purpose, once interrupted");
        List<Callable<String>> calls = calls(probe, n, i -> switch (i) {
            case 0 -> () -> "result 0";
            case 1 -> held.call(1, "result 1", later);
            case 4 -> () -> {
                held.awaitAllStarted();
                throw first;
            };
            default -> held.call(i, "result " + i);
        });
        held.finishCleanup(); // interrupted calls end at once in this test

        Caller<List<String>> caller = Caller.with().watching(probe, "calls").call("gather",
                () -> Gather.gather(calls));
        try {
            Throwable thrown = caller.awaitEnd("after call 4 failed (calls 1, 2, 3 and 5 were held at a gate the "
                    + "test had not opened: gather must interrupt them)");
            if (!(thrown instanceof ExecutionException)) {
                throw withCause(new AssertionFailedError("gather " + describeEnd(thrown) + " when call 4 failed: it "
                        + "must throw a java.util.concurrent.ExecutionException whose cause is exactly what call 4 "
                        + "threw"), thrown);
            }
            Throwable cause = thrown.getCause();
            if (cause == first) {
                return;
            }
            String saw = "the ExecutionException's cause was " + (cause == null ? "null" : Expect.describe(cause));
            String why;
            if (cause == later) {
                why = "that is what call 1 threw when it was interrupted, after call 4 had failed: the cause is the "
                        + "first failure in time, not the first in list order, because that is the failure that "
                        + "stopped the others";
            } else if (cause instanceof Work.Interrupted) {
                why = "that is what a call threw because it was interrupted, after call 4 had failed: a later "
                        + "failure, often a consequence of the first, must not replace it";
            } else if (causes(cause, first)) {
                why = "which wraps what call 4 threw: the cause must be the call's own exception, not a "
                        + "CompletionException or ExecutionException around it (unwrap with getCause()), so that "
                        + "the caller can tell what went wrong";
            } else {
                why = "the cause must be exactly what call 4, the first to fail, threw";
            }
            throw withCause(new AssertionFailedError(saw + " when call 4 threw " + Expect.describe(first)
                    + " first and call 1 threw " + Expect.describe(later) + " later: " + why), thrown);
        } finally {
            caller.close(held::releaseAll);
        }
    }

    /**
     * Call 4 fails first and call 1 fails close behind it, on its own (not because it was interrupted). The test
     * lets call 1 throw once call 4's thread, after throwing, has ended, or has been held up in your code for
     * {@link #CLOSE_BEHIND}: the course's race watch holds a thread a moment after it reads shared state, so a
     * check-then-act such as {@code if (first == null) first = failure} is still between its check and its write
     * when call 1 fails, and call 1 passes the check too. A compareAndSet, a lock or a future completed once is
     * not fooled: call 4 got there first. Call 1 is earlier in the list, so keeping the first in list order fails
     * too.
     */
    @Graded(points = 2)
    void gather_reports_the_first_failure_when_another_follows_close_behind() throws Exception {
        int n = 6;
        TaskProbe probe = TaskProbe.create();
        Held held = new Held(n - 2);
        CountDownLatch call1Started = new CountDownLatch(1);
        CountDownLatch call1MayFail = new CountDownLatch(1);
        IOException first = new IOException("call 4 failed on purpose, before any other call");
        IllegalStateException behind = new IllegalStateException("call 1 failed on purpose, close behind call 4");
        List<Callable<String>> calls = calls(probe, n, i -> switch (i) {
            case 1 -> () -> {
                call1Started.countDown();
                awaitIgnoringInterrupts(call1MayFail); // gather may interrupt it meanwhile: it fails on its own
                throw behind;
            };
            case 4 -> () -> {
                held.awaitAllStarted();
                call1Started.await(TimeLimits.scaled(PATIENCE).toMillis(), TimeUnit.MILLISECONDS);
                throw first;
            };
            default -> held.call(i, "result " + i);
        });
        held.finishCleanup(); // interrupted calls end at once in this test

        // Where the race watch holds call 4's thread inside shared state, it stays there until call 1 has come in
        // too, however slowly a busy machine runs call 1; then they leave in the order they came.
        RaceWatch.Hold hold = RaceWatch.holdLingering();
        Caller<List<String>> caller = Caller.with().watching(probe, "calls").call("gather",
                () -> Gather.gather(calls));
        try {
            caller.awaitUntil("call 4 to fail", () -> probe.run(4).map(Run::finished).orElse(false),
                    () -> probe.started() + " calls had started, call 4 had "
                            + (probe.run(4).isPresent() ? "not ended" : "not started"));
            awaitEndedOrHeldUp(probe.run(4).orElseThrow().thread());
            call1MayFail.countDown();
            awaitThrownThenEndedOrHeldUp(probe, 1);
            hold.close();
            Throwable thrown = caller.awaitEnd("after call 4 failed, then call 1 (calls 0, 2, 3 and 5 were held at a "
                    + "gate the test had not opened: gather must interrupt them)");
            if (!(thrown instanceof ExecutionException)) {
                throw withCause(new AssertionFailedError("gather " + describeEnd(thrown) + " when call 4 failed: it "
                        + "must throw a java.util.concurrent.ExecutionException whose cause is exactly what call 4 "
                        + "threw"), thrown);
            }
            Throwable cause = thrown.getCause();
            if (cause != first) {
                throw withCause(new AssertionFailedError("the ExecutionException's cause was "
                        + (cause == null ? "null" : Expect.describe(cause)) + " when call 4 threw "
                        + Expect.describe(first) + ", and call 1 threw " + Expect.describe(behind) + " "
                        + Durations.format(CLOSE_BEHIND) + " or more later: the cause is what the first call to fail "
                        + "threw. If yours keeps the first failure, two calls failing close together got in each "
                        + "other's way: a check-then-act on a shared field (if it is still empty, fill it) lets both "
                        + "pass the check, and the later one writes last; volatile does not make the pair atomic. "
                        + "Decide who was first in one atomic step (compareAndSet, a lock, a future that only the "
                        + "first completion completes)"), thrown);
            }
        } finally {
            hold.close();
            caller.close(() -> {
                call1MayFail.countDown();
                held.releaseAll();
            });
        }
    }

    // ------------------------------------------------------------------------------------------- gatherAll

    @Graded(points = 1)
    void gatherAll_runs_every_call_at_once_on_virtual_threads() throws Exception {
        int n = 40;
        TaskProbe probe = TaskProbe.create();
        Rendezvous everyone = Rendezvous.of(n);
        Thread caller = Thread.currentThread();
        List<Callable<Integer>> calls = calls(probe, n, i -> () -> {
            everyone.arrive();
            return i;
        });

        Gather.gatherAll(calls);

        awaitAllFinished(probe, n, "gatherAll");
        Expect.that(everyone.met(), "at most " + everyone.mostPresent() + " of the " + n + " calls were running at "
                + "once (each waited at a rendezvous for all the others): gatherAll runs the calls like gather, "
                + "every one at once, each on its own virtual thread");
        expectOwnVirtualThreads(probe, n, caller, "gatherAll");
    }

    @Graded(points = 2)
    void gatherAll_returns_the_outcomes_in_input_order_whatever_order_the_calls_finish_in() throws Exception {
        int n = 6;
        TaskProbe probe = TaskProbe.create();
        List<Gate> gates = gates(n);
        List<Exception> failures = List.of(new IOException("call 1 failed on purpose"),
                new IllegalStateException("call 4 failed on purpose"));
        List<Callable<String>> calls = calls(probe, n, i -> () -> {
            gates.get(i).pass();
            if (i == 1) {
                throw failures.get(0);
            }
            if (i == 4) {
                throw failures.get(1);
            }
            return "result " + i;
        });

        Caller<List<Outcome<String>>> caller = Caller.with().watching(probe, "calls").call("gatherAll",
                () -> Gather.gatherAll(calls));
        try {
            finishInReverseOrder(caller, probe, gates, n, "gatherAll");
            List<Outcome<String>> outcomes = caller.awaitResult("after its last call was released");
            expectOutcomes(outcomes, List.of(success("result 0"), failure(failures.get(0)), success("result 2"),
                    success("result 3"), failure(failures.get(1)), success("result 5")),
                    "call " + (n - 1) + " finished first and call 0 last; calls 1 and 4 threw");
        } finally {
            caller.close(() -> gates.forEach(Gate::open));
        }
    }

    @Graded(points = 2)
    void gatherAll_waits_for_every_call_and_a_failure_cancels_nothing() throws Exception {
        int n = 5;
        int failing = 2;
        TaskProbe probe = TaskProbe.create();
        Held held = new Held(n - 1);
        IOException failure = new IOException("call " + failing + " failed on purpose");
        List<Callable<String>> calls = calls(probe, n, i -> i == failing
                ? () -> {
                    held.awaitAllStarted();
                    throw failure;
                }
                : held.call(i, "result " + i));

        Caller<List<Outcome<String>>> caller = Caller.with().watching(probe, "calls").call("gatherAll",
                () -> Gather.gatherAll(calls));
        try {
            caller.awaitUntil("call " + failing + " to fail", () -> probe.run(failing).map(Run::finished).orElse(false),
                    () -> probe.started() + " calls had started, call " + failing + " had "
                            + (probe.run(failing).isPresent() ? "not ended" : "not started"));
            boolean ended = caller.endsWithin(WATCH);
            Expect.that(held.interrupted().isEmpty(), "gatherAll interrupted calls " + held.interrupted()
                    + " after call " + failing + " failed: with gatherAll a failure cancels nothing, like "
                    + "return_exceptions=True; the other calls run on, and their results count");
            Expect.that(!ended, "gatherAll " + describeEnd(caller.thrown()) + " after call " + failing + " failed, while "
                    + probe.inFlight() + " other calls were still running (held at a gate the test had not opened): "
                    + "gatherAll waits for every call, whatever the others did, and never throws because a call "
                    + "failed");
            held.openGate();
            List<Outcome<String>> outcomes = caller.awaitResult("after its last call was released");
            List<Outcome<String>> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add(i == failing ? failure(failure) : success("result " + i));
            }
            expectOutcomes(outcomes, expected, "call " + failing + " threw, the others returned");
        } finally {
            caller.close(held::releaseAll);
        }
    }

    // ---------------------------------------------------------------------------------------- both methods

    @Graded(points = 2)
    void an_interrupt_while_waiting_interrupts_the_calls_then_throws_InterruptedException() throws Exception {
        expectInterruptAnswered("gather", Gather::gather);
        expectInterruptAnswered("gatherAll", Gather::gatherAll);
    }

    @Graded(points = 1)
    void null_calls_are_rejected_before_any_call_starts() throws Exception {
        List<Method> methods = List.of(new Method("gather", Gather::gather), new Method("gatherAll", Gather::gatherAll));
        List<TaskProbe> probes = new ArrayList<>();
        for (Method method : methods) {
            Expect.thrownBy(NullPointerException.class, () -> method.runner().run(null),
                    method.name() + "(null) must throw NullPointerException: every method rejects a null argument");
            TaskProbe probe = TaskProbe.create();
            probes.add(probe);
            List<Callable<String>> withNull = Arrays.asList(probe.call(0, () -> "a"), probe.call(1, () -> "b"), null);
            Expect.thrownBy(NullPointerException.class, () -> method.runner().run(withNull),
                    method.name() + " given [call 0, call 1, null] must throw NullPointerException: every method "
                            + "rejects a null element of its list");
        }
        Thread.sleep(SETTLE); // a thread started before the null was found has had time to run its call
        for (int m = 0; m < methods.size(); m++) {
            Expect.equal("the number of calls " + methods.get(m).name() + " started for [call 0, call 1, null]",
                    probes.get(m).started(), 0, "a null element is rejected before any call starts: check the "
                            + "arguments first, then start work, or the call fails half done");
        }
    }

    // ------------------------------------------------------------------------------ shared by the tests

    /** gather or gatherAll, as a call on a list of calls. */
    @FunctionalInterface
    private interface Runner {
        Object run(List<Callable<String>> calls) throws Exception;
    }

    private record Method(String name, Runner runner) {
    }

    /**
     * Holds every call at a gate, interrupts the caller, and checks that the calls are interrupted, that the method
     * waits until they have ended, and that it then throws InterruptedException.
     */
    private static void expectInterruptAnswered(String method, Runner runner) throws InterruptedException {
        int n = 4;
        TaskProbe probe = TaskProbe.create();
        Held held = new Held(n);
        List<Callable<String>> calls = calls(probe, n, i -> held.call(i, "result " + i));

        Caller<Object> caller = Caller.with().watching(probe, "calls").call(method, () -> runner.run(calls));
        try {
            caller.awaitUntil("all " + n + " calls of " + method + " to start", () -> probe.started() == n,
                    () -> probe.started() + " had started");
            caller.interrupt();
            caller.awaitUntil("the calls of " + method + " to be interrupted after its caller was",
                    () -> held.interrupted().size() == n,
                    () -> held.interrupted().size() + " of the " + n + " calls were interrupted: a method that waits "
                            + "answers an interrupt of its caller by interrupting the work it started (here, every "
                            + "call), so that the whole job stops, not only the waiting");
            Expect.that(!caller.endsWithin(SETTLE), method + " " + describeEnd(caller.thrown()) + " while the "
                    + "calls it had interrupted were still running (each takes until the test lets it finish "
                    + "cleaning up): after an interrupt it still waits until every call has ended, then throws "
                    + "InterruptedException, so that no thread it started outlives it" + JdkNotes.earlyTermination());
            held.finishCleanup();
            Throwable thrown = caller.awaitEnd("after its interrupted calls had finished cleaning up");
            if (!(thrown instanceof InterruptedException)) {
                throw withCause(new AssertionFailedError(method + " " + describeEnd(thrown) + " when its caller was "
                        + "interrupted while it waited: it must throw InterruptedException, so that the caller learns "
                        + "why the work did not finish (ExecutorService.close() does not throw it: it sets the "
                        + "interrupt flag again, for you to check)"), thrown);
            }
            Expect.equal("the number of calls still running when " + method + " threw InterruptedException",
                    caller.inFlightAtEnd(), 0, "it throws only once every call has ended" + JdkNotes.earlyTermination());
        } finally {
            caller.close(held::releaseAll);
        }
    }

    /**
     * Waits until {@code thread}, which has just thrown out of a call, has ended, or has been held up (parked with
     * a timeout, as the race watch parks a thread after it reads shared state) for {@link #CLOSE_BEHIND}. Waits at
     * most the patience: a thread blocked for another reason is not waited for longer.
     */
    private static void awaitEndedOrHeldUp(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeLimits.scaled(PATIENCE).toNanos();
        long heldUpSince = 0;
        while (thread.isAlive() && System.nanoTime() < deadline) {
            if (thread.getState() != Thread.State.TIMED_WAITING) {
                heldUpSince = 0;
            } else if (heldUpSince == 0) {
                heldUpSince = System.nanoTime();
            } else if (System.nanoTime() - heldUpSince >= CLOSE_BEHIND.toNanos()) {
                return;
            }
            Thread.sleep(0, 200_000);
        }
    }

    /**
     * Waits until call {@code index} has thrown out of its callable, then until its thread has ended or been held up
     * ({@link #awaitEndedOrHeldUp}); at most the patience each.
     */
    private static void awaitThrownThenEndedOrHeldUp(TaskProbe probe, int index) throws InterruptedException {
        long deadline = System.nanoTime() + TimeLimits.scaled(PATIENCE).toNanos();
        while (!probe.run(index).map(Run::finished).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(0, 200_000);
        }
        awaitEndedOrHeldUp(probe.run(index).orElseThrow().thread());
    }

    /** Waits until {@code latch} opens (at most a generous limit), whatever interrupts come meanwhile. */
    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeLimits.scaled(Duration.ofSeconds(10)).toNanos();
        while (true) {
            try {
                latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every call ran on a virtual thread of its own, none on the caller's thread. */
    private static void expectOwnVirtualThreads(TaskProbe probe, int n, Thread caller, String method) {
        Expect.equal("the number of calls that ran on virtual threads", probe.virtualRuns(), (long) n,
                method + " runs every call on a virtual thread (Thread.ofVirtual(), "
                        + "Executors.newVirtualThreadPerTaskExecutor()): a virtual thread that waits costs almost "
                        + "nothing, so a thousand calls can wait at once, where platform threads or a pool of them "
                        + "would not");
        Expect.equal("the number of distinct threads that ran the " + n + " calls", probe.threads().size(), n,
                method + " starts one virtual thread per call; they are cheap enough never to be pooled");
        for (Run run : probe.runs()) {
            Expect.that(run.thread() != caller, "call " + run.index() + " ran on the calling thread: " + method
                    + " runs every call on a thread of its own while the caller waits");
        }
    }

    /** Waits until every call has started, then lets them finish one at a time, the last call first. */
    private static void finishInReverseOrder(Caller<?> caller, TaskProbe probe, List<Gate> gates, int n,
            String method) {
        caller.awaitUntil("all " + n + " calls to start", () -> probe.started() == n,
                () -> "only " + probe.started() + " had started (the others wait at a gate): " + method + " starts "
                        + "every call at once");
        for (int i = n - 1; i >= 0; i--) {
            int index = i;
            gates.get(index).open();
            caller.awaitUntil("call " + index + " to finish", () -> probe.run(index).map(Run::finished).orElse(false),
                    () -> "it had not, although its gate was open");
        }
    }

    /** Fails with a message naming the first outcome that differs from the expected one. */
    private static void expectOutcomes(List<Outcome<String>> actual, List<Outcome<String>> expected, String story) {
        if (actual == null) {
            throw new AssertionFailedError("gatherAll returned null when " + story + "; it returns one outcome per "
                    + "call");
        }
        Expect.equal("the number of outcomes gatherAll returned", actual.size(), expected.size(),
                "one outcome per call, when " + story);
        for (int i = 0; i < expected.size(); i++) {
            Outcome<String> got = actual.get(i);
            Outcome<String> want = expected.get(i);
            if (want.equals(got)) {
                continue;
            }
            String saw = "outcome " + i + " of gatherAll was " + describe(got) + ", expected " + describe(want)
                    + " when " + story + " (all outcomes: " + actual.stream().map(GatherTest::describe).toList()
                    + "): ";
            if (want instanceof Outcome.Failure<String>(Throwable error) && got instanceof Outcome.Failure<String> f
                    && causes(f.error(), error)) {
                throw new AssertionFailedError(saw + "a Failure holds exactly what the call threw, not an "
                        + "ExecutionException or CompletionException around it (unwrap with getCause())");
            }
            if (expected.contains(got)) {
                throw new AssertionFailedError(saw + "that is another call's outcome: outcomes come back in the order "
                        + "of the calls, whatever order they finish in, so that outcome i is call i's");
            }
            throw new AssertionFailedError(saw + "each call's outcome is Success(what it returned) or Failure(what it "
                    + "threw), in the order of the calls");
        }
    }

    /** {@code n} probed calls; call {@code i} does {@code work.apply(i)}. */
    private static <T> List<Callable<T>> calls(TaskProbe probe, int n, IntFunction<Callable<T>> work) {
        return IntStream.range(0, n).mapToObj(i -> probe.call(i, work.apply(i))).toList();
    }

    /** What {@code call} returned, failing with {@code why} and what it threw when it threw. */
    private static <R> R returnedBy(ThrowingSupplier<R> call, String why) {
        try {
            return call.get();
        } catch (Throwable t) {
            throw withCause(new AssertionFailedError(why + "; it threw " + Expect.describe(t)), t);
        }
    }

    private static Outcome<String> success(String value) {
        return new Outcome.Success<>(value);
    }

    private static Outcome<String> failure(Throwable error) {
        return new Outcome.Failure<>(error);
    }

    private static String describe(Outcome<?> outcome) {
        return switch (outcome) {
            case null -> "null";
            case Outcome.Success<?>(Object value) -> "Success(" + value + ")";
            case Outcome.Failure<?>(Throwable error) -> "Failure(" + Expect.describe(error) + ")";
        };
    }

    /** Whether {@code wanted} is {@code thrown} or one of its causes. */
    private static boolean causes(Throwable thrown, Throwable wanted) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t == wanted) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String describeEnd(Throwable thrown) {
        return thrown == null ? "returned" : "threw " + Expect.describe(thrown);
    }

    private static List<Gate> gates(int n) {
        return IntStream.range(0, n).mapToObj(i -> Gate.closed()).toList();
    }

    /** Waits until every call has ended, so that what a test reads from the probe is complete. */
    private static void awaitAllFinished(TaskProbe probe, int n, String method) {
        Eventually.within(PATIENCE).until("all " + n + " calls of " + method + " to finish",
                () -> probe.finished() == n, () -> probe.finished() + " had finished");
    }

    private static AssertionFailedError withCause(AssertionFailedError error, Throwable cause) {
        if (cause != null) {
            error.initCause(cause);
        }
        return error;
    }

    /**
     * Calls held at a gate that the test opens. A held call that is interrupted records it, then takes until the
     * test {@linkplain #finishCleanup() lets it finish cleaning up}, ignoring further interrupts, like a call that
     * must close a connection before it can end; then it throws. So a test can see whether gather waits for the
     * calls it interrupted.
     */
    private static final class Held {
        /** The longest a held call cleans up, in case a test never lets it finish. */
        private static final Duration CLEANUP_LIMIT = Duration.ofSeconds(10);

        private final Gate gate = Gate.closed();
        private final CountDownLatch cleanup = new CountDownLatch(1);
        private final CountDownLatch started;
        private final Set<Integer> interrupted = ConcurrentHashMap.newKeySet();

        /** @param calls how many held calls the test makes, so that {@link #awaitAllStarted()} knows */
        Held(int calls) {
            this.started = new CountDownLatch(calls);
        }

        /** A held call that returns {@code value} once the gate opens; interrupted, it throws the interrupt. */
        Callable<String> call(int index, String value) {
            return call(index, value, null);
        }

        /**
         * A held call that returns {@code value} once the gate opens; interrupted, it throws {@code onInterrupt},
         * or the interrupt itself when that is null.
         */
        Callable<String> call(int index, String value, RuntimeException onInterrupt) {
            return () -> {
                started.countDown();
                try {
                    gate.pass();
                    return value;
                } catch (Work.Interrupted e) {
                    interrupted.add(index);
                    cleanUp();
                    throw onInterrupt == null ? e : onInterrupt;
                }
            };
        }

        /**
         * Blocks until every held call has started (at most the patience, so that a solution that runs the calls
         * one after another is not held up forever).
         */
        void awaitAllStarted() throws InterruptedException {
            started.await(TimeLimits.scaled(PATIENCE).toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Waits until the test lets the clean-up finish (at most a generous limit), whatever interrupts come. */
        private void cleanUp() {
            boolean interruptedAgain = Thread.interrupted();
            long deadline = System.nanoTime() + TimeLimits.scaled(CLEANUP_LIMIT).toNanos();
            while (true) {
                try {
                    cleanup.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    break;
                } catch (InterruptedException e) {
                    interruptedAgain = true; // cleaning up: an interrupt does not cut it short
                }
            }
            if (interruptedAgain) {
                Thread.currentThread().interrupt();
            }
        }

        /** The indices of the held calls that were interrupted so far. */
        Set<Integer> interrupted() {
            return new TreeSet<>(interrupted);
        }

        void openGate() {
            gate.open();
        }

        void finishCleanup() {
            cleanup.countDown();
        }

        /** Opens the gate and lets every clean-up finish. */
        void releaseAll() {
            gate.open();
            cleanup.countDown();
        }
    }

    /** Something that returns a value and may throw anything. */
    @FunctionalInterface
    private interface ThrowingSupplier<R> {
        R get() throws Throwable;
    }
}
