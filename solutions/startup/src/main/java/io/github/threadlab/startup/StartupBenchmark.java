package io.github.threadlab.startup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * Exercise 2, {@code startup}: what it costs to start N threads, platform or virtual.
 *
 * <p>The Python article this exercise follows gave N tasks the same work, ten sleeps of 100 ms, so that every task
 * needs one second, and ran them all at once: on N threads, then as N coroutines. Whatever the run takes beyond that
 * second is the price of starting, scheduling and ending N of them. With 10,000 threads the article paid 205 s on
 * top of the second; 100,000 coroutines cost 11 s.
 *
 * <p>Java asks the same question of its two kinds of thread. A platform thread is an operating-system thread with a
 * stack of its own; a virtual thread is a small object that the JVM parks while it sleeps and runs on a few carrier
 * threads. {@link #timeToRun} measures one round: N threads from a {@link ThreadFactory} (so the same method measures
 * both kinds: {@code Thread.ofPlatform().factory()} or {@code Thread.ofVirtual().factory()}), all running at once,
 * timed from before the first is created to after the last has finished.
 *
 * <p>{@link #main} is course-provided: it runs the article's experiment with your {@code timeToRun}, for N from 1 to
 * 100,000, prints the table, and writes a CSV file and a chart. The story, the contract in plain words and hints:
 * {@code docs/startup.md}.
 *
 * <pre>
 * HOW TO RUN
 *
 *   ./mvnw test -Dtest='io.github.threadlab.startup.*Test'
 *
 * To debug, run the test class with your IDE's Debug, or add -Dmaven.surefire.debug to the command and attach a
 * debugger to port 5005: under a debugger every time limit is 60 times as long, so a breakpoint fails no test.
 *
 * The scoreboard printed at the end shows what passes. The tests never time your machine's speed: they count the
 * threads your code asks the factory for, hold the tasks at gates, and make them meet at a rendezvous that only
 * threads running at the same moment can reach. Then the experiment itself, on a JDK 21+ found by the build:
 *
 *   ./mvnw -q compile exec:exec@startup-lab
 *
 * which prints the table and writes target/startup/startup.csv and target/startup/startup.png.
 * </pre>
 *
 * <p>The contract of each public member is the stub's javadoc, which this class does not repeat.
 */
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
            // Each thread starts as soon as it exists: the first tasks run while the last threads are being made,
            // as they would in a server that starts a thread per request.
            for (int i = 0; i < n; i++) {
                Thread thread = factory.newThread(task);
                if (thread == null) {
                    throw new RejectedExecutionException("the factory made no thread for thread " + i + " of " + n);
                }
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            // interrupted while waiting, or e.g. "unable to create native thread" halfway through making them
            threads.forEach(Thread::interrupt);
            joinUninterruptibly(threads);
            throw e;
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Waits until every thread has ended, even if the calling thread is interrupted meanwhile; the interrupt is
     * not lost but set again afterwards.
     */
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
