package io.github.threadlab.harness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Records what happens to the work a test injects: which thread ran each task, whether it was virtual,
 * when it started and ended, how many ran at once and the peak.
 *
 * <pre>{@code
 * TaskProbe probe = TaskProbe.create();
 * List<Runnable> tasks = probe.tasks(10, i -> Work.sleep(ms(100)));
 * SleepTasks.runOnFixedPool(tasks, 3);
 * Expect.atMost("peak of tasks running at once", probe.peakInFlight(), 3, "the pool has 3 threads");
 * }</pre>
 *
 * <p>Thread-safe. A probe created during a graded test reports the threads it saw to that test's leak
 * check, so a solution that leaves one of them running fails.
 */
public final class TaskProbe {

    private final Map<Integer, Run> runs = new ConcurrentHashMap<>();
    /** The runs that have started and not ended, each run apart even when a task runs several times at once. */
    private final Set<Run> running = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final Timeline timeline;
    private final String series;

    private TaskProbe(Timeline timeline) {
        this.timeline = timeline;
        this.series = timeline.recording() ? timeline.nextProbeSeries() : "tasks running";
    }

    /**
     * A new probe, watched by the running graded test's leak check, that draws what it records on the test's
     * {@link Timeline}.
     */
    public static TaskProbe create() {
        TaskProbe probe = new TaskProbe(Timeline.current());
        TestContext.watch(probe);
        return probe;
    }

    /**
     * Declares the limit the test asserts on the tasks running at once, so that the test report draws it as a
     * line over them; it checks nothing by itself.
     *
     * <pre>{@code TaskProbe probe = TaskProbe.create().expectingAtMost(poolSize, "poolSize");}</pre>
     *
     * @param name where the limit comes from, e.g. the parameter's name
     */
    public TaskProbe expectingAtMost(int limit, String name) {
        timeline.limit(series, limit, name);
        return this;
    }

    /** {@code n} probed tasks; task {@code i} does {@code work.apply(i)}. */
    public List<Runnable> tasks(int n, IntFunction<? extends Runnable> work) {
        List<Runnable> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(task(i, work.apply(i)));
        }
        return tasks;
    }

    /** A probed task with the given index. */
    public Runnable task(int index, Runnable work) {
        return new Runnable() {
            @Override
            public void run() {
                Run run = begin(index);
                Throwable thrown = null;
                try {
                    work.run();
                } catch (RuntimeException | Error e) {
                    thrown = e;
                    throw e;
                } finally {
                    end(run, thrown, "task ");
                }
            }

            @Override
            public String toString() {
                return "task " + index;
            }
        };
    }

    /** A probed call with the given index. */
    public <T> Callable<T> call(int index, Callable<T> work) {
        return new Callable<T>() {
            @Override
            public T call() throws Exception {
                Run run = begin(index);
                Throwable thrown = null;
                try {
                    return work.call();
                } catch (Exception | Error e) {
                    thrown = e;
                    throw e;
                } finally {
                    end(run, thrown, "call ");
                }
            }

            @Override
            public String toString() {
                return "call " + index;
            }
        };
    }

    /**
     * Records the start of one run. The same task may run many times, on several threads at once (a test that
     * hands one task to n threads): each run is kept apart, so that its bar has its own thread and times; the
     * run looked up by index is the latest to start.
     */
    private Run begin(int index) {
        Thread me = Thread.currentThread();
        threads.add(me);
        Run run = new Run(index, me, me.isVirtual(), System.nanoTime(), -1, null);
        runs.put(index, run);
        running.add(run);
        started.incrementAndGet();
        int now = inFlight.incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
        timeline.count(series, now);
        return run;
    }

    private void end(Run run, Throwable thrown, String kind) {
        timeline.count(series, inFlight.decrementAndGet());
        Run ended = run.end(System.nanoTime(), thrown);
        running.remove(run);
        runs.replace(run.index(), run, ended); // unless a later run of the same task has started since
        timeline.bar(kind, run.index(), run.thread(), run.startNanos(), ended.endNanos(), thrown != null);
        finished.incrementAndGet();
    }

    /** How many tasks have started. */
    public int started() {
        return started.get();
    }

    /** How many tasks have ended, normally or not. */
    public int finished() {
        return finished.get();
    }

    /** How many tasks are running now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The most tasks that ran at the same moment. */
    public int peakInFlight() {
        return peak.get();
    }

    /** Every run so far, in the order the tasks started. */
    public List<Run> runs() {
        List<Run> all = new ArrayList<>(runs.values());
        all.sort(Comparator.comparingLong(Run::startNanos));
        return all;
    }

    /** The run of task {@code index}, if it has started. */
    public Optional<Run> run(int index) {
        return Optional.ofNullable(runs.get(index));
    }

    /** The indices of the tasks in the order they started. */
    public List<Integer> startOrder() {
        return runs().stream().map(Run::index).toList();
    }

    /** Every distinct thread that ran a task. */
    public Set<Thread> threads() {
        return Set.copyOf(threads);
    }

    /** The runs that have started and not ended yet, every run of a task that runs several times. */
    List<Run> unfinishedRuns() {
        return List.copyOf(running);
    }

    /** How many of the runs were on virtual threads. */
    public long virtualRuns() {
        return runs.values().stream().filter(Run::virtual).count();
    }
}
