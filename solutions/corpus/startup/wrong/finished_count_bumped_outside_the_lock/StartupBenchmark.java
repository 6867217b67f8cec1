/*
 * WRONG: every thread counts itself finished in a hand-made latch whose count++ runs outside the lock; two tasks that end together count as one, and the caller waits for ever
 * Breaks: timeToRun "starts them all, each running `task`, waits for all, returns the wall time ..."
 * Caught by: returns_only_after_every_task_has_finished
 * Race: an int count bumped with ++ by every started thread, outside the lock
 */
package io.github.threadlab.startup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

public final class StartupBenchmark {

    private StartupBenchmark() {
    }

    public static Duration timeToRun(int n, ThreadFactory factory, Runnable task) throws InterruptedException {
        if (n < 0) {
            throw new IllegalArgumentException("n must be at least 0, was " + n);
        }
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(task, "task");
        List<Thread> threads = new ArrayList<>(n);
        Finished finished = new Finished();
        Runnable counted = () -> {
            try {
                task.run();
            } finally {
                finished.countOne();
            }
        };
        long start = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                Thread thread = factory.newThread(counted);
                threads.add(thread);
                thread.start();
            }
            finished.await(n);
        } catch (InterruptedException | RuntimeException | Error e) {
            threads.forEach(Thread::interrupt);
            joinUninterruptibly(threads);
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        joinUninterruptibly(threads); // the latch opens a moment before the threads have ended
        return took;
    }

    /** How many tasks have finished: a latch of our own, on the object's monitor. */
    private static final class Finished {
        private int count;

        void countOne() {
            count++; // WRONG: read, add one, write, outside the lock: two tasks ending together lose a count
            synchronized (this) {
                notifyAll(); // only the notify is under the lock, where wait and notify have to be
            }
        }

        synchronized void await(int n) throws InterruptedException {
            while (count < n) {
                wait();
            }
        }
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

    public static void main(String[] args) throws Exception {
        StartupLab.main(args);
    }
}
