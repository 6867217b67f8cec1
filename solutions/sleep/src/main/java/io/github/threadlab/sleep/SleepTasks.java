package io.github.threadlab.sleep;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

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
 * <p>The story, the contract in plain words and hints: {@code docs/sleep.md}.
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
 *
 * <p>The contract of each public member is the stub's javadoc, which this class does not repeat.
 */
public final class SleepTasks {

    private SleepTasks() {
    }

    public static void runSequentially(List<? extends Runnable> tasks) {
        List<Runnable> work = checked(tasks);
        TaskFailures failures = new TaskFailures(work.size());
        for (int i = 0; i < work.size(); i++) {
            failures.recording(i, work.get(i)).run();
        }
        failures.throwIfAny();
    }

    public static void runOnPlatformThreads(List<? extends Runnable> tasks) throws InterruptedException {
        runEachOnItsOwnThread(checked(tasks), Thread.ofPlatform().name("sleep-platform-", 0));
    }

    public static void runOnVirtualThreads(List<? extends Runnable> tasks) throws InterruptedException {
        runEachOnItsOwnThread(checked(tasks), Thread.ofVirtual().name("sleep-virtual-", 0));
    }

    public static void runOnFixedPool(List<? extends Runnable> tasks, int poolSize) throws InterruptedException {
        List<Runnable> work = checked(tasks);
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
        TaskFailures failures = new TaskFailures(work.size());
        // The pool's own threads, so that it can wait until they have ended: a pool reports itself terminated
        // a moment before its last worker thread has died.
        List<Thread> poolThreads = new CopyOnWriteArrayList<>();
        ThreadFactory factory = Thread.ofPlatform().name("sleep-pool-", 0).factory();
        ThreadFactory recorded = task -> {
            Thread thread = factory.newThread(task);
            poolThreads.add(thread);
            return thread;
        };
        ExecutorService pool = Executors.newFixedThreadPool(poolSize, recorded);
        try {
            for (int i = 0; i < work.size(); i++) {
                pool.execute(failures.recording(i, work.get(i)));
            }
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                // keep waiting: the tasks take as long as they take
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            pool.shutdownNow(); // interrupts the running tasks; the queued ones never start
            joinUninterruptibly(poolThreads);
            throw e;
        }
        for (Thread thread : poolThreads) {
            thread.join();
        }
        failures.throwIfAny();
    }

    /** The tasks as an immutable list, after checking that neither the list nor an element is null. */
    private static List<Runnable> checked(List<? extends Runnable> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        for (int i = 0; i < tasks.size(); i++) {
            Objects.requireNonNull(tasks.get(i), "tasks[" + i + "]");
        }
        return List.copyOf(tasks);
    }

    /** Starts one thread per task with {@code builder}, all before waiting for any, then waits for them all. */
    private static void runEachOnItsOwnThread(List<Runnable> tasks, Thread.Builder builder)
            throws InterruptedException {
        TaskFailures failures = new TaskFailures(tasks.size());
        List<Thread> threads = new ArrayList<>(tasks.size());
        try {
            for (int i = 0; i < tasks.size(); i++) {
                threads.add(builder.start(failures.recording(i, tasks.get(i))));
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            // interrupted while waiting, or e.g. "unable to create native thread" halfway through starting them
            threads.forEach(Thread::interrupt);
            joinUninterruptibly(threads);
            throw e;
        }
        failures.throwIfAny();
    }

    /**
     * Waits until every thread has ended, even if the calling thread is interrupted meanwhile; the interrupt is
     * not lost but set again afterwards.
     */
    private static void joinUninterruptibly(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
