package io.github.threadlab.harness;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Generous upper time bounds, scaled by the time factor.
 *
 * <p>Upper bounds in graded tests are never tight: they exist to catch work that did not run concurrently
 * at all, not to measure speed. A slow or shared machine can still exceed one, so every upper bound is
 * multiplied by the system property {@value #PROPERTY} (default 1; {@code -Dthreadlab.timeFactor=3} makes
 * every bound three times as patient). Lower bounds are never scaled: they come from the schedule
 * (see {@link Schedule}) and no machine can beat them.
 *
 * <p><b>Under a debugger</b> (see {@link Debugger}) the factor is at least {@value #DEBUG_PROPERTY}, default
 * {@value #DEBUG_FACTOR}: the per-test time limit of 10 s becomes 10 minutes and the tests' waits of 2 to 5 s
 * become minutes, so that a thread paused at a breakpoint does not fail the test, while a solution that is really
 * stuck still fails in the end. The first use says so once on standard output. Without a debugger nothing changes.
 */
public final class TimeLimits {

    /** The system property that scales every upper time bound. */
    public static final String PROPERTY = "threadlab.timeFactor";

    /** The system property that sets the smallest time factor under a debugger ({@code 1} turns that off). */
    public static final String DEBUG_PROPERTY = "threadlab.debugTimeFactor";

    /** The smallest time factor under a debugger unless {@value #DEBUG_PROPERTY} says otherwise. */
    public static final int DEBUG_FACTOR = 60;

    private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();

    private TimeLimits() {
    }

    /**
     * The current time factor, at least 1: {@value #PROPERTY}, or under a debugger {@value #DEBUG_PROPERTY} if that
     * is larger.
     */
    public static double factor() {
        double configured = parse(System.getProperty(PROPERTY));
        if (!Debugger.attached()) {
            return configured;
        }
        double underDebugger = factorUnderDebugger(configured, System.getProperty(DEBUG_PROPERTY));
        if (underDebugger > configured && ANNOUNCED.compareAndSet(false, true)) {
            System.out.println(announcement(underDebugger));
        }
        return underDebugger;
    }

    /** {@code generous} multiplied by the time factor. */
    public static Duration scaled(Duration generous) {
        return Duration.ofNanos((long) (generous.toNanos() * factor()));
    }

    /** The factor under a debugger: the configured one, or the debugger's ({@code debugProperty}) if larger. */
    static double factorUnderDebugger(double configured, String debugProperty) {
        double debug = debugProperty == null ? DEBUG_FACTOR : parse(debugProperty);
        return Math.max(configured, debug);
    }

    /** The line printed once when a debugger raised the factor. */
    static String announcement(double factor) {
        return "threadlab: this JVM runs under a debugger (the JDWP agent is among its arguments): every time limit "
                + "and wait of the tests is " + format(factor) + " times as long (a test's 10 s limit becomes "
                + format(10 * factor) + " s), so that a breakpoint does not fail a test; -D" + DEBUG_PROPERTY
                + "=1 keeps the usual limits.";
    }

    private static double parse(String value) {
        if (value == null) {
            return 1;
        }
        try {
            double factor = Double.parseDouble(value.trim());
            return factor >= 1 ? factor : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String format(double factor) {
        return factor == Math.rint(factor) ? String.valueOf((long) factor) : String.valueOf(factor);
    }
}
