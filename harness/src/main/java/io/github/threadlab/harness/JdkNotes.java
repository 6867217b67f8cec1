package io.github.threadlab.harness;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

/**
 * What a failure message adds when the JDK the tests run on behaves differently from newer ones, in a way that
 * makes a solution wrong on this JDK only. The course runs on JDK 21 or newer, and a grade must not depend on
 * which of them a student or a grading machine has unless the code really is wrong there; when it is, the
 * message says which JDK shows it, why, and what works on every JDK. Each note is empty on a JDK that does not
 * behave that way, so a test can append it to any message.
 */
public final class JdkNotes {

    /** The JDK release whose thread-per-task executor first waits for the threads of cancelled tasks. */
    private static final int TERMINATION_WAITS_FOR_CANCELLED_TASKS = 25;
    /** The JDK release from which a virtual thread that blocks inside synchronized no longer pins its carrier. */
    private static final int SYNCHRONIZED_DOES_NOT_PIN = 24;

    private JdkNotes() {
    }

    /** The feature release of the JDK these tests run on: 21, 25, ... */
    public static int release() {
        return Runtime.version().feature();
    }

    /**
     * For a method seen ending while threads it had interrupted were still running: on JDK 21 to 24, an executor
     * of {@code Executors.newVirtualThreadPerTaskExecutor()} reports itself terminated while the threads of
     * cancelled tasks still run (JDK-8347039, fixed in JDK 25).
     */
    public static String earlyTermination() {
        if (release() >= TERMINATION_WAITS_FOR_CANCELLED_TASKS) {
            return "";
        }
        return " [JDK " + release() + ": these tests run on JDK " + Runtime.version() + ". Before JDK 25, an "
                + "executor of Executors.newVirtualThreadPerTaskExecutor() (or newThreadPerTaskExecutor) counts a task "
                + "as ended as soon as its Future is cancelled, although its thread is still running (JDK-8347039): "
                + "invokeAll cancels every future when it is interrupted, and so does Future.cancel(true), so "
                + "awaitTermination() returns true, isTerminated() is true and close() returns while those threads "
                + "still run. JDK 25 waits for them, so the same code passes there; the grade follows the contract, "
                + "which holds on every JDK 21+. Portable fix: wait for the threads themselves (start them with "
                + "Thread.ofVirtual() and join them), or stop the calls with shutdownNow() instead of cancelling "
                + "their futures (submit, then Future.get(); shutdownNow() interrupts the threads and termination "
                + "then waits for them on every JDK)]";
    }

    /**
     * For virtual threads seen running fewer at once than they should: on JDK 21 to 23, a virtual thread that
     * blocks inside {@code synchronized} pins its carrier thread (JEP 491 removed that in JDK 24), so no more of
     * them run at once than there are carriers.
     *
     * @param mostAtOnce the most that were seen running at once
     */
    public static String pinning(int mostAtOnce) {
        int carriers = carriers();
        if (release() >= SYNCHRONIZED_DOES_NOT_PIN || mostAtOnce > carriers) {
            return "";
        }
        return " [JDK " + release() + ": these tests run on JDK " + Runtime.version() + ", whose virtual threads "
                + "run on " + carriers + " carrier threads; " + mostAtOnce + " at once is what you see when each "
                + "virtual thread blocks (sleeps, waits) inside a synchronized block or method: before JDK 24 it then "
                + "stays mounted on its carrier (it is pinned), and the others wait for a free carrier. JDK 24 and "
                + "newer unmount it (JEP 491), so the same code passes there; the grade follows the contract, which "
                + "holds on every JDK 21+. See it with -Djdk.tracePinnedThreads=full (JDK 21 to 23) or JFR's "
                + "jdk.VirtualThreadPinned event. Portable fix: do not block while holding a monitor: keep "
                + "synchronized around the bookkeeping only, or use a java.util.concurrent lock (ReentrantLock), "
                + "which a virtual thread can wait on without pinning]";
    }

    /**
     * For calls seen running without bound, or on threads that are not the solution's own: where
     * {@code CompletableFuture.supplyAsync} without an executor does not use the common pool (JDK 21 to 24 when the
     * common pool has a parallelism of 1, as on a machine of 2 cores or fewer), it starts a new thread per call.
     */
    public static String asyncDefaultExecutor() {
        if (new CompletableFuture<Void>().defaultExecutor() == ForkJoinPool.commonPool()) {
            return "";
        }
        return " [JDK " + release() + ": these tests run on JDK " + Runtime.version() + ", where "
                + "CompletableFuture.supplyAsync and runAsync without an executor do not use the common pool, whose "
                + "parallelism is " + ForkJoinPool.getCommonPoolParallelism() + " here (cores - 1): before JDK 25 they "
                + "then start a new thread for every call, with no bound at all; from JDK 25 they run on the common "
                + "pool. Neither is the bridge's own bounded pool. Portable fix: always pass your executor, "
                + "supplyAsync(supplier, executor)]";
    }

    /** How many carrier threads run the virtual threads: the scheduler's parallelism. */
    static int carriers() {
        String configured = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (configured != null) {
            try {
                return Integer.parseInt(configured.strip());
            } catch (NumberFormatException e) {
                // the JDK ignores a malformed value too
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
