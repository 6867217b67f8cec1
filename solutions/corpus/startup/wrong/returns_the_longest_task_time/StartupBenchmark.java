/*
 * WRONG: timeToRun times each task on its own thread and returns the longest of those times
 * Breaks: timeToRun "returns the wall time from before the first thread is created to after the last has finished"
 * Caught by: the_time_runs_from_before_the_first_thread_is_made_to_after_the_last_task_ends
 */
package io.github.threadlab.startup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

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
        AtomicLong longest = new AtomicLong();
        // WRONG: each thread's own running time leaves out creating and starting the threads
        Runnable timed = () -> {
            long begin = System.nanoTime();
            try {
                task.run();
            } finally {
                longest.accumulateAndGet(System.nanoTime() - begin, Math::max);
            }
        };
        try {
            for (int i = 0; i < n; i++) {
                Thread thread = factory.newThread(timed);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            threads.forEach(Thread::interrupt);
            joinUninterruptibly(threads);
            throw e;
        }
        return Duration.ofNanos(longest.get());
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
