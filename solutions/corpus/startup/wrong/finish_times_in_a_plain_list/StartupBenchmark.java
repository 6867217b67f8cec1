/*
 * WRONG: every thread adds the time its task ended to a plain ArrayList shared by all of them; the caller takes the latest
 * Breaks: timeToRun "returns the wall time from before the first thread is created to after the last has finished"
 * Caught by: all_n_tasks_run_at_the_same_moment, returns_only_after_every_task_has_finished
 * Race: an ArrayList of end times that every started thread adds to
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
        List<Thread> threads = new ArrayList<>();
        // When each task ended, so that the time stops at the end of the last task, not after n joins
        List<Long> endedAt = new ArrayList<>(); // WRONG: every thread adds to it, with no lock
        Runnable timed = () -> {
            task.run();
            endedAt.add(System.nanoTime());
        };
        long start = System.nanoTime();
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
        long end = endedAt.stream().mapToLong(Long::longValue).max().orElseGet(System::nanoTime);
        return Duration.ofNanos(end - start);
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
