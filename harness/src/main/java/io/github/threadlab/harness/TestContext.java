package io.github.threadlab.harness;

import java.util.LinkedHashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * What the harness knows about the graded test that is running: the platform threads alive before it
 * started, and the threads its probes saw run work. Graded tests run one at a time, so one current
 * context is enough.
 */
final class TestContext {

    private static volatile TestContext current;

    private final Set<Thread> threadsBefore;
    private final Queue<TaskProbe> probes = new ConcurrentLinkedQueue<>();
    private final Set<Thread> watched = ConcurrentHashMap.newKeySet();
    private final Timeline timeline;
    private volatile Thread testThread;

    private TestContext(Set<Thread> threadsBefore, Timeline timeline) {
        this.threadsBefore = threadsBefore;
        this.timeline = timeline;
    }

    static TestContext begin() {
        Timeline timeline = TimelineArchive.collecting() ? Timeline.startingNow() : Timeline.off();
        TestContext context = new TestContext(Set.copyOf(Thread.getAllStackTraces().keySet()), timeline);
        current = context;
        return context;
    }

    /** The running graded test's timeline, or one that records nothing. */
    static Timeline currentTimeline() {
        TestContext context = current;
        return context == null ? Timeline.off() : context.timeline;
    }

    Timeline timeline() {
        return timeline;
    }

    /** Ends the timeline, drawing the probed tasks that are still running as unfinished bars. */
    Timeline finishTimeline() {
        if (timeline.recording()) {
            for (TaskProbe probe : probes) {
                for (Run run : probe.unfinishedRuns()) {
                    timeline.bar("task " + run.index() + " (still running)", run.thread(), run.startNanos(), -1,
                            false);
                }
            }
            timeline.end();
        }
        return timeline;
    }

    static void end(TestContext context) {
        if (current == context) {
            current = null;
        }
    }

    /** Lets the running graded test's leak check see the threads {@code probe} records. */
    static void watch(TaskProbe probe) {
        TestContext context = current;
        if (context != null) {
            context.probes.add(probe);
        }
    }

    /** Lets the running graded test's leak check see {@code thread}. */
    static void watch(Thread thread) {
        TestContext context = current;
        if (context != null) {
            context.watched.add(thread);
        }
    }

    void testThread(Thread thread) {
        this.testThread = thread;
        timeline.caller(thread);
    }

    /**
     * The threads this test may have started: every thread a probe saw run work, and every platform thread
     * that did not exist before the test, except the test's own thread and the JDK's shared ones.
     */
    Set<Thread> startedThreads() {
        Set<Thread> started = new LinkedHashSet<>(watched);
        for (TaskProbe probe : probes) {
            started.addAll(probe.threads());
        }
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!threadsBefore.contains(thread)) {
                started.add(thread);
            }
        }
        started.remove(testThread);
        started.remove(Thread.currentThread());
        started.removeIf(TestContext::isShared);
        return started;
    }

    /** Threads the JDK or the harness share between tests; they are not the test's to stop. */
    private static boolean isShared(Thread thread) {
        if (thread instanceof ForkJoinWorkerThread worker && worker.getPool() == ForkJoinPool.commonPool()) {
            return true;
        }
        // The JDK starts these on demand and keeps them: virtual-thread carriers and their timer (thread group
        // "CarrierThreads"), and system threads such as "VirtualThread-unblocker" ("InnocuousThreadGroup").
        ThreadGroup group = thread.getThreadGroup();
        if (group != null && (group.getName().equals("CarrierThreads")
                || group.getName().equals("InnocuousThreadGroup"))) {
            return true;
        }
        String name = thread.getName();
        // The JDK's shared timer behind CompletableFuture.orTimeout, completeOnTimeout and delayedExecutor:
        // "ForkJoinPool.commonPool-delayScheduler" since JDK 25, "CompletableFutureDelayScheduler" before.
        if (name.equals("ForkJoinPool.commonPool-delayScheduler") || name.equals("CompletableFutureDelayScheduler")) {
            return true;
        }
        return name.startsWith("threadlab-harness") || name.equals("process reaper")
                || name.equals("Common-Cleaner") || name.startsWith("HttpClient-")
                || name.equals("Attach Listener") || name.startsWith("surefire-");
    }
}
