package io.github.threadlab.startup;

import static io.github.threadlab.harness.Durations.ms;

import io.github.threadlab.harness.Caller;
import io.github.threadlab.harness.Durations;
import io.github.threadlab.harness.Eventually;
import io.github.threadlab.harness.Exercise;
import io.github.threadlab.harness.Expect;
import io.github.threadlab.harness.Gate;
import io.github.threadlab.harness.Graded;
import io.github.threadlab.harness.Rendezvous;
import io.github.threadlab.harness.Stopwatch;
import io.github.threadlab.harness.TaskProbe;
import io.github.threadlab.harness.TimeLimits;
import io.github.threadlab.harness.Work;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.opentest4j.AssertionFailedError;

/**
 * The graded tests of exercise 2. They never judge how fast the machine starts threads: that is the lab's job. They
 * count what {@link StartupBenchmark#timeToRun} asks of the factory they hand it, check that the threads running
 * the task are the factory's, hold the tasks at gates the test opens, and make them meet at a rendezvous that only
 * tasks running at the same moment can reach. The one test about the returned duration bounds it from below by
 * what the schedule forces (a factory that takes a known time for its first thread, tasks that take a known time)
 * and from above by the test's own stopwatch around the call, which no correct measurement can exceed.
 */
@Exercise(number = 2, name = "startup")
class StartupBenchmarkTest {

    private static final Duration PATIENCE = Caller.PATIENCE;
    /** How long to watch for something that must not happen, once the test is set up to see it. */
    private static final Duration SETTLE = ms(100);

    // ------------------------------------------------------------------------------------------ the threads

    @Graded(points = 2)
    void every_thread_comes_from_the_factory_and_runs_the_task_once() throws InterruptedException {
        int n = 50;
        CountingFactory factory = CountingFactory.virtual();
        TaskProbe probe = TaskProbe.create();

        StartupBenchmark.timeToRun(n, factory, probe.task(0, Work.nothing()));

        Expect.equal("the number of threads asked of the factory", factory.calls(), n, "timeToRun(" + n + ", ...) "
                + "creates exactly " + n + " threads, each with factory.newThread: the factory decides what kind of "
                + "thread is measured, and one thread more or fewer is not the experiment that was asked for");
        Expect.equal("the number of times the task ran", probe.finished(), n, "each of the " + n + " threads runs "
                + "the task once, and timeToRun returns only when all have finished");
        Expect.equal("the number of distinct threads that ran the task", probe.threads().size(), n,
                "every run of the task is on a thread of its own: the experiment measures " + n + " threads");
        for (Thread thread : probe.threads()) {
            Expect.that(factory.indexOf(thread) >= 0, "the task ran on thread '" + thread.getName() + "', which "
                    + "the factory did not make: every thread timeToRun starts comes from the factory it is given "
                    + "(factory.newThread(task), or an executor built on that factory), so that the same method "
                    + "can measure platform and virtual threads");
        }
    }

    @Graded(points = 1)
    void zero_threads_return_at_once_without_calling_the_factory() throws InterruptedException {
        CountingFactory factory = CountingFactory.platform();
        TaskProbe probe = TaskProbe.create();
        AtomicReference<Duration> returned = new AtomicReference<>();

        Duration took = Stopwatch.time(() -> returned.set(
                StartupBenchmark.timeToRun(0, factory, probe.task(0, Work.nothing()))));

        Expect.equal("the number of threads asked of the factory for n = 0", factory.calls(), 0,
                "timeToRun(0, ...) creates exactly 0 threads; a thread made to time nothing is not part of the "
                        + "experiment");
        Expect.equal("the number of times the task ran for n = 0", probe.started(), 0,
                "no thread, no task to run");
        expectWithinTheCall(returned.get(), took, "timeToRun(0, ...)");
    }

    @Graded(points = 2)
    void all_n_tasks_run_at_the_same_moment() throws InterruptedException {
        int n = 20;
        CountingFactory factory = CountingFactory.platform();
        TaskProbe probe = TaskProbe.create();
        Rendezvous everyone = Rendezvous.of(n);

        StartupBenchmark.timeToRun(n, factory, probe.task(0, everyone.asWork()));

        Expect.that(everyone.met(), "at most " + everyone.mostPresent() + " of the " + n + " tasks were running at "
                + "once (each waited at a rendezvous for all the others): timeToRun starts all n threads before it "
                + "waits for any, so that all n run at the same time; creating, starting and joining one thread at "
                + "a time runs the tasks one after another and measures n seconds, not the cost of n threads");
        Expect.equal("the number of threads asked of the factory", factory.calls(), n,
                "timeToRun creates exactly n threads with the factory");
    }

