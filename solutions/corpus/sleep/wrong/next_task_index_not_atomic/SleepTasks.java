/*
 * WRONG: runOnFixedPool's hand-made workers take the next task index from a shared int[] slot with next[0]++
 * Breaks: "a pool of poolSize platform threads (poolSize >= 1; starting fewer when there are fewer tasks is fine): never more than poolSize tasks running at once, and poolSize at once while enough tasks remain; returns when all have finished and the pool's threads have ended"
 * Caught by: fixed_pool_returns_when_every_task_has_finished_and_its_threads_have_ended, fixed_pool_runs_tasks_on_at_most_pool_size_platform_threads
 * Race: next[0]++ on a shared int[] decides which task a worker runs
 */
package io.github.threadlab.sleep;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;

public final class SleepTasks {

    private SleepTasks() {
    }

    public static void runSequentially(List<? extends Runnable> tasks) {
        Runnable[] work = checked(tasks);
        Throwable[] failures = new Throwable[work.length];
        for (int i = 0; i < work.length; i++) {
            failures[i] = runCatching(work[i]);
        }
        throwIfAny(failures);
    }

    public static void runOnPlatformThreads(List<? extends Runnable> tasks) throws InterruptedException {
        Runnable[] work = checked(tasks);
        Throwable[] failures = new Throwable[work.length];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < work.length; i++) {
            int index = i;
            threads.add(new Thread(() -> failures[index] = runCatching(work[index])));
        }
        startAndJoin(threads);
        throwIfAny(failures);
    }

    public static void runOnVirtualThreads(List<? extends Runnable> tasks) throws InterruptedException {
        Runnable[] work = checked(tasks);
        Throwable[] failures = new Throwable[work.length];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < work.length; i++) {
            int index = i;
            threads.add(Thread.ofVirtual().unstarted(() -> failures[index] = runCatching(work[index])));
        }
        startAndJoin(threads);
        throwIfAny(failures);
    }

    public static void runOnFixedPool(List<? extends Runnable> tasks, int poolSize) throws InterruptedException {
        Runnable[] work = checked(tasks);
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize < 1: " + poolSize);
        }
        Throwable[] failures = new Throwable[work.length];
        int[] next = {0}; // the index of the next task to take, in an array so that the lambdas can change it
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(poolSize, work.length); w++) {
            workers.add(new Thread(() -> {
                int index;
                // WRONG: next[0]++ reads the index, adds one and writes it back: two workers taking a task at once can
                // read the same index, and both run that task
                while (!Thread.currentThread().isInterrupted() && (index = next[0]++) < work.length) {
                    failures[index] = runCatching(work[index]);
                }
            }, "worker-" + w));
        }
        startAndJoin(workers);
        throwIfAny(failures);
    }

    private static Runnable[] checked(List<? extends Runnable> tasks) {
        Runnable[] work = tasks.toArray(new Runnable[0]);
        for (Runnable task : work) {
            Objects.requireNonNull(task);
        }
        return work;
    }

    private static Throwable runCatching(Runnable task) {
        try {
            task.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** Starts every thread, then joins them all; join's happens-before makes their writes visible here. */
    private static void startAndJoin(List<Thread> threads) throws InterruptedException {
        threads.forEach(Thread::start);
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            boolean done = false;
            while (!done) {
                try {
                    for (Thread thread : threads) {
                        thread.join();
                    }
                    done = true;
                } catch (InterruptedException again) {
                    // keep waiting: InterruptedException is already on its way
                }
            }
            throw e;
        }
    }

    private static void throwIfAny(Throwable[] failures) {
        CompletionException thrown = null;
        for (Throwable failure : failures) {
            if (failure == null) {
                continue;
            }
            if (thrown == null) {
                thrown = new CompletionException(failure);
            } else {
                thrown.addSuppressed(failure);
            }
        }
        if (thrown != null) {
            throw thrown;
        }
    }
}
