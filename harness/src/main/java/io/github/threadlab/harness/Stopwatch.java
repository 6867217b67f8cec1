package io.github.threadlab.harness;

import java.time.Duration;

/** Measures the wall time of a call with the monotonic clock. */
public final class Stopwatch {

    private Stopwatch() {
    }

    /** Runs {@code action} and returns how long it took; what it throws is passed on. */
    public static <E extends Exception> Duration time(Action<E> action) throws E {
        long start = System.nanoTime();
        action.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** A call that may throw a checked exception. */
    @FunctionalInterface
    public interface Action<E extends Exception> {
        void run() throws E;
    }
}
