package io.github.threadlab.sleep;

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
import io.github.threadlab.harness.Schedule;
import io.github.threadlab.harness.Stopwatch;
import io.github.threadlab.harness.TaskProbe;
import io.github.threadlab.harness.TimeLimits;
import io.github.threadlab.harness.Work;
import io.github.threadlab.harness.race.RaceWatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.opentest4j.AssertionFailedError;

/**
 * The graded tests of exercise 1. They grade behaviour, not speed: the work they hand to {@link SleepTasks} is
 * probed (which thread ran each task, how many ran at once), held at gates the test opens, or made to meet at a
 * rendezvous that only tasks running at the same time can reach. Time is asserted only in one test per
 * concurrent method, with a lower bound that follows from the schedule and a generous, scaled upper bound.
 */
@Exercise(number = 1, name = "sleep")
class SleepTasksTest {

    /** How long to wait for something a correct solution does at once (scaled by the time factor). */
    private static final Duration PATIENCE = Duration.ofSeconds(2);
    /** How long to watch for something that must not happen, once the test is set up to see it. */
    private static final Duration SETTLE = ms(100);
    /** How long an interrupted task of the interrupt test takes to stop. */
    private static final Duration STOPPING = ms(200);
    /** How many tasks the failure tests run at once, all but one of them failing together. */
    private static final int AT_ONCE = 10;
    /**
     * How long task 1's thread must have been held up in your code before the other tasks fail: early in the moment
     * the race watch holds a thread inside shared state (20 ms), so that they come in while it is still there, even
     * when waking them takes a while on a busy machine (the watch then lets them leave only after it). The earliest
     * failure in list order does not depend on timing, so a correct solution passes however this falls.
     */
    private static final Duration HELD_UP = ms(3);

    // ---------------------------------------------------------------------------------------- runSequentially

    @Graded(points = 1)
    void sequential_runs_every_task_in_list_order_on_the_calling_thread() {
        TaskProbe probe = TaskProbe.create().expectingAtMost(1, "one at a time");
        Thread caller = Thread.currentThread();
        Queue<Integer> order = new ConcurrentLinkedQueue<>();

        SleepTasks.runSequentially(probe.tasks(5, i -> () -> order.add(i)));

        Expect.equal("the number of tasks that had run when runSequentially returned", probe.finished(), 5,
                "it runs every task before it returns");
        Expect.equal("the order the tasks ran in", List.copyOf(order), List.of(0, 1, 2, 3, 4),
                "runSequentially runs the tasks in list order");
        Expect.atMost("the peak of tasks running at once", probe.peakInFlight(), 1,
                "runSequentially runs one task after another, never two at once");
        for (Run run : probe.runs()) {
            Expect.that(run.thread() == caller, "task " + run.index() + " ran on thread '" + run.threadName()
                    + "', not on the calling thread '" + caller.getName() + "': runSequentially runs every task on "
                    + "the thread that calls it, like a plain for loop; it is the baseline without any thread");
        }
    }

    @Graded(points = 1)
    void sequential_runs_every_task_despite_failures_then_reports_the_earliest() {
        TaskProbe probe = TaskProbe.create();
        Failing failing = new Failing();
        List<Runnable> tasks = probe.tasks(7, i -> failing.has(i) ? Work.fail(failing.of(i)) : Work.nothing());

        Outcome outcome = Outcome.of(probe, () -> SleepTasks.runSequentially(tasks));

        failing.expectReportedBy("runSequentially", outcome, 7, "tasks 1, 3 and 5 threw, in that order");
    }

    // ----------------------------------------------------------------------------------- runOnPlatformThreads

    @Graded(points = 2)
    void platform_threads_start_every_task_before_waiting_for_any() throws InterruptedException {
        int n = 10;
        TaskProbe probe = TaskProbe.create();
        Rendezvous everyone = Rendezvous.of(n);

        SleepTasks.runOnPlatformThreads(probe.tasks(n, i -> everyone.asWork()));

        expectAllStartedBefore(everyone, probe, n, "runOnPlatformThreads", "start every thread first, then join "
                + "them all; starting and joining one thread at a time runs the tasks one after another");
    }

    @Graded(points = 1)
    void platform_threads_run_each_task_on_its_own_new_platform_thread() throws InterruptedException {
        int n = 10;
        TaskProbe probe = TaskProbe.create();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Thread caller = Thread.currentThread();

        SleepTasks.runOnPlatformThreads(probe.tasks(n, i -> Work.nothing()));

        awaitAllFinished(probe, n, "runOnPlatformThreads");
        Expect.equal("the number of tasks that ran on virtual threads", probe.virtualRuns(), 0L,
                "runOnPlatformThreads uses platform threads (Thread.ofPlatform(), new Thread(...)); virtual threads "
                        + "are the next method's job, and this one is there to compare against them");
        Expect.equal("the number of distinct threads that ran the " + n + " tasks", probe.threads().size(), n,
                "runOnPlatformThreads starts one new thread per task, it does not reuse threads");
        for (Run run : probe.runs()) {
            Expect.that(run.thread() != caller, "task " + run.index() + " ran on the calling thread: "
                    + "runOnPlatformThreads runs every task on a new thread of its own");
            Expect.that(!before.contains(run.thread()), "task " + run.index() + " ran on thread '"
                    + run.threadName() + "', which existed before the call: runOnPlatformThreads starts a new "
                    + "thread for every task");
        }
    }

