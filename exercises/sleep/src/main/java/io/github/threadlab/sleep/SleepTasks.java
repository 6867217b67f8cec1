package io.github.threadlab.sleep;

import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Exercise 1, {@code sleep}: the same sleeping tasks run one after another, on platform threads, on virtual
 * threads and on a fixed pool.
 *
 * <p>A task that sleeps stands for one that waits: for a network answer, a disk, a database. Run one after
 * another, ten such tasks take the sum of their waits; run at the same time, about the longest one. The Python
 * article this exercise follows measured 4.37 s against 0.90 s for ten tasks sleeping at random, and 46 times
 * faster for a hundred. Waiting costs no CPU, so this works even on a 2-core machine: concurrency is about
 * waiting at the same time, not about computing at the same time.
 *
 * <p>Java has three ways to wait at the same time, and this class asks for each:
 * <ul>
 *   <li>{@link #runOnPlatformThreads}: one operating-system thread per task. Each reserves a stack of about a
 *   megabyte and costs the kernel a thread, so thousands are a lot.</li>
 *   <li>{@link #runOnVirtualThreads}: one virtual thread per task (JDK 21). The JVM parks a waiting virtual thread
 *   for almost nothing and runs the rest on a few carrier threads, so a hundred thousand are fine.</li>
 *   <li>{@link #runOnFixedPool}: a fixed pool of {@code poolSize} platform threads, the answer from before virtual
 *   threads. It bounds how many tasks run at once, so n tasks take about n / poolSize rounds.</li>
 * </ul>
 * {@link #runSequentially} is the baseline. All four report failures the same way: every task still runs, then a
 * {@link CompletionException} carries the failure of the earliest failing task in list order, with the others
 * as suppressed exceptions, so no failure is lost and the outcome does not depend on timing.
 *
 * <p>The story and the contract in plain words: {@code docs/sleep.md}.
 *
 * <pre>
 * HOW TO RUN
 *
 *   ./mvnw test -Dtest='io.github.threadlab.sleep.*Test'
 *
 * To debug, run the test class with your IDE's Debug, or add -Dmaven.surefire.debug to the command and attach a
 * debugger to port 5005: under a debugger every time limit is 60 times as long, so a breakpoint fails no test.
 *
 * The scoreboard printed at the end shows what passes. A failing test says what it saw, what the contract
 * requires and why; the tests watch the tasks (which thread ran each, how many ran at once), they do not
 * time your machine.
 * </pre>
 */
public final class SleepTasks {

    private SleepTasks() {
    }

    /**
     * [sequential-calling-thread] Runs the tasks one after another on the calling thread, in list order: the baseline
     * that the other methods are measured against. Starts no thread.
     *
     * <p>[sequential-failures] Failures: a task that throws does not stop the others. Once every task has run, if any
     * threw, this method throws a {@link CompletionException} whose cause is the failure of the earliest failing task
     * in list order (not the first to fail in time), with the other failures added as
     * {@linkplain Throwable#getSuppressed() suppressed} exceptions.
     *
     * @param tasks the tasks to run; neither the list nor any element may be null
     * @throws NullPointerException [sequential-null-rejected] if {@code tasks} or one of its elements is null; no task
     *                              has run then
     * @throws CompletionException if a task threw, once every task has run
     */
    public static void runSequentially(List<? extends Runnable> tasks) {
        throw new UnsupportedOperationException(
                "exercise 1 (sleep): implement runSequentially, see docs/sleep.md");
    }

    /**
     * [platform-own-thread] Runs every task on a new platform thread of its own: starts one thread per task,
     * [platform-all-started] all of them before it waits for any, [platform-waits] then waits until every task has
     * finished. [platform-threads-ended] When it returns or throws, every thread it started has ended.
     *
     * <p>[platform-failures] Failures: a task that throws does not stop the others. Once every task has finished, if
     * any threw, this method throws a {@link CompletionException} whose cause is the failure of the earliest failing
     * task in list order (not the first to fail in time), with the other failures added as
     * {@linkplain Throwable#getSuppressed() suppressed} exceptions.
     *
     * <p>[platform-interrupt] Interruption: if the calling thread is interrupted while this method waits, it interrupts
     * the tasks it started, waits for their threads to end, and throws {@link InterruptedException}.
     *
     * <p>Not guaranteed: the order in which the tasks start or finish, and the names of the threads.
     *
     * @param tasks the tasks to run; neither the list nor any element may be null
     * @throws NullPointerException [platform-null-rejected] if {@code tasks} or one of its elements is null; no task
     *                              has started then
     * @throws CompletionException if a task threw, once every task has finished
     * @throws InterruptedException if the calling thread was interrupted while waiting
     */
    public static void runOnPlatformThreads(List<? extends Runnable> tasks) throws InterruptedException {
        throw new UnsupportedOperationException(
                "exercise 1 (sleep): implement runOnPlatformThreads, see docs/sleep.md");
    }

    /**
     * [virtual-own-thread] Runs every task on a new virtual thread of its own: starts one virtual thread per task,
     * [virtual-all-started] all of them before it waits for any, [virtual-waits] then waits until every task has
     * finished. [virtual-threads-ended] When it returns or throws, every thread it started has ended.
     *
     * <p>[virtual-failures] Failures: a task that throws does not stop the others. Once every task has finished, if any
     * threw, this method throws a {@link CompletionException} whose cause is the failure of the earliest failing task
     * in list order (not the first to fail in time), with the other failures added as
     * {@linkplain Throwable#getSuppressed() suppressed} exceptions.
     *
     * <p>[virtual-interrupt] Interruption: if the calling thread is interrupted while this method waits, it interrupts
     * the tasks it started, waits for their threads to end, and throws {@link InterruptedException}.
     *
     * <p>Not guaranteed: the order in which the tasks start or finish, and which carrier threads run them.
     *
     * @param tasks the tasks to run; neither the list nor any element may be null
     * @throws NullPointerException [virtual-null-rejected] if {@code tasks} or one of its elements is null; no task has
     *                              started then
     * @throws CompletionException if a task threw, once every task has finished
     * @throws InterruptedException if the calling thread was interrupted while waiting
     */
    public static void runOnVirtualThreads(List<? extends Runnable> tasks) throws InterruptedException {
        throw new UnsupportedOperationException(
                "exercise 1 (sleep): implement runOnVirtualThreads, see docs/sleep.md");
    }

    /**
     * [pool-platform-threads] Runs the tasks on a pool of {@code poolSize} platform threads: [pool-bound] never more
     * than {@code poolSize} tasks at once, [pool-busy] and {@code poolSize} at once for as long as enough tasks remain
     * (as soon as one finishes, the next starts). [pool-threads-ended] Returns once every task has finished and the
     * pool's threads have ended.
     *
     * <p>[pool-failures] Failures: a task that throws does not stop the others. Once every task has finished, if any
     * threw, this method throws a {@link CompletionException} whose cause is the failure of the earliest failing task
     * in list order (not the first to fail in time), with the other failures added as
     * {@linkplain Throwable#getSuppressed() suppressed} exceptions.
     *
     * <p>[pool-interrupt] Interruption: if the calling thread is interrupted while this method waits, it interrupts the
     * tasks it started, waits for the pool's threads to end, and throws {@link InterruptedException}. Tasks that have
     * not started by then never start.
     *
     * <p>Not guaranteed: the order in which the tasks start or finish, which thread runs which task, and whether the
     * pool starts all {@code poolSize} threads when there are fewer tasks than that.
     *
     * @param tasks    the tasks to run; neither the list nor any element may be null
     * @param poolSize how many platform threads the pool has, at least 1
     * @throws NullPointerException     [pool-null-rejected] if {@code tasks} or one of its elements is null; no task
     *                                  has started then
     * @throws IllegalArgumentException [pool-size-rejected] if {@code poolSize < 1}; no task has started then
     * @throws CompletionException      if a task threw, once every task has finished
     * @throws InterruptedException     if the calling thread was interrupted while waiting
     */
    public static void runOnFixedPool(List<? extends Runnable> tasks, int poolSize) throws InterruptedException {
        throw new UnsupportedOperationException(
                "exercise 1 (sleep): implement runOnFixedPool, see docs/sleep.md");
    }
}
