package io.github.threadlab.cpu;

import static io.github.threadlab.harness.Durations.ms;

import io.github.threadlab.harness.Caller;
import io.github.threadlab.harness.Durations;
import io.github.threadlab.harness.Eventually;
import io.github.threadlab.harness.Exercise;
import io.github.threadlab.harness.Expect;
import io.github.threadlab.harness.Gate;
import io.github.threadlab.harness.Graded;
import io.github.threadlab.harness.Run;
import io.github.threadlab.harness.TaskProbe;
import io.github.threadlab.harness.TimeLimits;
import io.github.threadlab.harness.Work;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.opentest4j.AssertionFailedError;

/**
 * The graded tests of exercise 7. They grade behaviour, never speed: a speed-up ratio says little on a 2-core
 * machine shared with other work, and nothing about which threads ran what. Instead the function handed to
 * {@link ParallelMap#map} is probed (which thread ran each call, whether it was virtual, how many calls ran at
 * once and the peak) and its calls wait at gates that the test opens, so the test holds {@code parallelism} calls
 * running, looks, releases one, and sees the next input start.
 */
@Exercise(number = 7, name = "cpu")
class ParallelMapTest {

    /** How long to wait for something a correct solution does at once (scaled by the time factor). */
    private static final Duration PATIENCE = Duration.ofSeconds(2);
    /** How long to watch for something that must not happen, once the test is set up to see it. */
    private static final Duration SETTLE = ms(200);
    /** How long a cancelled call takes to stop: long enough to be seen, and to hold its thread meanwhile. */
    private static final Duration WIND_DOWN = ms(300);

    // ------------------------------------------------------------------------------------------- parallelism

    @Graded(points = 3)
    void never_more_than_parallelism_calls_run_at_once() throws InterruptedException {
        int n = 12;
        int parallelism = 3;
        TaskProbe probe = TaskProbe.create().expectingAtMost(parallelism, "parallelism");
        Gate gate = Gate.closed();
        Function<Integer, String> fn = probed(probe, i -> {
            gate.pass();
            return result(i);
        });
        String why = "map must never run more than parallelism calls of fn at once: parallelism is the caller's "
                + "limit (how many cores this work may take, e.g. leaving one for the rest of the application), and "
                + "a thread per input, a pool larger than parallelism or a parallel stream does not keep to it";

        Caller<List<String>> caller = Caller.with().watching(probe, "calls").call(call(n, parallelism),
                () -> ParallelMap.map(inputs(n), fn, parallelism));
        try {
            caller.awaitUntil("a call of fn running", () -> probe.started() >= 1, () -> "none had started");
            Thread.sleep(SETTLE); // while the first calls are held at the gate, anything else that may start, starts
            Expect.atMost("the peak of calls of fn running at once", probe.peakInFlight(), parallelism, why);
            gate.open();
            caller.awaitResult("after its last call of fn was released");
            Expect.atMost("the peak of calls of fn running at once", probe.peakInFlight(), parallelism, why);
        } finally {
            caller.close(gate::open);
        }
    }

    @Graded(points = 3)
    void parallelism_calls_run_at_once_while_enough_inputs_remain() throws InterruptedException {
        int n = 8;
        int parallelism = 3;
        TaskProbe probe = TaskProbe.create().expectingAtMost(parallelism, "parallelism");
        // The k-th call to start waits at gate k, so the test releases the calls one at a time, oldest first.
        List<Gate> gates = IntStream.range(0, n).mapToObj(i -> Gate.closed()).toList();
        AtomicInteger arrivals = new AtomicInteger();
        Function<Integer, String> fn = probed(probe, i -> {
            gates.get(arrivals.getAndIncrement()).pass();
            return result(i);
        });

        Caller<List<String>> caller = Caller.with().watching(probe, "calls").call(call(n, parallelism),
                () -> ParallelMap.map(inputs(n), fn, parallelism));
        try {
            for (int released = 0; released < n; released++) {
                int finished = released;
                int expectedRunning = Math.min(parallelism, n - finished);
                caller.awaitUntil(expectedRunning + " calls of fn running after " + finished + " had finished",
                        () -> probe.started() >= finished + expectedRunning,
                        () -> "only " + running(probe.inFlight()) + " while " + (n - probe.started())
                                + " inputs had not started: while enough inputs remain, map keeps parallelism "
                                + "calls running and starts the next input as soon as a call finishes (no batches "
                                + "that wait for their slowest call, no fewer threads than parallelism, no parallel "
                                + "stream, whose common pool is sized by the machine); otherwise cores that the "
                                + "caller offered sit idle");
                gates.get(released).open();
                caller.awaitUntil((finished + 1) + " calls of fn finished", () -> probe.finished() > finished,
                        () -> probe.finished() + " had finished");
            }
            caller.awaitResult("after its last call of fn was released");
        } finally {
            caller.close(() -> gates.forEach(Gate::open));
        }
    }