    @Graded(points = 1)
    void platform_threads_return_only_when_every_task_has_finished() throws InterruptedException {
        expectReturnOnlyWhenAllFinished("runOnPlatformThreads", SleepTasks::runOnPlatformThreads);
    }

    @Graded(points = 1)
    void platform_threads_run_ten_sleeps_in_about_the_time_of_one() throws InterruptedException {
        expectTimeOfOneSleep("runOnPlatformThreads", SleepTasks::runOnPlatformThreads);
    }

    @Graded(points = 1)
    void platform_threads_run_every_task_despite_failures_then_report_the_earliest() throws InterruptedException {
        expectFailuresAtOnceReported("runOnPlatformThreads", SleepTasks::runOnPlatformThreads);
        expectFailuresReported("runOnPlatformThreads", SleepTasks::runOnPlatformThreads);
    }

    // ------------------------------------------------------------------------------------ runOnVirtualThreads

    @Graded(points = 2)
    void virtual_threads_start_every_task_before_waiting_for_any() throws InterruptedException {
        int n = 10;
        TaskProbe probe = TaskProbe.create();
        Rendezvous everyone = Rendezvous.of(n);

        SleepTasks.runOnVirtualThreads(probe.tasks(n, i -> everyone.asWork()));

        expectAllStartedBefore(everyone, probe, n, "runOnVirtualThreads", "start every virtual thread first, then "
                + "join them all; starting and joining one at a time runs the tasks one after another"
                + JdkNotes.pinning(everyone.mostPresent()));
    }

    @Graded(points = 1)
    void virtual_threads_run_each_task_on_its_own_virtual_thread() throws InterruptedException {
        int n = 10;
        TaskProbe probe = TaskProbe.create();

        SleepTasks.runOnVirtualThreads(probe.tasks(n, i -> Work.nothing()));

        awaitAllFinished(probe, n, "runOnVirtualThreads");
        Expect.equal("the number of tasks that ran on virtual threads", probe.virtualRuns(), (long) n,
                "runOnVirtualThreads runs every task on a virtual thread (Thread.ofVirtual(), "
                        + "Executors.newVirtualThreadPerTaskExecutor()): that is what makes a thread per task cheap");
        Expect.equal("the number of distinct threads that ran the " + n + " tasks", probe.threads().size(), n,
                "runOnVirtualThreads starts one new virtual thread per task; they are cheap enough never to be pooled");
    }

    @Graded(points = 1)
    void virtual_threads_return_only_when_every_task_has_finished() throws InterruptedException {
        expectReturnOnlyWhenAllFinished("runOnVirtualThreads", SleepTasks::runOnVirtualThreads);
    }

    @Graded(points = 1)
    void virtual_threads_run_ten_sleeps_in_about_the_time_of_one() throws InterruptedException {
        expectTimeOfOneSleep("runOnVirtualThreads", SleepTasks::runOnVirtualThreads);
    }

    @Graded(points = 1)
    void virtual_threads_run_every_task_despite_failures_then_report_the_earliest() throws InterruptedException {
        expectFailuresAtOnceReported("runOnVirtualThreads", SleepTasks::runOnVirtualThreads);
        expectFailuresReported("runOnVirtualThreads", SleepTasks::runOnVirtualThreads);
    }

    // ----------------------------------------------------------------------------------------- runOnFixedPool

    @Graded(points = 2)
    void fixed_pool_never_runs_more_than_pool_size_tasks_at_once() throws InterruptedException {
        int n = 12;
        int poolSize = 3;
        TaskProbe probe = TaskProbe.create().expectingAtMost(poolSize, "poolSize");
        Gate gate = Gate.closed();
        List<Runnable> tasks = probe.tasks(n, i -> gate.asWork());
        String why = "the pool must never run more than poolSize tasks at once: poolSize is the caller's limit, "
                + "e.g. what a database or a remote service can take";

        Caller<Void> caller = Caller.with().watching(probe, "tasks").call(
                "runOnFixedPool(" + n + " tasks, poolSize " + poolSize + ")",
                () -> SleepTasks.runOnFixedPool(tasks, poolSize));
        try {
            caller.awaitUntil("a task running", () -> probe.started() >= 1, () -> "none had started");
            Thread.sleep(SETTLE); // while the first ones are held at the gate, every thread of the pool takes a task
            Expect.atMost("the peak of tasks running at once", probe.peakInFlight(), poolSize, why);
            gate.open();
            caller.awaitResult("after its last task was released");
            Expect.atMost("the peak of tasks running at once", probe.peakInFlight(), poolSize, why);
        } finally {
            caller.close(gate::open);
        }
    }

