package io.github.threadlab.startup;

import java.time.Duration;
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
 * 100,000, prints the table, and writes a CSV file and a chart. The story and the contract in plain words:
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
 */
public final class StartupBenchmark {

    private StartupBenchmark() {
    }

    /**
     * Creates {@code n} threads with {@code factory}, starts them all, each running {@code task}, [waits-for-all] waits
     * until every one has finished, [wall-time] and returns the wall time from just before the first thread is created
     * to just after the last one has finished.
     *
     * <p>[factory-threads] Threads: exactly {@code n} threads come from {@code factory} (one
     * {@link ThreadFactory#newThread} call each), and {@code task} runs once on each of them, never on another thread.
     * [all-started] All {@code n} are started before this method waits for any, so all {@code n} tasks can be running
     * at the same moment. [threads-ended] When it returns or throws, every thread it started has ended.
     * [zero-threads] For {@code n == 0} it returns at once, without calling the factory.
     *
     * <p>[monotonic-clock] Time: measured with a monotonic clock ({@link System#nanoTime()}), not the time of day. It
     * includes creating and starting the threads, running the tasks and waiting for the last one to end.
     *
     * <p>[interrupt] Interruption: if the calling thread is interrupted while this method waits, it interrupts the
     * threads it started, waits for them to end, and throws {@link InterruptedException}.
     *
     * <p>Not guaranteed: whether every thread is created before the first is started or each is started as soon as
     * it is created; the order in which the tasks run; what happens when a task throws or the factory returns null.
     *
     * @param n       how many threads to create and run, at least 0
     * @param factory where every thread comes from, e.g. {@code Thread.ofVirtual().factory()}
     * @param task    what each thread runs
     * @return the wall time from before the first thread was created to after the last had finished
     * @throws NullPointerException     [null-rejected] if {@code factory} or {@code task} is null; no thread has been
     *                                  created then
     * @throws IllegalArgumentException [negative-rejected] if {@code n < 0}; no thread has been created then
     * @throws InterruptedException     if the calling thread was interrupted while waiting
     */
    public static Duration timeToRun(int n, ThreadFactory factory, Runnable task) throws InterruptedException {
        throw new UnsupportedOperationException("exercise 2 (startup): implement timeToRun, see docs/startup.md");
    }

    /**
     * Course-provided: runs the start-up lab with {@link #timeToRun}; see {@link StartupLab}. Leave it as it is.
     *
     * @param args the lab's options (sizes, {@code --platform-limit N}, ...), see {@link StartupLab#main}
     */
    public static void main(String[] args) throws Exception {
        StartupLab.main(args);
    }
}
