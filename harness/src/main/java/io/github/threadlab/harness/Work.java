package io.github.threadlab.harness;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Work that tests inject into the student's code, usually wrapped by a {@link TaskProbe}.
 *
 * <p>Every blocking piece of work answers an interrupt by ending early with {@link Interrupted} (and the
 * thread's interrupt flag set again), so a solution that cancels work can be seen to do so, and none of
 * them blocks forever.
 */
public final class Work {

    private Work() {
    }

    /** Sleeps for {@code duration}. */
    public static Runnable sleep(Duration duration) {
        return () -> {
            try {
                Thread.sleep(duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Interrupted("interrupted while sleeping");
            }
        };
    }

    /** Throws {@code failure}. */
    public static Runnable fail(RuntimeException failure) {
        return () -> {
            throw failure;
        };
    }

    /** Sleeps for {@code duration}, then throws {@code failure}. */
    public static Runnable sleepThenFail(Duration duration, RuntimeException failure) {
        Runnable sleep = sleep(duration);
        return () -> {
            sleep.run();
            throw failure;
        };
    }

    /**
     * For work that waits for other work: blocks until {@code latch} opens, or for at most {@code atMost} (as given,
     * not scaled), so that a solution that never lets the other work run costs one wait, not a hang. Interrupted, it
     * ends with {@link Interrupted}, "interrupted while waiting for {forWhat}", and the interrupt flag set again.
     *
     * @return whether the latch opened in time
     */
    public static boolean awaitAtMost(CountDownLatch latch, Duration atMost, String forWhat) {
        try {
            return latch.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted("interrupted while waiting for " + forWhat);
        }
    }

    /** Does nothing. */
    public static Runnable nothing() {
        return () -> {
        };
    }

    /** Thrown by work that was interrupted while it waited. */
    public static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Interrupted(String message) {
            super(message);
        }
    }
}