    @Graded(points = 2)
    void fixed_pool_keeps_pool_size_tasks_running_while_enough_remain() throws InterruptedException {
        int n = 8;
        int poolSize = 3;
        TaskProbe probe = TaskProbe.create().expectingAtMost(poolSize, "poolSize");
        // The k-th task to start waits at gate k, so the test releases the tasks one at a time, oldest first.
        List<Gate> gates = IntStream.range(0, n).mapToObj(i -> Gate.closed()).toList();
        AtomicInteger arrivals = new AtomicInteger();
        List<Runnable> tasks = probe.tasks(n, i -> () -> gates.get(arrivals.getAndIncrement()).pass());

        Caller<Void> caller = Caller.with().watching(probe, "tasks").call(
                "runOnFixedPool(" + n + " tasks, poolSize " + poolSize + ")",
                () -> SleepTasks.runOnFixedPool(tasks, poolSize));
        try {
            for (int released = 0; released < n; released++) {
                int finished = released;
                int expectedRunning = Math.min(poolSize, n - finished);
                caller.awaitUntil(expectedRunning + " tasks running after " + finished + " had finished",
                        () -> probe.started() >= finished + expectedRunning,
                        () -> "only " + probe.inFlight() + " were running while " + (n - probe.started())
                                + " were still waiting to start: while enough tasks remain, the pool keeps "
                                + "poolSize tasks running, starting the next as soon as one finishes (no batches "
                                + "that wait for their slowest task, no fewer threads than poolSize)");
                gates.get(released).open();
                caller.awaitUntil((finished + 1) + " tasks finished", () -> probe.finished() > finished,
                        () -> probe.finished() + " had finished");
            }
            caller.awaitResult("after its last task was released");
        } finally {
            caller.close(() -> gates.forEach(Gate::open));
        }
    }

    @Graded(points = 1)
    void fixed_pool_runs_tasks_on_at_most_pool_size_platform_threads() throws InterruptedException {
        int n = 12;
        int poolSize = 3;
        TaskProbe probe = TaskProbe.create();
        Thread caller = Thread.currentThread();

        SleepTasks.runOnFixedPool(probe.tasks(n, i -> Work.sleep(ms(10))), poolSize);

        awaitAllFinished(probe, n, "runOnFixedPool");
        Expect.equal("the number of tasks that ran on virtual threads", probe.virtualRuns(), 0L,
                "the pool's threads are platform threads (Executors.newFixedThreadPool); a semaphore over virtual "
                        + "threads limits concurrency too, but it is not the pool this method is about");
        Expect.atMost("the number of distinct threads that ran the " + n + " tasks", probe.threads().size(),
                poolSize, "a pool of poolSize threads runs every task on one of those threads, reusing them");
        for (Run run : probe.runs()) {
            Expect.that(run.thread() != caller, "task " + run.index() + " ran on the calling thread: the pool's "
                    + "own threads run the tasks while the caller waits");
        }
    }

    @Graded(points = 1)
    void fixed_pool_returns_when_every_task_has_finished_and_its_threads_have_ended() throws InterruptedException {
        int n = 6;
        TaskProbe probe = TaskProbe.create();

        SleepTasks.runOnFixedPool(probe.tasks(n, i -> Work.sleep(ms(20))), 3);

        Expect.equal("the number of tasks that had finished when runOnFixedPool returned", probe.finished(), n,
                "it returns only when every task has finished" + ranTwice(probe, n));
        Duration grace = TimeLimits.scaled(Duration.ofSeconds(1));
        for (Thread thread : probe.threads()) {
            thread.join(grace);
            Expect.that(!thread.isAlive(), "pool thread '" + thread.getName() + "' was still alive "
                    + Durations.format(grace) + " after runOnFixedPool returned: shut the pool down and wait for it "
                    + "(shutdown() and awaitTermination(), or try-with-resources); a pool left running keeps its "
                    + "threads, and their memory, forever");
        }
    }

