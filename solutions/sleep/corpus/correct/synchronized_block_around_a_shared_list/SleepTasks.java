/*
 * CORRECT: a plain ArrayList of failures shared by the tasks' threads, each add inside synchronized (list); sorted
 * by list index once all have finished
 */
package io.github.threadlab.sleep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

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
        Failures failures = new Failures(work.size());
        // The pool's own threads, so that it can wait until they have ended.
        List<Thread> poolThreads = new CopyOnWriteArrayList<>();
        ThreadFactory factory = Thread.ofPlatform().name("sleep-pool-", 0).factory();
        ExecutorService pool = Executors.newFixedThreadPool(poolSize, task -> {
            Thread thread = factory.newThread(task);
            poolThreads.add(thread);
            return thread;
        });
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

    private static List<Runnable> checked(List<? extends Runnable> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        for (int i = 0; i < tasks.size(); i++) {
            Objects.requireNonNull(tasks.get(i), "tasks[" + i + "]");
        }
        return List.copyOf(tasks);
    }

    private static void runEachOnItsOwnThread(List<Runnable> tasks, Thread.Builder builder)
            throws InterruptedException {
        Failures failures = new Failures(tasks.size());
        List<Thread> threads = new ArrayList<>(tasks.size());
        try {
            for (int i = 0; i < tasks.size(); i++) {
                threads.add(builder.start(failures.recording(i, tasks.get(i))));
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            threads.forEach(Thread::interrupt);
            joinUninterruptibly(threads);
            throw e;
        }
        failures.throwIfAny();
    }

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

    /** What the tasks of one call threw, with their list index, and the exception the call throws for them. */
    private static final class Failures {

        private record Failed(int index, Throwable failure) {
        }

        private final List<Failed> failed;

        Failures(int tasks) {
            this.failed = new ArrayList<>(tasks); // every add holds its lock: the tasks' threads add one at a time
        }

        Runnable recording(int index, Runnable task) {
            return () -> {
                try {
                    task.run();
                } catch (Throwable failure) {
                    synchronized (failed) {
                        failed.add(new Failed(index, failure));
                    }
                }
            };
        }

        /**
         * Call once every task has finished: the failures in list order, whatever order they happened in. No lock
         * needed here: join (or the pool's termination) makes every add visible to the caller.
         */
        void throwIfAny() {
            if (failed.isEmpty()) {
                return;
            }
            failed.sort(Comparator.comparingInt(Failed::index));
            CompletionException thrown = new CompletionException(failed.get(0).failure());
            for (Failed other : failed.subList(1, failed.size())) {
                thrown.addSuppressed(other.failure());
            }
            throw thrown;
        }
    }
}
