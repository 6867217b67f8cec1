package io.github.threadlab.harness;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.opentest4j.AssertionFailedError;

/**
 * Waits, by polling, until a condition holds, and fails with a readable message when it does not within a
 * generous, scaled bound.
 *
 * <pre>{@code
 * Eventually.within(Duration.ofSeconds(2))
 *         .until("3 tasks running at once", () -> probe.inFlight() == 3,
 *                 () -> probe.inFlight() + " running");
 * }</pre>
 *
 * Polls on the caller's thread (Awaitility's {@code pollInSameThread}) so that it starts no thread of its
 * own that a leak check could mistake for the student's.
 */
public final class Eventually {

    private final Duration patience;

    private Eventually(Duration patience) {
        this.patience = patience;
    }

    /** Waits at most {@code generous} multiplied by the time factor. */
    public static Eventually within(Duration generous) {
        return new Eventually(TimeLimits.scaled(generous));
    }

    /** Waits until {@code condition} holds; fails with "waited ... for {what}" when it does not. */
    public void until(String what, BooleanSupplier condition) {
        until(what, condition, () -> "it never did");
    }

    /**
     * Waits until {@code condition} holds; when it does not, fails with "waited ... for {what}; {observed}".
     */
    public void until(String what, BooleanSupplier condition, Supplier<String> observed) {
        try {
            Awaitility.await(what)
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(2))
                    .atMost(patience)
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionFailedError("waited " + Durations.format(patience) + " for " + what + "; "
                    + observed.get());
        }
    }
}