    @Graded(points = 1)
    void fixed_pool_runs_twelve_sleeps_in_four_rounds_of_three() throws InterruptedException {
        int n = 12;
        int poolSize = 3;
        Duration each = ms(100);
        TaskProbe probe = TaskProbe.create().expectingAtMost(poolSize, "poolSize");
        List<Runnable> tasks = probe.tasks(n, i -> Work.sleep(each));

        Duration took = Stopwatch.time(() -> SleepTasks.runOnFixedPool(tasks, poolSize));

        String what = "runOnFixedPool of " + n + " tasks sleeping " + Durations.format(each) + " on " + poolSize
                + " threads";
        Duration rounds = Schedule.rounds(n, poolSize, each);
        Expect.tookAtLeast(what, took, rounds, "with at most " + poolSize + " at once they need "
                + Schedule.roundsFor(n, poolSize) + " rounds; finishing sooner means more than " + poolSize
                + " ran at once, or some did not run, or were not waited for");
        Expect.tookAtMost(what, took, ms(1000), Schedule.roundsFor(n, poolSize) + " rounds take about "
                + Durations.format(rounds) + ", one task at a time takes " + Durations.format(each.multipliedBy(n))
                + ": the pool must run " + poolSize + " tasks at once");
    }

    @Graded(points = 1)
    void fixed_pool_runs_every_task_despite_failures_then_reports_the_earliest() throws InterruptedException {
        expectFailuresAtOnceReported("runOnFixedPool (poolSize " + AT_ONCE + ")",
                tasks -> SleepTasks.runOnFixedPool(tasks, AT_ONCE));
        expectFailuresReported("runOnFixedPool", tasks -> SleepTasks.runOnFixedPool(tasks, 3));
    }

    // ----------------------------------------------------------------------------------------- every method

    @Graded(points = 1)
    void an_interrupt_while_waiting_stops_the_tasks_then_throws_InterruptedException()
            throws InterruptedException {
        expectInterruptAnswered("runOnPlatformThreads", SleepTasks::runOnPlatformThreads);
        expectInterruptAnswered("runOnVirtualThreads", SleepTasks::runOnVirtualThreads);
        expectInterruptAnswered("runOnFixedPool", tasks -> SleepTasks.runOnFixedPool(tasks, 3));
    }

    @Graded(points = 1)
    void null_tasks_are_rejected_before_any_task_runs() throws InterruptedException {
        List<Method> methods = List.of(
                new Method("runSequentially", SleepTasks::runSequentially),
                new Method("runOnPlatformThreads", SleepTasks::runOnPlatformThreads),
                new Method("runOnVirtualThreads", SleepTasks::runOnVirtualThreads),
                new Method("runOnFixedPool", tasks -> SleepTasks.runOnFixedPool(tasks, 3)));
        List<TaskProbe> probes = new ArrayList<>();
        for (Method method : methods) {
            Expect.thrownBy(NullPointerException.class, () -> method.runner().run(null),
                    method.name() + "(null) must throw NullPointerException: every method rejects a null argument");
            TaskProbe probe = TaskProbe.create();
            probes.add(probe);
            List<Runnable> withNull = Arrays.asList(probe.task(0, Work.nothing()), probe.task(1, Work.nothing()),
                    null);
            Expect.thrownBy(NullPointerException.class, () -> method.runner().run(withNull),
                    method.name() + " given [task 0, task 1, null] must throw NullPointerException: every method "
                            + "rejects a null element of its list");
        }
        Thread.sleep(SETTLE); // a thread started before the null was found has had time to run its task
        for (int m = 0; m < methods.size(); m++) {
            Expect.equal("the number of tasks " + methods.get(m).name() + " ran for [task 0, task 1, null]",
                    probes.get(m).started(), 0, "a null element is rejected before any task runs: check the "
                            + "arguments first, then start work, or the call fails half done");
        }
    }

    @Graded(points = 1)
    void a_pool_size_below_one_is_rejected_before_any_task_runs() throws InterruptedException {
        TaskProbe probe = TaskProbe.create();
        for (int poolSize : new int[] {0, -1}) {
            List<Runnable> tasks = probe.tasks(3, i -> Work.nothing());
            Expect.thrownBy(IllegalArgumentException.class, () -> SleepTasks.runOnFixedPool(tasks, poolSize),
                    "runOnFixedPool(3 tasks, poolSize " + poolSize + ") must throw IllegalArgumentException: a "
                            + "pool needs at least one thread, and a number out of range is rejected, not "
                            + "quietly replaced by another");
        }
        Thread.sleep(SETTLE);
        Expect.equal("the number of tasks run for a pool size below one", probe.started(), 0,
                "a pool size below one is rejected before any task runs");

        TaskProbe onePool = TaskProbe.create();
        try {
            SleepTasks.runOnFixedPool(onePool.tasks(3, i -> Work.nothing()), 1);
        } catch (IllegalArgumentException e) {
            throw withCause(new AssertionFailedError("runOnFixedPool(3 tasks, poolSize 1) threw "
                    + Expect.describe(e) + ": poolSize >= 1 is the contract's range, so a pool of one thread is "
                    + "allowed (it runs the tasks one at a time); only a size below one is rejected"), e);
        }
        Expect.equal("the number of tasks runOnFixedPool ran with poolSize 1", onePool.finished(), 3,
                "a pool of one thread runs every task, one at a time");
    }

