/*
 * WRONG: timeToRun rejects n = 0 with IllegalArgumentException, as if at least one thread were needed
 * Breaks: timeToRun "creates exactly n threads with `factory` (n >= 0)"
 * Caught by: zero_threads_return_at_once_without_calling_the_factory
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
        if (n < 1) { // WRONG: off by one: n >= 0 is the range, and timing zero threads is allowed
            throw new IllegalArgumentException("n must be at least 1, was " + n);
        }
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(task, "task");
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                Thread thread = factory.newThread(task);
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
        return Duration.ofNanos(System.nanoTime() - start);
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