    // ----------------------------------------------------------------------------------------- the waiting

    @Graded(points = 2)
    void returns_only_after_every_task_has_finished() throws InterruptedException {
        int n = 5;
        CountingFactory factory = CountingFactory.platform();
        TaskProbe probe = TaskProbe.create();
        Gate gate = Gate.closed();
        String what = "timeToRun(" + n + ", ...)";

        Caller<Duration> call = Caller.with().watching(probe, "tasks").call(what,
                () -> StartupBenchmark.timeToRun(n, factory, probe.task(0, gate.asWork())));
        try {
            call.awaitUntil("all " + n + " tasks running", () -> probe.started() == n,
                    () -> probe.started() + " had started");
            Expect.that(!call.endsWithin(SETTLE), what + " returned while its " + n + " tasks were still running "
                    + "(held at a gate the test had not opened): it must wait until every task has finished, e.g. "
                    + "join every thread it started; otherwise it times only the start of the threads, not the work");
            gate.open();
            call.awaitResult("after the test let its last task finish");
            Expect.equal("the number of tasks that had finished when " + what + " returned", call.finishedAtEnd(),
                    n, "timeToRun returns only when every task has finished");
            expectAllEnded(factory.made(), what);
        } finally {
            call.close(gate::open);
        }
    }

    @Graded(points = 2)
    void waits_for_the_first_and_the_last_thread_it_made() throws InterruptedException {
        int n = 5;
        expectWaitsFor(n, 0, "the first");
        expectWaitsFor(n, n - 1, "the last");
    }

    // ------------------------------------------------------------------------------------------- the time

    @Graded(points = 2)
    void the_time_runs_from_before_the_first_thread_is_made_to_after_the_last_task_ends()
            throws InterruptedException {
        int n = 4;
        Duration firstThreadTakes = ms(300);
        Duration taskTakes = ms(300);
        CountingFactory factory = CountingFactory.platformWhoseFirstThreadTakes(firstThreadTakes);
        TaskProbe probe = TaskProbe.create();
        AtomicReference<Duration> returned = new AtomicReference<>();
        String what = "timeToRun(" + n + ", ...) with a factory that takes " + Durations.format(firstThreadTakes)
                + " to make its first thread, and tasks of " + Durations.format(taskTakes);

        Duration took = Stopwatch.time(() -> returned.set(
                StartupBenchmark.timeToRun(n, factory, probe.task(0, Work.sleep(taskTakes)))));

        Duration lowerBound = firstThreadTakes.plus(taskTakes);
        Expect.that(returned.get() != null, what + " returned null; it returns the wall time it measured");
        Expect.tookAtLeast("by its own measure, " + what + ",", returned.get(), lowerBound, "the clock starts "
                + "before the first thread is created, which takes " + Durations.format(firstThreadTakes) + ", and "
                + "stops after the last task has finished, which cannot be sooner than " + Durations.format(taskTakes)
                + " after its thread was created: starting the clock after creating the threads leaves out the "
                + "very cost the lab measures, and stopping it before the last task has ended leaves out the work");
        expectWithinTheCall(returned.get(), took, what);
    }

    // ----------------------------------------------------------------------------------------- the arguments

    @Graded(points = 1)
    void a_null_factory_or_task_is_rejected_before_any_thread_is_made() {
        CountingFactory factory = CountingFactory.platform();
        Expect.thrownBy(NullPointerException.class, () -> StartupBenchmark.timeToRun(3, null, Work.nothing()),
                "timeToRun(3, null, task) has no factory to make threads with");
        Expect.thrownBy(NullPointerException.class, () -> StartupBenchmark.timeToRun(3, factory, null),
                "timeToRun(3, factory, null) has no task to run");
        Expect.equal("the number of threads asked of the factory for a null task", factory.calls(), 0,
                "arguments are checked before any work: a null task is rejected before the first thread is made");
    }

    @Graded(points = 1)
    void a_negative_n_is_rejected_before_any_thread_is_made() {
        CountingFactory factory = CountingFactory.platform();
        Expect.thrownBy(IllegalArgumentException.class,
                () -> StartupBenchmark.timeToRun(-1, factory, Work.nothing()),
                "timeToRun(-1, ...) cannot create -1 threads: n must be at least 0, and a number out of range is "
                        + "an IllegalArgumentException, not a quiet zero");
        Expect.equal("the number of threads asked of the factory for n = -1", factory.calls(), 0,
                "arguments are checked before any work");
    }