    // ------------------------------------------------------------------------------ shared by the methods

    /** One of the methods under test, as a call on a list of tasks. */
    @FunctionalInterface
    private interface Runner {
        void run(List<Runnable> tasks) throws InterruptedException;
    }

    private record Method(String name, Runner runner) {
    }

    private static void expectAllStartedBefore(Rendezvous everyone, TaskProbe probe, int n, String method,
            String how) {
        awaitAllFinished(probe, n, method); // whether it waited for them is graded elsewhere
        Expect.that(everyone.met(), "at most " + everyone.mostPresent() + " of the " + n + " tasks were running at "
                + "once (each waited at a rendezvous for all the others): " + method + " runs every task at the same "
                + "time, each on its own thread; " + how);
    }

    /**
     * Holds every task at a closed gate and checks that the call does not return meanwhile; then opens the gate
     * and checks that every task had finished when it returned. Then holds only the first task, and only the last,
     * while the others finish: a call that waits for some of its threads (a join loop that stops one short) is
     * seen returning while the one it forgot is still held.
     */
    private static void expectReturnOnlyWhenAllFinished(String method, Runner runner) throws InterruptedException {
        int n = 10;
        expectWaitsForAllHeld(method, runner, n);
        expectWaitsForOneHeld(method, runner, n, 0, "first");
        expectWaitsForOneHeld(method, runner, n, n - 1, "last");
    }

    private static void expectWaitsForAllHeld(String method, Runner runner, int n) throws InterruptedException {
        TaskProbe probe = TaskProbe.create();
        Gate gate = Gate.closed();
        List<Runnable> tasks = probe.tasks(n, i -> gate.asWork());

        Caller<Void> caller = Caller.with().watching(probe, "tasks").call(method, () -> runner.run(tasks));
        try {
            caller.awaitUntil("a task running", () -> probe.started() >= 1, () -> "none had started");
            Expect.that(!caller.endsWithin(SETTLE), method + " returned while its tasks were still running (held at "
                    + "a gate the test had not opened): it must wait until every task has finished, e.g. join "
                    + "every thread it started; otherwise its caller goes on before the work is done");
            gate.open();
            caller.awaitResult("after its last task was released");
            Expect.equal("the number of tasks that had finished when " + method + " returned",
                    caller.finishedAtEnd(), n, "it returns only when every task has finished");
        } finally {
            caller.close(gate::open);
        }
    }

    /** Holds task {@code held} of {@code n} at a closed gate, lets the others finish, and sees the call wait for it. */
    private static void expectWaitsForOneHeld(String method, Runner runner, int n, int held, String which)
            throws InterruptedException {
        TaskProbe probe = TaskProbe.create();
        Gate gate = Gate.closed();
        List<Runnable> tasks = probe.tasks(n, i -> i == held ? gate.asWork() : Work.nothing());

        Caller<Void> caller = Caller.with().watching(probe, "tasks").call(method, () -> runner.run(tasks));
        try {
            caller.awaitUntil("the " + which + " task held and the other " + (n - 1) + " finished",
                    () -> gate.waiting() == 1 && probe.finished() == n - 1,
                    () -> probe.finished() + " had finished, " + gate.waiting() + " held at the gate");
            Expect.that(!caller.endsWithin(SETTLE), method + " returned while the " + which + " of its " + n
                    + " tasks (task " + held + ") was still running, held at a gate the test had not opened, and the "
                    + "other " + (n - 1) + " had finished: it must wait for every thread it started, not for some "
                    + "of them (a join loop that stops one short forgets a thread)");
            gate.open();
            caller.awaitResult("after its " + which + " task was released");
            Expect.equal("the number of tasks that had finished when " + method + " returned",
                    caller.finishedAtEnd(), n, "it returns only when every task has finished");
        } finally {
            caller.close(gate::open);
        }
    }

    private static void expectTimeOfOneSleep(String method, Runner runner) throws InterruptedException {
        int n = 10;
        Duration each = ms(200);
        TaskProbe probe = TaskProbe.create();
        List<Runnable> tasks = probe.tasks(n, i -> Work.sleep(each));

        Duration took = Stopwatch.time(() -> runner.run(tasks));

        String what = method + " of " + n + " tasks sleeping " + Durations.format(each);
        Expect.tookAtLeast(what, took, Schedule.rounds(n, n, each), "every task sleeps "
                + Durations.format(each) + " and the call returns when all have finished; returning sooner means "
                + "some work did not run or was not waited for");
        Expect.tookAtMost(what, took, ms(1200), "the tasks sleep at the same time, so together they take about one "
                + "task's " + Durations.format(each) + "; one after another they would take "
                + Durations.format(each.multipliedBy(n)));
    }

