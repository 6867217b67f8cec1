/*
 * CORRECT: Executors.newThreadPerTaskExecutor(factory) in try-with-resources; close() waits for every task, and
 * after an interrupt it stops them, waits, and sets the interrupt flag again, which is then thrown as
 * InterruptedException
 */
package io.github.threadlab.startup;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
        long start = System.nanoTime();
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(factory)) {
            for (int i = 0; i < n; i++) {
                executor.execute(task);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting for the threads");
        }
        return took;
    }

    public static void main(String[] args) throws Exception {
        StartupLab.main(args);
    }
}
