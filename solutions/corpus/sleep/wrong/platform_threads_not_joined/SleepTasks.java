/*
 * WRONG: runOnPlatformThreads starts a platform thread per task and returns without waiting for them
 * Breaks: runOnPlatformThreads "one new platform thread per task, all started before any is waited for; returns when all have finished"
 * Caught by: platform_threads_return_only_when_every_task_has_finished, platform_threads_run_ten_sleeps_in_about_the_time_of_one, platform_threads_run_every_task_despite_failures_then_report_the_earliest
 */
package io.github.threadlab.sleep;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReferenceArray;

public final class SleepTasks {

    private SleepTasks() {
    }

    public static void runSequentially(List<? extends Runnable> tasks) {
        List<Runnable> work = checked(tasks);
        Failures failures = new Failures(work.size());
        for (int i = 0; i < work.size(); i++) {
            failures.recording(i, work.get(i)).run();
        }
        failures.throwIfAny();
    }

    public static void runOnPlatformThreads(List<? extends Runnable> tasks) throws InterruptedException {
        List<Runnable> work = checked(tasks);
        Failures failures = new Failures(work.size());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < work.size(); i++) {
            threads.add(Thread.ofPlatform().start(failures.recording(i, work.get(i))));
        }
        // WRONG: no joinAll(threads): returns while the tasks still run
        failures.throwIfAny();
    }

    public static void runOnVirtualThreads(List<? extends Runnable> tasks) throws InterruptedException {
        List<Runnable> work = checked(tasks);
        Failures failures = new Failures(work.size());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < work.size(); i++) {
            threads.add(Thread.ofVirtual().start(failures.recording(i, work.get(i))));
        }
        joinAll(threads);
        failures.throwIfAny();
    }

    public static void runOnFixedPool(List<? extends Runnable> tasks, int poolSize) throws InterruptedException {
        List<Runnable> work = checked(tasks);
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
        Failures failures = new Failures(work.size());
        List<Callable<Object>> calls = new ArrayList<>();
        for (int i = 0; i < work.size(); i++) {
            calls.add(failures.callable(i, work.get(i)));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(poolSize)) {
            pool.invokeAll(calls); // on interrupt: cancels (interrupts) them all; close() waits for the pool to end
        }
        failures.throwIfAny();
    }

    private static List<Runnable> checked(List<? extends Runnable> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        tasks.forEach(task -> Objects.requireNonNull(task, "a task is null"));
        return List.copyOf(tasks);
    }

    /** Joins every thread; if interrupted meanwhile, interrupts them, waits for them to end, and rethrows. */
    private static void joinAll(List<Thread> threads) throws InterruptedException {
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            for (Thread thread : threads) {
                while (thread.isAlive()) {
                    try {
                        thread.join();
                    } catch (InterruptedException again) {
                        // already on the way out with an InterruptedException
                    }
                }
            }
            throw e;
        }
    }

    /** What each task threw, by list index. */
    private static final class Failures {
        private final AtomicReferenceArray<Throwable> byIndex;

        Failures(int tasks) {
            byIndex = new AtomicReferenceArray<>(tasks);
        }

        Runnable recording(int index, Runnable task) {
            Objects.requireNonNull(task, "task " + index);
            return () -> {
                try {
                    task.run();
                } catch (Throwable t) {
                    byIndex.set(index, t);
                }
            };
        }

        Callable<Object> callable(int index, Runnable task) {
            return Executors.callable(recording(index, task));
        }

        /** A CompletionException caused by the earliest failure in list order, the others suppressed. */
        void throwIfAny() {
            CompletionException thrown = null;
            for (int i = 0; i < byIndex.length(); i++) {
                Throwable failure = byIndex.get(i);
                if (failure != null && thrown == null) {
                    thrown = new CompletionException(failure);
                } else if (failure != null) {
                    thrown.addSuppressed(failure);
                }
            }
            if (thrown != null) {
                throw thrown;
            }
        }
    }
}