    /**
     * Three of seven tasks fail, in the time order 3, 1, 5 (each waits for the one before it to have thrown, then
     * 50 ms more), so that neither the first nor the last failure in time is the earliest in list order. The waits
     * are bounded: a solution that runs the tasks one after another is not held up, it just sees them fail in
     * list order.
     */
    private static void expectFailuresReported(String method, Runner runner) throws InterruptedException {
        int n = 7;
        TaskProbe probe = TaskProbe.create();
        Failing failing = new Failing();
        CountDownLatch task3Threw = new CountDownLatch(1);
        CountDownLatch task1Threw = new CountDownLatch(1);
        List<Runnable> tasks = probe.tasks(n, i -> switch (i) {
            case 3 -> () -> {
                task3Threw.countDown();
                throw failing.of(3);
            };
            case 1 -> () -> {
                Work.awaitAtMost(task3Threw, ms(500), "another task to fail");
                Work.sleep(ms(50)).run();
                task1Threw.countDown();
                throw failing.of(1);
            };
            case 5 -> () -> {
                Work.awaitAtMost(task1Threw, ms(500), "another task to fail");
                Work.sleep(ms(50)).run();
                throw failing.of(5);
            };
            default -> Work.nothing();
        });

        Outcome outcome = Outcome.of(probe, () -> runner.run(tasks));

        failing.expectReportedBy(method, outcome, n, "tasks 1, 3 and 5 threw, task 3 first and task 5 last");
    }

    /**
     * Tasks 1 to {@link #AT_ONCE} - 1 fail together: every task first meets the others at a rendezvous, then task 1
     * throws, and the others throw once task 1's thread, back in your code, has ended, or has been held up there
     * for {@link #HELD_UP}: the course's race watch holds a thread a moment inside shared state (see
     * {@code docs/sleep.md}), so the others then come in while task 1 is still recording its failure, and a shared
     * plain collection, a count bumped with {@code ++} or a check-then-act on a shared field ("the earliest so
     * far") loses a failure or keeps the wrong one. The outcome the contract requires does not depend on when the tasks fail, so this
     * timing can only make a racy solution fail, never a correct one. Runs before the test's other scenario, while
     * the watch still has time to spare for these places in the code. The waits are bounded, so a solution that
     * runs the tasks one after another is not held up (other tests grade that).
     */
    private static void expectFailuresAtOnceReported(String method, Runner runner) throws InterruptedException {
        int n = AT_ONCE;
        TaskProbe probe = TaskProbe.create();
        Rendezvous everyone = Rendezvous.of(n).withPatience(Duration.ofSeconds(1));
        CountDownLatch othersMayFail = new CountDownLatch(1);
        List<RuntimeException> failures = IntStream.range(0, n)
                .mapToObj(i -> (RuntimeException) new IllegalStateException("task " + i + " failed on purpose"))
                .toList();
        // Where the race watch holds task 1's thread inside shared state, it stays there until task 2 has come in
        // too, however slowly a busy machine runs task 2; then they leave in the order they came.
        AtomicReference<RaceWatch.Hold> hold = new AtomicReference<>();
        List<Runnable> tasks = probe.tasks(n, i -> () -> {
            if (i == 2) {
                hold.set(RaceWatch.holdLingering());
            }
            everyone.arrive();
            if (i == 1) {
                throw failures.get(1);
            }
            if (i == 2) {
                awaitBackInYourCodeAndHeldUp(probe, 1);
                othersMayFail.countDown();
            }
            if (i > 1) {
                Work.awaitAtMost(othersMayFail, ms(500), "task 1 to fail");
                if (i == 3) {
                    awaitBackInYourCodeAndHeldUp(probe, 2);
                    hold.get().close();
                }
                throw failures.get(i);
            }
        });

        Outcome outcome = Outcome.of(probe, () -> runner.run(tasks));

        String story = "tasks 1 to " + (n - 1) + " threw at about the same moment, each on its own thread, task 1 "
                + "first";
        Throwable thrown = outcome.thrown();
        if (!(thrown instanceof CompletionException)) {
            throw withCause(new AssertionFailedError(method + " " + (thrown == null ? "returned normally"
                    : "threw " + Expect.describe(thrown)) + " when " + story + "; the contract requires a "
                    + "java.util.concurrent.CompletionException whose cause is the failure of the earliest failing "
                    + "task in list order"), thrown);
        }
        Expect.equal("the number of tasks that had finished when " + method + " threw", outcome.finishedAtEnd(), n,
                "a task that throws does not stop the others: run (or wait for) every task, then report the "
                        + "failures");
        String shared = ". If yours does report failures in list order, its threads got in each other's way "
                + "while recording them: whatever several threads share (a list, a map, a count, a field holding "
                + "the earliest so far) needs a lock, a concurrent collection or an atomic; or each task records "
                + "into a place of its own (an array slot, a future) that the caller reads after waiting for them all";
        Throwable cause = thrown.getCause();
        if (cause != failures.get(1)) {
            throw withCause(new AssertionFailedError("the CompletionException's cause was "
                    + (cause == null ? "null" : Expect.describe(cause)) + " when " + story + "; the contract "
                    + "requires the failure of task 1, the earliest failing task in list order" + shared), thrown);
        }
        Set<Throwable> suppressed = Collections.newSetFromMap(new IdentityHashMap<>());
        suppressed.addAll(Arrays.asList(thrown.getSuppressed()));
        Set<Throwable> expected = Collections.newSetFromMap(new IdentityHashMap<>());
        expected.addAll(failures.subList(2, n));
        if (thrown.getSuppressed().length != n - 2 || !suppressed.equals(expected)) {
            List<Integer> missing = IntStream.range(2, n).filter(i -> !suppressed.contains(failures.get(i)))
                    .boxed().toList();
            throw withCause(new AssertionFailedError("the CompletionException had " + thrown.getSuppressed().length
                    + " suppressed exceptions " + (missing.isEmpty() ? "" : "(the failures of tasks " + missing
                    + " were missing) ") + "when " + story + "; the contract requires exactly the other failures, "
                    + "of tasks 2 to " + (n - 1) + ", each once, so that no failure is lost" + shared), thrown);
        }
    }

