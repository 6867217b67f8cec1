/*
 * CORRECT: every thread counts a CountDownLatch down when its task ends; the caller awaits the latch, and on an
 * interrupt interrupts the threads and waits for them
 */
package io.github.threadlab.startup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.CountDownLatch;

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
        CountDownLatch finished = new CountDownLatch(n);
        Runnable counted = () -> {
            try {
                task.run();
            } finally {
                finished.countDown();
            }
        };
        long start = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                Thread thread = factory.newThread(counted);
                threads.add(thread);
                thread.start();
            }
            finished.await();
        } catch (InterruptedException | RuntimeException | Error e) {
            threads.forEach(Thread::interrupt);
            joinUninterruptibly(threads);
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        joinUninterruptibly(threads); // the latch opens a moment before the threads have ended
        return took;
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