    @Graded(points = 2)
    void fn_runs_on_platform_threads_never_virtual_nor_the_common_pool() throws InterruptedException {
        int n = 6;
        int parallelism = 3;
        TaskProbe probe = TaskProbe.create();
        Function<Integer, String> fn = probed(probe, ParallelMapTest::result);

        // Called from a virtual thread: fn must still run on platform threads, whatever thread calls map.
        Caller<List<String>> caller = Caller.with().onVirtualThread().watching(probe, "calls")
                .call(call(n, parallelism) + " called from a virtual thread", () -> ParallelMap.map(inputs(n), fn,
                        parallelism));
        try {
            caller.awaitResult("after its last call of fn was released");
            Expect.equal("the number of inputs fn was applied to", probe.finished(), n,
                    "map applies fn to every input");
            for (Run run : probe.runs()) {
                Expect.that(run.thread() != caller.thread(), "input " + run.index() + " ran on the thread that "
                        + "called map, a virtual thread in this test: map applies fn on platform threads, whatever "
                        + "thread calls it (a parallel stream runs part of its work on the calling thread)");
                Expect.that(!run.virtual(), "input " + run.index() + " ran on a virtual thread ("
                        + describe(run.thread()) + "): map applies fn on platform threads. Virtual threads add "
                        + "concurrency, not parallelism: they run on a carrier pool of one thread per core, which "
                        + "is what makes waiting cheap and buys nothing for computing");
                Expect.that(!inCommonPool(run.thread()), "input " + run.index() + " ran on "
                        + describe(run.thread()) + ", a thread of the common ForkJoinPool: parallel streams and "
                        + "CompletableFuture's async methods without an executor run there. Its size is set by the "
                        + "machine and it is shared by the whole JVM, so map's parallelism cannot limit it: run fn on "
                        + "platform threads of map's own (a fixed pool, Thread.ofPlatform())");
            }
        } finally {
            caller.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ results

    @Graded(points = 2)
    void results_come_back_in_input_order_whatever_order_the_calls_finish_in() throws Exception {
        int n = 5;
        TaskProbe probe = TaskProbe.create();
        // All five run at once; input i finishes only after input i + 1 has, so they finish in reverse order.
        // The waits are bounded: once one gives up (a solution that runs fewer at once), no later one waits.
        List<CountDownLatch> done = IntStream.range(0, n).mapToObj(i -> new CountDownLatch(1)).toList();
        AtomicBoolean missed = new AtomicBoolean();
        Function<Integer, String> fn = probed(probe, i -> {
            if (i + 1 < n && !missed.get()) {
                if (Work.awaitAtMost(done.get(i + 1), TimeLimits.scaled(PATIENCE), "another call of fn")) {
                    Work.sleep(ms(10)).run(); // input i + 1 has returned its result by now
                } else {
                    missed.set(true);
                }
            }
            done.get(i).countDown();
            return result(i);
        });

        List<?> results = ParallelMap.map(inputs(n), fn, n);

        Expect.equal("the result of map(" + inputs(n) + ", fn, parallelism " + n + ")", results, expected(n),
                "element i of the result is fn(inputs.get(i)), whatever order the calls finished in (here the "
                        + "reverse of input order): put each result at its input's index (an array, a list of "
                        + "futures in input order), not in the order the calls finish");
    }

    @Graded(points = 2)
    void each_input_is_computed_exactly_once_however_the_threads_interleave() throws InterruptedException {
        int n = 400;
        int parallelism = 4;
        AtomicIntegerArray calls = new AtomicIntegerArray(n);
        AtomicInteger returned = new AtomicInteger();
        Waves waves = new Waves(n, parallelism);
        Function<Integer, String> fn = i -> {
            calls.incrementAndGet(i);
            waves.leaveTogether();
            returned.incrementAndGet();
            return result(i);
        };
        String what = call(n, parallelism);

        Caller<List<String>> caller = Caller.call(what, () -> ParallelMap.map(inputs(n), fn, parallelism));
        try {
            Duration patience = TimeLimits.scaled(Duration.ofSeconds(5));
            if (!caller.endsWithin(patience)) {
                caller.interrupt(); // so that the test ends now, not at its time limit
                throw new AssertionFailedError(what + " had not returned " + Durations.format(patience) + " after it "
                        + "was called, with " + returned.get() + " calls of fn returned" + (returned.get() >= n
                        ? ": every input had been computed, so map only had to see that its calls had finished. A "
                        + "count of finished calls that several threads bump at once (done++, remaining--) loses "
                        + "updates, and a map that waits for it to reach the number of inputs waits forever: count "
                        + "with an AtomicInteger or a CountDownLatch, or wait for the threads (join) or the futures"
                        : " (each call waits at most " + Durations.format(TimeLimits.scaled(PATIENCE)) + " for the "
                        + "others of its wave, then returns at once)"));
            }
            if (caller.thrown() != null) {
                throw withCause(new AssertionFailedError(what + " threw " + Expect.describe(caller.thrown())
                        + " although fn threw nothing"), caller.thrown());
            }
            String computed = computedOtherThanOnce(calls);
            Expect.that(computed.isEmpty(), what + " did not compute each input exactly once: " + computed + ". map "
                    + "applies fn to each input exactly once: fn may have side effects (write a file, send a message, "
                    + "charge a card), which an input computed twice does twice, and an input never computed has no "
                    + "result. Here the calls of fn returned in waves of " + parallelism + " at the same moment, so "
                    + "the threads looked for their next input at the same moment: two threads that read a shared "
                    + "index, then write it back one higher (next++ does both), can both read the same one. Hand the "
                    + "inputs out atomically (AtomicInteger.getAndIncrement(), a lock, a pool's queue)");
            Expect.equal("the result of " + what, caller.returned(), expected(n),
                    "element i of the result is fn(inputs.get(i))");
        } finally {
            caller.close();
        }
    }

    @Graded(points = 1)
    void null_inputs_and_null_results_keep_their_place() throws InterruptedException {
        List<String> inputs = Arrays.asList("a", null, "c", null, "e");
        Function<String, String> fn = s -> s == null ? "no input" : s.equals("c") ? null : s.toUpperCase();
        List<String> expected = Arrays.asList("A", "no input", null, "no input", "E");
        String story = "for inputs [a, null, c, null, e] and an fn that maps null to \"no input\", \"c\" to null and "
                + "any other s to s.toUpperCase()";
        String rule = "the contract allows null inputs, passed to fn like any other, and null results, kept at their "
                + "place (List.copyOf, List.of and ConcurrentHashMap reject nulls; new ArrayList<>(inputs), an "
                + "array and Arrays.asList do not)";

        List<String> results;
        try {
            results = ParallelMap.map(inputs, fn, 2);
        } catch (NullPointerException e) {
            throw withCause(new AssertionFailedError("map threw " + Expect.describe(e) + " " + story + ": "
                    + rule), e);
        } catch (ExecutionException e) {
            throw withCause(new AssertionFailedError("map threw ExecutionException caused by "
                    + Expect.describe(e.getCause()) + " " + story + ", although fn threw nothing: " + rule), e);
        }

        Expect.equal("the result " + story, results, expected, rule);
    }

    @Graded(points = 1)
    void no_inputs_give_an_empty_list() throws Exception {
        TaskProbe probe = TaskProbe.create();
        Function<Integer, String> fn = probed(probe, ParallelMapTest::result);

        List<?> results;
        try {
            results = ParallelMap.map(List.of(), fn, 3);
        } catch (IllegalArgumentException e) {
            throw withCause(new AssertionFailedError("map(no inputs, fn, parallelism 3) threw "
                    + Expect.describe(e) + ": no inputs is a valid call, whose result is an empty list (a pool "
                    + "sized min(parallelism, inputs.size()) has 0 threads here, and Executors.newFixedThreadPool(0) "
                    + "throws IllegalArgumentException)"), e);
        }

        Expect.that(results != null && results.isEmpty(), "map(no inputs, fn, parallelism 3) returned " + results
                + ": with no inputs there is nothing to compute, and the result is an empty list");
        Expect.equal("the number of calls of fn for no inputs", probe.started(), 0, "there is no input to apply it to");
    }

    // ------------------------------------------------------------------------------------------------ failure

    @Graded(points = 2)
    void a_failure_is_thrown_as_ExecutionException_caused_by_what_fn_threw() throws InterruptedException {
        int n = 6;
        TaskProbe probe = TaskProbe.create();
        RuntimeException failure = new IllegalStateException("fn failed on purpose for input 3");
        Function<Integer, String> fn = probed(probe, i -> {
            if (i == 3) {
                throw failure;
            }
            return result(i);
        });
        String story = "when fn threw " + Expect.describe(failure);

        Outcome outcome = Outcome.of(() -> ParallelMap.map(inputs(n), fn, 2));

        Throwable thrown = outcome.thrown();
        if (thrown == null) {
            throw new AssertionFailedError("map returned " + outcome.results() + " " + story + ": a failure must "
                    + "not be swallowed (a null in its place hides it); the contract requires an ExecutionException "
                    + "whose cause is the exception fn threw");
        }
        if (!(thrown instanceof ExecutionException)) {
            String hint = thrown == failure ? "; fn's exception must be wrapped in an ExecutionException, like "
                    + "Future.get() does, so that the caller can tell a failure of fn from a failure of map"
                    : thrown instanceof CompletionException ? "; CompletableFuture.join() wraps a failure in "
                    + "CompletionException, CompletableFuture.get() and Future.get() in ExecutionException" : "";
            throw withCause(new AssertionFailedError("map threw " + Expect.describe(thrown) + " " + story
                    + ": expected an ExecutionException whose cause is fn's exception" + hint), thrown);
        }
        Throwable cause = thrown.getCause();
        if (cause != failure) {
            String copy = cause != null && cause.getClass() == failure.getClass() && cause.getCause() == failure
                    ? " (this one is a copy of it whose cause is fn's exception, which ForkJoinTask.get() throws, e.g. "
                    + "for a parallel stream submitted to a ForkJoinPool)" : "";
            throw withCause(new AssertionFailedError("the ExecutionException's cause was "
                    + (cause == null ? "null" : Expect.describe(cause)) + " " + story
                    + ": the cause must be the very exception fn threw, not a wrapper around it or a copy of it"
                    + copy + "; unwrap a CompletionException or ExecutionException with getCause() before wrapping "
                    + "it once, so that the caller can catch what fn throws"), thrown);
        }
    }

    @Graded(points = 3)
    void a_failure_interrupts_the_running_calls_and_no_other_input_starts() throws InterruptedException {
        FailureScenario scenario = new FailureScenario();
        Caller<List<String>> caller = scenario.start();
        try {
            scenario.awaitThrown(caller);

            scenario.expectExecutionException(caller);
            Throwable cause = caller.thrown().getCause();
            if (cause != scenario.failure) {
                String why = cause instanceof Work.Interrupted
                        ? "that is the exception of a call that map interrupted after input " + scenario.failedInput
                        + " had failed, a consequence of the cancellation: the cause is the exception fn threw "
                        + "first, the one that made map cancel the rest (the first failed future in input order is "
                        + "not the first failure in time)"
                        : "the cause must be the very exception fn threw";
                throw withCause(new AssertionFailedError("the ExecutionException's cause was "
                        + (cause == null ? "null" : Expect.describe(cause)) + " when fn threw "
                        + Expect.describe(scenario.failure) + " for input " + scenario.failedInput + ": " + why),
                        caller.thrown());
            }
            Eventually.within(PATIENCE).until("the calls of fn to stop after map threw",
                    () -> scenario.probe.inFlight() == 0,
                    () -> "calls of fn still running (held at a gate the test never opens): "
                            + scenario.probe.inFlight() + "; when fn throws, map must interrupt the calls still "
                            + "running (Future.cancel(true), shutdownNow(), Thread.interrupt()), or they compute on "
                            + "with nobody waiting for their results");
            Expect.atMost("the number of inputs fn was applied to", scenario.probe.started(), 2L * scenario.parallelism,
                    "after fn threw for input " + scenario.failedInput + ", the inputs not yet started must never "
                            + "start (a call that a thread was just about to start may still start and be "
                            + "interrupted at once: one per thread is tolerated here). Stop taking inputs once a call "
                            + "has failed: shutdownNow() drops the queued ones, a worker loop checks for a failure "
                            + "before it takes the next input. Starting them all, even to interrupt each at once, is "
                            + "not cancelling them: computing work ignores interrupts and would run to the end");
        } finally {
            caller.close(scenario.gate::open);
        }
    }

    @Graded(points = 2)
    void a_failure_is_thrown_only_once_the_cancelled_calls_have_ended() throws InterruptedException {
        FailureScenario scenario = new FailureScenario();
        Caller<List<String>> caller = scenario.start();
        try {
            scenario.awaitThrown(caller);

            scenario.expectExecutionException(caller);
            Expect.equal("the number of calls of fn still running when map threw", caller.inFlightAtEnd(), 0,
                    "map must wait until the calls it cancelled have ended before it throws (after shutdownNow(), "
                            + "awaitTermination(); after interrupting its threads, join them). Here a cancelled call "
                            + "takes " + Durations.format(WIND_DOWN) + " to stop, as real work may; the contract "
                            + "leaves no thread that map started running after it returns or throws");
        } finally {
            caller.close(scenario.gate::open);
        }
    }

    // ----------------------------------------------------------------------- threads, interrupts, arguments

    @Graded(points = 1)
    void map_returns_only_once_its_threads_have_ended() throws Exception {
        int n = 6;
        TaskProbe probe = TaskProbe.create();

        ParallelMap.map(inputs(n), probed(probe, ParallelMapTest::result), 3);

        // Nobody interrupted this thread: an interrupt flag left set makes the caller's next wait throw at once.
        Expect.that(!Thread.interrupted(), "map returned with its caller's interrupt flag set, although nobody had "
                + "interrupted it: restore the flag (Thread.currentThread().interrupt()) only after catching an "
                + "InterruptedException that you do not rethrow; a stray interrupt makes the caller's next sleep, "
                + "join or map throw InterruptedException for no reason");
        Duration grace = TimeLimits.scaled(Duration.ofSeconds(1));
        for (Thread thread : probe.threads()) {
            if (thread == Thread.currentThread() || inCommonPool(thread)) {
                continue; // the common pool's threads are the JDK's: another test grades using them
            }
            thread.join(grace);
            Expect.that(!thread.isAlive(), "thread '" + thread.getName() + "', which ran fn, was still alive "
                    + Durations.format(grace) + " after map returned: shut the pool down and wait for it "
                    + "(shutdown() and awaitTermination(), or try-with-resources), or join the threads map started; "
                    + "a pool left running keeps its threads, and their memory, until the JVM exits");
        }
    }

    @Graded(points = 2)
    void an_interrupt_while_waiting_interrupts_the_calls_then_throws_InterruptedException()
            throws InterruptedException {
        int n = 9;
        int parallelism = 3;
        TaskProbe probe = TaskProbe.create();
        Gate gate = Gate.closed();
        Function<Integer, String> fn = probed(probe, i -> {
            gate.pass();
            return result(i);
        });

        Caller<List<String>> caller = Caller.with().watching(probe, "calls").call(call(n, parallelism),
                () -> ParallelMap.map(inputs(n), fn, parallelism));
        try {
            caller.awaitUntil("a call of fn running", () -> probe.started() >= 1, () -> "none had started");
            caller.interrupt();
            Expect.that(caller.endsWithin(TimeLimits.scaled(PATIENCE)), "map was still waiting "
                    + Durations.format(TimeLimits.scaled(PATIENCE)) + " after its caller was interrupted: a waiting "
                    + "method answers an interrupt with InterruptedException, it does not swallow it and keep "
                    + "waiting");
            Throwable thrown = caller.thrown();
            if (!(thrown instanceof InterruptedException)) {
                throw withCause(new AssertionFailedError("map " + (thrown == null ? "returned normally"
                        : "threw " + Expect.describe(thrown)) + " when its caller was interrupted while the calls "
                        + "of fn were held at a gate: it must throw InterruptedException, so that the caller learns "
                        + "why the work did not finish"), thrown);
            }
            Eventually.within(PATIENCE).until("the calls of fn to stop", () -> probe.inFlight() == 0,
                    () -> "calls of fn still running after map threw InterruptedException: " + probe.inFlight()
                            + "; it must interrupt the calls it started (shutdownNow(), Future.cancel(true), "
                            + "Thread.interrupt()) before it gives up on them, or they compute on with nobody "
                            + "waiting for their results");
        } finally {
            caller.close(gate::open);
        }
    }

    @Graded(points = 1)
    void null_arguments_are_rejected() {
        Function<Integer, String> fn = ParallelMapTest::result;
        Expect.thrownBy(NullPointerException.class, () -> ParallelMap.map(null, fn, 2),
                "map(null, fn, 2) must throw NullPointerException: every method rejects a null argument");
        Expect.thrownBy(NullPointerException.class, () -> ParallelMap.map(inputs(3), null, 2),
                "map(inputs, null, 2) must throw NullPointerException itself, before it starts any thread (not "
                        + "an ExecutionException from a thread that called the null fn): check the arguments first, "
                        + "then start work");
    }

    @Graded(points = 1)
    void a_parallelism_below_one_is_rejected_before_any_call() throws Exception {
        TaskProbe probe = TaskProbe.create();
        Function<Integer, String> fn = probed(probe, ParallelMapTest::result);
        for (int parallelism : new int[] {0, -1}) {
            String what = "map(3 inputs, fn, parallelism " + parallelism + ")";
            Caller<List<String>> caller = Caller.with().watching(probe, "calls").call(what,
                    () -> ParallelMap.map(inputs(3), fn, parallelism));
            try {
                Expect.that(caller.endsWithin(TimeLimits.scaled(PATIENCE)), what + " had neither returned nor "
                        + "thrown after " + Durations.format(TimeLimits.scaled(PATIENCE)) + ": a parallelism below "
                        + "one is rejected with IllegalArgumentException at once (a Semaphore with no permits lets "
                        + "nobody in, ever)");
                if (!(caller.thrown() instanceof IllegalArgumentException)) {
                    throw withCause(new AssertionFailedError(what + " " + (caller.thrown() == null
                            ? "returned " + caller.returned() : "threw " + Expect.describe(caller.thrown()))
                            + ": it must throw IllegalArgumentException; a number out of range is rejected, not "
                            + "quietly replaced by another"), caller.thrown());
                }
            } finally {
                caller.close();
            }
        }
        Thread.sleep(SETTLE); // a thread started before the check has had time to call fn
        Expect.equal("the number of calls of fn for a parallelism below one", probe.started(), 0,
                "a parallelism below one is rejected before any call: check the arguments first, then start work");

        List<String> one;
        try {
            one = ParallelMap.map(inputs(3), ParallelMapTest::result, 1);
        } catch (IllegalArgumentException e) {
            throw withCause(new AssertionFailedError("map(3 inputs, fn, parallelism 1) threw " + Expect.describe(e)
                    + ": parallelism >= 1 is the contract's range, so 1 is allowed (one call at a time); only a "
                    + "parallelism below one is rejected"), e);
        }
        Expect.equal("the results of map(3 inputs, fn, parallelism 1)", one, List.of(result(0), result(1), result(2)),
                "a parallelism of one applies fn to every input, one at a time");
    }

    // ---------------------------------------------------------------------------------------- shared helpers

    /** The body of a probed function: what it does for input {@code i}. */
    @FunctionalInterface
    private interface Body<R> {
        R apply(int i);
    }

    /** A function whose every call is recorded by {@code probe} under its input's index. */
    private static <R> Function<Integer, R> probed(TaskProbe probe, Body<R> body) {
        return i -> {
            try {
                return probe.call(i, () -> body.apply(i)).call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("unexpected checked exception from the test's own work", e);
            }
        };
    }

    private static String result(int i) {
        return "fn(" + i + ")";
    }

    private static List<Integer> inputs(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static List<String> expected(int n) {
        return IntStream.range(0, n).mapToObj(ParallelMapTest::result).toList();
    }

    /** "input 17 2 times, input 18 0 times", for the inputs not computed exactly once (at most 10 named). */
    private static String computedOtherThanOnce(AtomicIntegerArray calls) {
        List<String> wrong = IntStream.range(0, calls.length()).filter(i -> calls.get(i) != 1)
                .mapToObj(i -> "input " + i + " " + calls.get(i) + (calls.get(i) == 1 ? " time" : " times")).toList();
        if (wrong.isEmpty()) {
            return "";
        }
        String named = String.join(", ", wrong.subList(0, Math.min(10, wrong.size())));
        return wrong.size() + " of " + calls.length() + " inputs were computed other than once (" + named
                + (wrong.size() > 10 ? ", ..." : "") + ")";
    }

    private static String call(int n, int parallelism) {
        return "map(" + n + " inputs, fn, parallelism " + parallelism + ")";
    }

    /** "'name'", or the thread's toString() when it has no name, as virtual threads often do not. */
    private static String describe(Thread thread) {
        return thread.getName().isEmpty() ? thread.toString() : "'" + thread.getName() + "'";
    }

    /** "1 was running", "2 were running". */
    private static String running(int n) {
        return n + (n == 1 ? " was" : " were") + " running";
    }

    private static boolean inCommonPool(Thread thread) {
        return thread instanceof ForkJoinWorkerThread worker && worker.getPool() == ForkJoinPool.commonPool();
    }

    private static AssertionFailedError withCause(AssertionFailedError error, Throwable cause) {
        if (cause != null) {
            error.initCause(cause);
        }
        return error;
    }

    /** What a direct call of map did: what it returned, or what it threw. */
    private record Outcome(List<?> results, Throwable thrown) {

        static Outcome of(MapCall call) {
            try {
                return new Outcome(call.call(), null);
            } catch (Throwable t) {
                return new Outcome(null, t);
            }
        }
    }

    /** A call of map. */
    @FunctionalInterface
    private interface MapCall {
        List<?> call() throws Exception;
    }

    /**
     * Holds the calls of fn in waves of {@code parallelism}: the k-th call to start waits until the other calls of
     * its wave (k / parallelism) have started too, then all of them return at the same moment, so that the threads
     * that ran them look for their next input at the same moment. A map keeps parallelism calls running while
     * enough inputs remain, so every wave fills; once one does not fill within the patience (a map that runs fewer
     * at once), no later call waits.
     */
    private static final class Waves {
        private final int parallelism;
        private final List<CountDownLatch> waves;
        private final AtomicInteger arrivals = new AtomicInteger();
        private volatile boolean missed;

        Waves(int inputs, int parallelism) {
            this.parallelism = parallelism;
            this.waves = IntStream.range(0, (inputs + parallelism - 1) / parallelism)
                    .mapToObj(w -> new CountDownLatch(Math.min(parallelism, inputs - w * parallelism))).toList();
        }

        void leaveTogether() {
            int wave = arrivals.getAndIncrement() / parallelism;
            if (missed || wave >= waves.size()) {
                return; // a call beyond the inputs' count: an input computed again, which the test reports
            }
            CountDownLatch everyone = waves.get(wave);
            everyone.countDown();
            if (!Work.awaitAtMost(everyone, TimeLimits.scaled(PATIENCE), "the other calls of its wave")) {
                missed = true;
            }
        }
    }

    /**
     * Twelve inputs, parallelism 3, and one failure. The first three calls to start meet (each waits, at most the
     * patience, for all three to be running); then the one with the highest input index throws, once the other
     * two are waiting at a gate that the test never opens. They and every later call wait there until they are
     * interrupted, and then take {@link #WIND_DOWN} to stop, as a real computation may. A correct map interrupts the
     * two, starts nothing more (but perhaps a call a thread was about to start), waits for them, and throws.
     *
     * <p>The slow stop also keeps a thread busy while map finishes its cancellation: a correct map that cancels its
     * futures one by one, and is preempted halfway, cannot have its freed threads start the queued inputs that it
     * is about to cancel, so the count of inputs started stays a fair measure of what it cancelled.
     */
    private static final class FailureScenario {
        final int n = 12;
        final int parallelism = 3;
        final TaskProbe probe = TaskProbe.create();
        final Gate gate = Gate.closed();
        final RuntimeException failure = new IllegalStateException("fn failed on purpose");
        private final Set<Integer> firstToStart = ConcurrentHashMap.newKeySet();
        private final CountDownLatch firstAllRunning = new CountDownLatch(parallelism);
        private final AtomicInteger starts = new AtomicInteger();
        volatile int failedInput = -1;

        Caller<List<String>> start() {
            Function<Integer, String> fn = probed(probe, i -> {
                try {
                    if (starts.incrementAndGet() <= parallelism) {
                        firstToStart.add(i);
                        firstAllRunning.countDown();
                        Work.awaitAtMost(firstAllRunning, TimeLimits.scaled(PATIENCE), "another call of fn");
                        if (i == Collections.max(firstToStart)) {
                            awaitOthersAtGate(firstToStart.size() - 1);
                            failedInput = i;
                            throw failure;
                        }
                    }
                    gate.pass();
                    return result(i);
                } catch (Work.Interrupted e) {
                    stopSlowly();
                    throw e;
                }
            });
            return Caller.with().watching(probe, "calls").call(call(n, parallelism),
                    () -> ParallelMap.map(inputs(n), fn, parallelism));
        }

        /** Waits until fn has thrown, then until map has thrown; fails if either does not happen in time. */
        void awaitThrown(Caller<?> caller) throws InterruptedException {
            // A solution that runs fewer than three calls at once gets there too, after the first calls' patience.
            caller.awaitUntil("fn to throw", () -> failedInput >= 0, PATIENCE.multipliedBy(2),
                    () -> probe.started() + " calls of fn had started and " + running(probe.inFlight())
                            + " (the test's fn throws once " + parallelism + " calls run at once)");
            Duration patience = TimeLimits.scaled(PATIENCE).plus(WIND_DOWN);
            if (!caller.endsWithin(patience)) {
                throw new AssertionFailedError("map had neither returned nor thrown " + Durations.format(patience)
                        + " after fn threw for input " + failedInput + ", with " + probe.inFlight() + " calls of fn "
                        + "still running (held at a gate the test never opens) and " + probe.started() + " of " + n
                        + " inputs started: when fn throws, map must cancel the remaining work, interrupting the "
                        + "calls still running (Future.cancel(true), shutdownNow(), Thread.interrupt(); "
                        + "CompletableFuture.cancel does not interrupt) and never starting the others, then throw; "
                        + "waiting for every input defeats the point of failing fast");
            }
        }

        void expectExecutionException(Caller<?> caller) {
            Throwable thrown = caller.thrown();
            if (!(thrown instanceof ExecutionException)) {
                throw withCause(new AssertionFailedError("map " + (thrown == null ? "returned " + caller.returned()
                        : "threw " + Expect.describe(thrown)) + " when fn threw " + Expect.describe(failure)
                        + " for input " + failedInput + ": it must throw an ExecutionException whose cause is what "
                        + "fn threw"), thrown);
            }
        }

        /** The failing call waits (at most the patience) until the others that started with it are at the gate. */
        private void awaitOthersAtGate(int others) {
            long deadline = System.nanoTime() + TimeLimits.scaled(PATIENCE).toNanos();
            while (gate.waiting() < others && System.nanoTime() < deadline) {
                Work.sleep(ms(1)).run();
            }
        }

        /** Takes {@link #WIND_DOWN} to stop, whatever interrupts arrive meanwhile; keeps the interrupt status. */
        private static void stopSlowly() {
            long deadline = System.nanoTime() + WIND_DOWN.toNanos();
            boolean interrupted = Thread.interrupted();
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                try {
                    Thread.sleep(Duration.ofNanos(left));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