    /**
     * Waits until task {@code index} has ended (thrown, here) and the thread that ran it has ended, or has not been
     * running (but waiting for something) for {@link #HELD_UP}; at most 2 s (a starved machine may take that long to get
     * there; a thread that ends or waits gets there at once).
     */
    private static void awaitBackInYourCodeAndHeldUp(TaskProbe probe, int index) {
        long deadline = System.nanoTime() + TimeLimits.scaled(ms(2000)).toNanos();
        long heldUpSince = 0;
        while (System.nanoTime() < deadline) {
            Run run = probe.run(index).orElse(null);
            Thread.State state = run == null || !run.finished() ? Thread.State.RUNNABLE : run.thread().getState();
            if (state == Thread.State.TERMINATED) {
                return;
            } else if (state == Thread.State.RUNNABLE) {
                heldUpSince = 0;
            } else if (heldUpSince == 0) {
                heldUpSince = System.nanoTime();
            } else if (System.nanoTime() - heldUpSince >= HELD_UP.toNanos()) {
                return;
            }
            Work.sleep(Duration.ofNanos(200_000)).run();
        }
    }

    /**
     * Interrupts the caller while the tasks are held at a closed gate. Each task, once interrupted, takes a while
     * to stop (as real work that cleans up does), so a method that throws without waiting for its tasks to end is
     * seen leaving them running.
     */
    private static void expectInterruptAnswered(String method, Runner runner) throws InterruptedException {
        int n = 6;
        TaskProbe probe = TaskProbe.create();
        Gate gate = Gate.closed();
        List<Runnable> tasks = probe.tasks(n, i -> slowToStop(gate.asWork()));

        Caller<Void> caller = Caller.with().watching(probe, "tasks").call(method, () -> runner.run(tasks));
        try {
            caller.awaitUntil("a task running", () -> probe.started() >= 1, () -> "none had started");
            caller.interrupt();
            Expect.that(caller.endsWithin(TimeLimits.scaled(PATIENCE)), method + " was still waiting "
                    + Durations.format(TimeLimits.scaled(PATIENCE)) + " after its caller was interrupted: a "
                    + "waiting method answers an interrupt with InterruptedException, it does not swallow it and "
                    + "keep waiting");
            Throwable thrown = caller.thrown();
            if (!(thrown instanceof InterruptedException)) {
                throw withCause(new AssertionFailedError(method + " " + (thrown == null ? "returned normally"
                        : "threw " + Expect.describe(thrown)) + " when its caller was interrupted while it waited "
                        + "for tasks held at a gate: it must throw InterruptedException, so that the caller learns "
                        + "why the work did not finish (ExecutorService.close() does not throw it: it stops the tasks, "
                        + "waits for them and sets the interrupt flag again, for you to check)"), thrown);
            }
            Eventually.within(PATIENCE).until("the tasks of " + method + " to stop", () -> probe.inFlight() == 0,
                    () -> Expect.count(probe.inFlight(), "of its tasks was", "of its tasks were")
                            + " still running after it threw "
                            + "InterruptedException: it must interrupt the tasks it started before it gives up "
                            + "on them, or they run on with nobody waiting for them");
            Expect.equal("the number of tasks that had ended when " + method + " threw InterruptedException",
                    caller.finishedAtEnd(), probe.started(), "the tasks take " + Durations.format(STOPPING)
                            + " to stop once interrupted, and no method leaves a thread it started running after "
                            + "it throws: interrupt the tasks, then wait until they have ended, then throw"
                            + (method.equals("runOnFixedPool") ? "" : JdkNotes.earlyTermination()));
        } finally {
            caller.close(gate::open);
        }
    }

