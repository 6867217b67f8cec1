package io.github.threadlab.harness;

import java.time.Duration;

/**
 * Generous upper time bounds, scaled by the time factor.
 *
 * <p>Upper bounds in graded tests are never tight: they exist to catch work that did not run concurrently
 * at all, not to measure speed. A slow or shared machine can still exceed one, so every upper bound is
 * multiplied by the system property {@value #PROPERTY} (default 1; {@code -Dthreadlab.timeFactor=3} makes
 * every bound three times as patient). Lower bounds are never scaled: they come from the schedule
 * (see {@link Schedule}) and no machine can beat them.
 */
public final class TimeLimits {

    /** The system property that scales every upper time bound. */
    public static final String PROPERTY = "threadlab.timeFactor";

    private TimeLimits() {
    }

    /** The current time factor: at least 1, from {@value #PROPERTY}. */
    public static double factor() {
        String value = System.getProperty(PROPERTY, "1");
        try {
            double factor = Double.parseDouble(value.trim());
            return factor >= 1 ? factor : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** {@code generous} multiplied by the time factor. */
    public static Duration scaled(Duration generous) {
        return Duration.ofNanos((long) (generous.toNanos() * factor()));
    }
}
