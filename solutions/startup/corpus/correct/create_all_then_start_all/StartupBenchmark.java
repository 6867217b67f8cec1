/*
 * CORRECT: creates every thread with the factory first, then starts them all, then joins them all
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
        long start = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                threads.add(Objects.requireNonNull(factory.newThread(task), "the factory made no thread"));
            }
            for (Thread thread : threads) {
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
