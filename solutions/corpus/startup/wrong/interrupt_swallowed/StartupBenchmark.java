/*
 * WRONG: timeToRun catches InterruptedException around each join and joins again
 * Breaks: "an interrupt of the calling thread while it waits is answered with InterruptedException after interrupting the work that this call started"
 * Caught by: an_interrupt_while_waiting_stops_the_tasks_and_throws_InterruptedException
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
                Thread thread = factory.newThread(task);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                while (thread.isAlive()) {
                    try {
                        thread.join();
                    } catch (InterruptedException ignored) {
                        // WRONG: the interrupt is swallowed and the wait goes on
                    }
                }
            }
        } catch (RuntimeException | Error e) {
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