    /**
     * {@code work} that, when interrupted, still needs {@link #STOPPING} to end (ignoring further interrupts
     * meanwhile), then ends with {@link Work.Interrupted}.
     */
    private static Runnable slowToStop(Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (Work.Interrupted e) {
                long deadline = System.nanoTime() + STOPPING.toNanos();
                for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(left);
                    } catch (InterruptedException again) {
                        // still stopping
                    }
                }
                Thread.currentThread().interrupt(); // as Work.Interrupted promises, so a worker sees it and stops
                throw e;
            }
        };
    }

    /** Waits until every task has ended, so that what a test reads from the probe is complete. */
    private static void awaitAllFinished(TaskProbe probe, int n, String method) {
        Eventually.within(PATIENCE).until("all " + n + " tasks of " + method + " to finish",
                () -> probe.finished() == n, () -> probe.finished() + " had finished" + ranTwice(probe, n));
    }

    /**
     * What it means when more tasks ran than were given: empty when not. A task that runs twice does its work twice
     * (a payment, an e-mail); the usual cause is workers taking the next index with a plain {@code next++}.
     */
    private static String ranTwice(TaskProbe probe, int n) {
        if (probe.started() <= n) {
            return "";
        }
        return ", " + probe.started() + " runs of " + n + " tasks: some task ran more than once. Every task runs "
                + "exactly once; if your workers take the next task from a shared index, two of them that bump it "
                + "at the same time with ++ (read, add one, write back) both get the same task: use an "
                + "AtomicInteger's getAndIncrement, or a queue";
    }

    private static AssertionFailedError withCause(AssertionFailedError error, Throwable cause) {
        if (cause != null) {
            error.initCause(cause);
        }
        return error;
    }

    /** What a call did: what it threw, and how many tasks had finished at that moment. */
    private record Outcome(Throwable thrown, int finishedAtEnd) {

        static Outcome of(TaskProbe probe, Expect.ThrowingRunnable call) {
            try {
                call.run();
                return new Outcome(null, probe.finished());
            } catch (Throwable t) {
                return new Outcome(t, probe.finished());
            }
        }
    }

    /** The failures of tasks 1, 3 and 5, each a distinct exception, and what the contract says about them. */
    private static final class Failing {
        private final List<RuntimeException> failures = IntStream.range(0, 6)
                .mapToObj(i -> new IllegalStateException("task " + i + " failed on purpose"))
                .map(RuntimeException.class::cast)
                .toList();

        boolean has(int index) {
            return index == 1 || index == 3 || index == 5;
        }

        RuntimeException of(int index) {
            return failures.get(index);
        }

        void expectReportedBy(String method, Outcome outcome, int n, String story) {
            Throwable thrown = outcome.thrown();
            if (thrown == null) {
                throw new AssertionFailedError(method + " returned normally although " + story + ": a failure must "
                        + "not be swallowed; the contract requires a CompletionException whose cause is the "
                        + "failure of the earliest failing task in list order");
            }
            if (!(thrown instanceof CompletionException)) {
                throw withCause(new AssertionFailedError(method + " threw " + Expect.describe(thrown) + " when "
                        + story + "; the contract requires a java.util.concurrent.CompletionException whose cause "
                        + "is the failure of the earliest failing task in list order"), thrown);
            }
            Expect.equal("the number of tasks that had finished when " + method + " threw", outcome.finishedAtEnd(),
                    n, "a task that throws does not stop the others: run (or wait for) every task, then report "
                            + "the failures");
            Throwable cause = thrown.getCause();
            if (cause != of(1)) {
                throw withCause(new AssertionFailedError("the CompletionException's cause was "
                        + (cause == null ? "null" : Expect.describe(cause)) + " when " + story + "; the contract "
                        + "requires the failure of task 1, the earliest failing task in list order, whatever "
                        + "order they failed in, so that the outcome does not depend on timing"), thrown);
            }
            Set<Throwable> suppressed = Collections.newSetFromMap(new IdentityHashMap<>());
            suppressed.addAll(Arrays.asList(thrown.getSuppressed()));
            Set<Throwable> expected = Collections.newSetFromMap(new IdentityHashMap<>());
            expected.addAll(List.of(of(3), of(5)));
            if (!suppressed.equals(expected)) {
                throw withCause(new AssertionFailedError("the CompletionException's suppressed exceptions were "
                        + Arrays.stream(thrown.getSuppressed()).map(Expect::describe).toList() + " when " + story
                        + "; the contract requires exactly the other failures, of tasks 3 and 5, as suppressed "
                        + "exceptions (Throwable.addSuppressed), so that no failure is lost"), thrown);
            }
        }
    }
}
