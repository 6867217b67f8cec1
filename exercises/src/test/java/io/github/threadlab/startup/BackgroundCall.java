package io.github.threadlab.startup;

import io.github.threadlab.harness.Durations;
import io.github.threadlab.harness.Eventually;
import io.github.threadlab.harness.Expect;
import io.github.threadlab.harness.Gate;
import io.github.threadlab.harness.TaskProbe;
import io.github.threadlab.harness.TimeLimits;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/**
 * A call of {@link StartupBenchmark#timeToRun} made from a thread of the test's own, so that the test can watch the
 * tasks while the call waits for them, release them, and interrupt the call.
 */
final class BackgroundCall {

    /** How long to wait for something a correct solution does at once (scaled by the time factor). */
    static final Duration PATIENCE = Duration.ofSeconds(2);

    private final String what;
    private final TaskProbe probe;
    private final Thread thread;
    private volatile Duration returned;
    private volatile Throwable thrown;
    private volatile int finishedAtEnd = -1;

    private BackgroundCall(String what, TaskProbe probe, Call call) {
        this.what = what;
        this.probe = probe;
        this.thread = new Thread(() -> {
            try {
                returned = call.run();
            } catch (Throwable t) {
                thrown = t;
            } finally {
                finishedAtEnd = probe.finished();
            }
        }, "startup-test caller");
    }

    /** Starts {@code call} on a new thread; {@code what} names it in messages, e.g. "timeToRun(5, ...)". */
    static BackgroundCall start(String what, TaskProbe probe, Call call) {
        BackgroundCall background = new BackgroundCall(what, probe, call);
        background.thread.start();
        return background;
    }

    /**
     * Waits until {@code condition} holds, failing if it does not within the patience or if the call ends first
     * (a stub, for one, throws at once).
     */
    void awaitUntil(String awaited, BooleanSupplier condition, Supplier<String> observed) {
        Eventually.within(PATIENCE).until(awaited, () -> condition.getAsBoolean() || !thread.isAlive(), observed);
        if (!condition.getAsBoolean()) {
            if (thrown != null) {
                throw withCause(new AssertionFailedError(what + " threw " + Expect.describe(thrown)
                        + " while the test waited for " + awaited), thrown);
            }
            throw new AssertionFailedError(what + " returned while the test waited for " + awaited + "; "
                    + observed.get());
        }
    }

    /** Whether the call ends (returns or throws) within {@code duration}. */
    boolean endsWithin(Duration duration) throws InterruptedException {
        return thread.join(duration);
    }

    /** Waits for the call to return, failing if it threw or did not return within the patience. */
    Duration awaitReturn() throws InterruptedException {
        Duration patience = TimeLimits.scaled(PATIENCE);
        if (!thread.join(patience)) {
            throw new AssertionFailedError(what + " had not returned " + Durations.format(patience) + " after "
                    + "the test let its last task finish (" + probe.finished() + " tasks finished, "
                    + probe.inFlight() + " running)");
        }
        if (thrown != null) {
            throw withCause(new AssertionFailedError(what + " threw " + Expect.describe(thrown) + ", although "
                    + "nothing went wrong"), thrown);
        }
        return returned;
    }

    /** Whether the call has not yet returned or thrown. */
    boolean isRunning() {
        return thread.isAlive();
    }

    void interrupt() {
        thread.interrupt();
    }

    Throwable thrown() {
        return thrown;
    }

    /** How many tasks had finished when the call returned or threw. */
    int finishedAtEnd() {
        return finishedAtEnd;
    }

    /** Lets every held task go and waits for the call to end, so that the test leaves no thread behind. */
    void close(Gate... gates) throws InterruptedException {
        for (Gate gate : gates) {
            gate.open();
        }
        if (!thread.join(TimeLimits.scaled(Duration.ofSeconds(5)))) {
            thread.interrupt();
            thread.join(TimeLimits.scaled(Duration.ofSeconds(1)));
        }
    }

    static AssertionFailedError withCause(AssertionFailedError error, Throwable cause) {
        if (cause != null) {
            error.initCause(cause);
        }
        return error;
    }

    /** The call under test. */
    @FunctionalInterface
    interface Call {
        Duration run() throws Exception;
    }
}
