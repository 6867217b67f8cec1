/*
 * WRONG: an interrupt of the wait interrupts the threads, then throws InterruptedException without waiting for them to end
 * Breaks: "No method leaves a thread that it started running after it returns or throws, unless the contract says so."
 * Caught by: an_interrupt_waits_for_the_interrupted_tasks_to_end_before_throwing
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
                thread.join();
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            threads.forEach(Thread::interrupt);
            throw e; // WRONG: the interrupted threads may still be running when the caller learns of the interrupt
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    public static void main(String[] args) throws Exception {
        StartupLab.main(args);
    }
}