    // ---------------------------------------------------------------------------------------- interruption

    @Graded(points = 2)
    void an_interrupt_while_waiting_stops_the_tasks_and_throws_InterruptedException() throws InterruptedException {
        int n = 4;
        CountingFactory factory = CountingFactory.platform();
        TaskProbe probe = TaskProbe.create();
        Gate gate = Gate.closed();
        String what = "timeToRun(" + n + ", ...)";

        Caller<Duration> call = Caller.with().watching(probe, "tasks").call(what,
                () -> StartupBenchmark.timeToRun(n, factory, probe.task(0, gate.asWork())));
        try {
            call.awaitUntil("all " + n + " tasks running", () -> probe.started() == n,
                    () -> probe.started() + " had started");
            call.interrupt();
            expectInterruptedException(call, what, "after its caller was interrupted: a waiting method answers an "
                    + "interrupt with InterruptedException, it does not swallow it and keep waiting", "when its "
                    + "caller was interrupted while it waited for tasks held at a gate: it must throw "
                    + "InterruptedException, so that the caller learns that the measurement did not finish "
                    + "(ExecutorService.close() does not throw it: it stops the tasks, waits for them and sets "
                    + "the interrupt flag again, for you to check)");
            Eventually.within(PATIENCE).until("the tasks of " + what + " to stop", () -> probe.inFlight() == 0,
                    () -> Expect.count(probe.inFlight(), "of its tasks was", "of its tasks were")
                            + " still running after it threw "
                            + "InterruptedException: it must interrupt the threads it started before it gives up on "
                            + "them, or they run on with nobody waiting for them");
        } finally {
            call.close(gate::open);
        }
    }

