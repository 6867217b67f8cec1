package io.github.threadlab.harness;

import java.time.Duration;

/**
 * One run of a probed task: which task, on which thread, when, and how it ended.
 *
 * @param index     the task's index in the list the test built
 * @param thread    the thread that ran it
 * @param virtual   whether that thread was virtual
 * @param startNanos {@link System#nanoTime()} when the task started
 * @param endNanos  {@link System#nanoTime()} when it ended, or {@code -1} while it runs
 * @param failure   what the task threw, or {@code null}
 */
public record Run(int index, Thread thread, boolean virtual, long startNanos, long endNanos, Throwable failure) {

    /** Whether the task has ended. */
    public boolean finished() {
        return endNanos >= 0;
    }

    /** How long it ran (so far). */
    public Duration duration() {
        return Duration.ofNanos((finished() ? endNanos : System.nanoTime()) - startNanos);
    }

    /** The name of the thread that ran it. */
    public String threadName() {
        return thread.getName();
    }

    Run end(long nanos, Throwable thrown) {
        return new Run(index, thread, virtual, startNanos, nanos, thrown);
    }
}
