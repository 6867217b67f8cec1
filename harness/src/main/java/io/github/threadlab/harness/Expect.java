package io.github.threadlab.harness;

import java.time.Duration;
import java.util.Objects;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions whose failure teaches: each message says what was observed, what the contract requires, and
 * why it matters, e.g. {@code "peak in flight was 10, the limit is 3: requests are not bounded by the
 * semaphore"}.
 */
public final class Expect {

    private Expect() {
    }

    /** Fails with {@code message} unless {@code condition} holds. */
    public static void that(boolean condition, String message) {
        if (!condition) {
            throw new AssertionFailedError(message);
        }
    }

    /** Fails with "{what} was {observed}, the limit is {limit}: {why}" when observed exceeds limit. */
    public static void atMost(String what, long observed, long limit, String why) {
        if (observed > limit) {
            throw new AssertionFailedError(what + " was " + observed + ", the limit is " + limit + ": " + why,
                    limit, observed);
        }
    }

    /** Fails with "{what} was {observed}, at least {minimum} required: {why}" when observed is below minimum. */
    public static void atLeast(String what, long observed, long minimum, String why) {
        if (observed < minimum) {
            throw new AssertionFailedError(what + " was " + observed + ", at least " + minimum + " required: " + why,
                    minimum, observed);
        }
    }

    /** Fails with "{what} was {observed}, expected {expected}: {why}" unless they are equal. */
    public static void equal(String what, Object observed, Object expected, String why) {
        if (!Objects.equals(observed, expected)) {
            throw new AssertionFailedError(what + " was " + observed + ", expected " + expected + ": " + why,
                    expected, observed);
        }
    }

    /**
     * Fails unless {@code elapsed} is at least {@code lowerBound}, a bound that follows from the schedule
     * (see {@link Schedule}) and is never scaled.
     */
    public static void tookAtLeast(String what, Duration elapsed, Duration lowerBound, String why) {
        if (elapsed.compareTo(lowerBound) < 0) {
            throw new AssertionFailedError(what + " took " + Durations.format(elapsed) + ", it cannot take less than "
                    + Durations.format(lowerBound) + ": " + why);
        }
    }

    /**
     * Fails unless {@code elapsed} is at most {@code generousBound} multiplied by the time factor
     * (see {@link TimeLimits}).
     */
    public static void tookAtMost(String what, Duration elapsed, Duration generousBound, String why) {
        Duration bound = TimeLimits.scaled(generousBound);
        if (elapsed.compareTo(bound) > 0) {
            throw new AssertionFailedError(what + " took " + Durations.format(elapsed) + ", the limit is "
                    + Durations.format(bound) + " (time factor " + TimeLimits.factor() + "): " + why);
        }
    }

    /**
     * Runs {@code action} and returns what it threw, failing unless that is a {@code type}.
     *
     * @param why what the contract says and why, used when nothing or something else is thrown
     */
    public static <T extends Throwable> T thrownBy(Class<T> type, ThrowingRunnable action, String why) {
        Throwable thrown;
        try {
            action.run();
            thrown = null;
        } catch (Throwable t) {
            thrown = t;
        }
        if (type.isInstance(thrown)) {
            return type.cast(thrown);
        }
        String observed = thrown == null ? "nothing was thrown" : "it threw " + describe(thrown);
        AssertionFailedError error = new AssertionFailedError(
                "expected " + type.getName() + ", but " + observed + ": " + why);
        if (thrown != null) {
            error.initCause(thrown);
        }
        throw error;
    }

    /** {@code n} and the words that agree with it, for messages: {@code count(1, "task was", "tasks were")}. */
    public static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** "ClassName: message", or the class name alone. */
    public static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getName() : t.getClass().getName() + ": " + t.getMessage();
    }

    /** Code that may throw anything. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Throwable;
    }
}