    @Graded(points = 1)
    void an_interrupt_waits_for_the_interrupted_tasks_to_end_before_throwing() throws InterruptedException {
        int n = 4;
        CountingFactory factory = CountingFactory.platform();
        TaskProbe probe = TaskProbe.create();
        Gate gate = Gate.closed();
        Gate cleanUp = Gate.closed();
        String what = "timeToRun(" + n + ", ...)";

        Caller<Duration> call = Caller.with().watching(probe, "tasks").call(what,
                () -> StartupBenchmark.timeToRun(n, factory, probe.task(0, slowToStop(gate, cleanUp))));
        try {
            call.awaitUntil("all " + n + " tasks running", () -> probe.started() == n,
                    () -> probe.started() + " had started");
            call.interrupt();
            Eventually.within(PATIENCE).until("the " + n + " tasks of " + what + " to be interrupted, or the call "
                    + "to end", () -> cleanUp.waiting() == n || !call.isRunning(),
                    () -> "only " + cleanUp.waiting() + " of the " + n + " tasks had been interrupted: it must "
                            + "interrupt the threads it started when its caller is interrupted");
            // A call that throws without waiting does so at once; one that waits is still waiting after this.
            if (call.endsWithin(SETTLE)) {
                Throwable thrown = call.thrown();
                throw new AssertionFailedError(what + " " + (thrown == null
                        ? "returned normally" : "threw " + Expect.describe(thrown)) + " while "
                        + (n - call.finishedAtEnd()) + " of the " + n + " tasks it started were still running (the "
                        + "test had interrupted its caller; an interrupted task of this test cleans up until the "
                        + "test lets it end): after interrupting the threads it started, timeToRun waits until "
                        + "they have ended, then throws InterruptedException. No method leaves a thread it started "
                        + "running after it returns or throws: the caller's next measurement would share the "
                        + "machine with this one's leftovers", thrown);
            }
            cleanUp.open();
            expectInterruptedException(call, what, "after the test let its interrupted tasks finish cleaning up: "
                    + "once they have ended it throws InterruptedException", "when its caller was interrupted while "
                    + "it waited: it must throw InterruptedException, once its interrupted threads have ended");
            Expect.equal("the number of tasks that had ended when " + what + " threw InterruptedException",
                    call.finishedAtEnd(), n, "it throws only after every thread it started has ended");
        } finally {
            call.close(() -> {
                gate.open();
                cleanUp.open();
            });
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    /**
     * The call, whose caller the test has interrupted, ends within the patience by throwing InterruptedException.
     * {@code afterWhat} says what the test had done and why the call should have ended; {@code whenWhat} what the
     * call was doing and why it must throw.
     */
    private static void expectInterruptedException(Caller<Duration> call, String what, String afterWhat,
            String whenWhat) throws InterruptedException {
        Duration patience = TimeLimits.scaled(PATIENCE);
        Expect.that(call.endsWithin(patience), what + " was still waiting " + Durations.format(patience) + " "
                + afterWhat);
        Throwable thrown = call.thrown();
        if (!(thrown instanceof InterruptedException)) {
            throw new AssertionFailedError(what + " " + (thrown == null ? "returned normally"
                    : "threw " + Expect.describe(thrown)) + " " + whenWhat, thrown);
        }
    }

    /**
     * A task that waits at {@code held}; when interrupted there, it still has to clean up, which takes until the
     * test opens {@code cleanUp} (a further interrupt does not cut it short), then it ends with
     * {@link Work.Interrupted}. Gated, not timed: the tasks end only when the test lets them, so a {@code timeToRun}
     * that throws before its threads have ended is seen throwing while they are still held, on any machine.
     */
    private static Runnable slowToStop(Gate held, Gate cleanUp) {
        return () -> {
            try {
                held.pass();
            } catch (Work.Interrupted e) {
                passIgnoringInterrupts(cleanUp);
                Thread.currentThread().interrupt(); // as Work.Interrupted promises
                throw e;
            }
        };
    }

    /** Passes {@code gate}, waiting again after every interrupt, with the thread's interrupt flag clear. */
    private static void passIgnoringInterrupts(Gate gate) {
        while (true) {
            Thread.interrupted();
            try {
                gate.pass();
                return;
            } catch (Work.Interrupted again) {
                // still cleaning up
            }
        }
    }

    /**
     * Holds the task on the {@code held}-th thread the factory made at a gate and lets the others finish; the call
     * must not return until the test opens that gate.
     */
    private static void expectWaitsFor(int n, int held, String which) throws InterruptedException {
        CountingFactory factory = CountingFactory.platform();
        TaskProbe probe = TaskProbe.create();
        Gate gate = Gate.closed();
        Runnable task = probe.task(0, () -> {
            if (factory.indexOf(Thread.currentThread()) == held) {
                gate.pass();
            }
        });
        String what = "timeToRun(" + n + ", ...)";

        Caller<Duration> call = Caller.with().watching(probe, "tasks").call(what, () -> StartupBenchmark.timeToRun(n, factory, task));
        try {
            call.awaitUntil(which + " thread's task held and the other " + (n - 1) + " finished",
                    () -> gate.waiting() == 1 && probe.finished() == n - 1,
                    () -> probe.finished() + " had finished, " + gate.waiting() + " held at the gate");
            Expect.that(!call.endsWithin(SETTLE), what + " returned while the task on " + which + " thread it "
                    + "made was still running (held at a gate the test had not opened; the other " + (n - 1)
                    + " had finished): it must wait for every one of the n threads, not for some of them, or the "
                    + "time it returns leaves out the slowest");
            gate.open();
            call.awaitResult("after the test let its last task finish");
            Expect.equal("the number of tasks that had finished when " + what + " returned", call.finishedAtEnd(),
                    n, "timeToRun returns only when every task has finished");
        } finally {
            call.close(gate::open);
        }
    }

    /** The returned duration is a real measurement of this call: not null, not negative, not longer than the call. */
    private static void expectWithinTheCall(Duration returned, Duration took, String what) {
        Expect.that(returned != null, what + " returned null; it returns the wall time it measured");
        Expect.that(!returned.isNegative(), what + " returned " + returned + ", a negative time: measure with "
                + "System.nanoTime() before the first thread is created and after the last has finished");
        Expect.that(returned.compareTo(took) <= 0, what + " returned " + Durations.format(returned) + ", but the "
                + "whole call took only " + Durations.format(took) + " by the test's own stopwatch: the time it "
                + "returns is one interval inside the call (e.g. not the sum of the threads' times, and in the "
                + "right unit)");
    }

    /** Every thread the factory made has ended, within a short grace period after timeToRun returned. */
    private static void expectAllEnded(List<Thread> threads, String what) throws InterruptedException {
        Duration grace = TimeLimits.scaled(Duration.ofSeconds(1));
        for (Thread thread : threads) {
            thread.join(grace);
            Expect.that(!thread.isAlive(), "thread '" + thread.getName() + "' was still alive "
                    + Durations.format(grace) + " after " + what + " returned: no thread it started may be left "
                    + "running");
        }
    }
}
