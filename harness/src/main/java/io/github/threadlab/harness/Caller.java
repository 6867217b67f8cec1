package io.github.threadlab.harness;

import io.github.threadlab.harness.race.RaceWatch;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/**
 * A call of the code under test made from a thread of the test's own. The test's thread stays free while the call
 * runs, so the test can watch the work the call was given, open the gates that hold it, see that the call is still
 * waiting, interrupt it, and then wait for it, never for longer than a scaled patience.
 *
 * <pre>{@code
 * Caller<Void> caller = Caller.with().watching(probe, "tasks")
 *         .call("runOnFixedPool(12 tasks, poolSize 3)", () -> SleepTasks.runOnFixedPool(tasks, 3));
 * try {
 *     caller.awaitUntil("a task running", () -> probe.started() >= 1, () -> "none had started");
 *     Expect.that(!caller.endsWithin(SETTLE), "runOnFixedPool returned while its tasks were held");
 *     gate.open();
 *     caller.awaitResult("after its last task was released");
 * } finally {
 *     caller.close(gate::open);
 * }
 * }</pre>
 *
 * <p>Guarantees:
 * <ul>
 *   <li>The call runs exactly once, on a new thread started by {@link #call(String, Call) call}: a platform
 *       thread unless {@link Options#onVirtualThread()} asked for a virtual one. What it returned or threw is kept,
 *       never thrown on the test's thread unless a method below says so.</li>
 *   <li>With {@link Options#watching(TaskProbe, String)}, the probe's finished and in-flight counts are read on the
 *       calling thread at the moment the call ends, before anyone waiting for it is woken.</li>
 *   <li>Every wait is bounded: {@link #awaitUntil awaitUntil}, {@link #awaitResult awaitResult} and
 *       {@link #awaitEnd awaitEnd} wait at most the patience scaled by the time factor ({@link TimeLimits}), and
 *       a wait for a condition stops as soon as the call has ended, so that a stub that throws at once fails the
 *       test at once.</li>
 *   <li>Failures are {@link AssertionFailedError}s that name the call as the test described it, say what the test
 *       was waiting for, and carry what the call threw as their cause.</li>
 * </ul>
 *
 * <p>Not guaranteed: that the thread has ended when a test ends; a test ends it with {@link #close()}, in a
 * {@code finally} block, after releasing whatever holds the call.
 *
 * @param <T> what the call returns ({@link Void} for a call that returns nothing)
 */
public final class Caller<T> implements AutoCloseable {

    /** The default patience: how long a correct solution may take to do what it does at once. */
    public static final Duration PATIENCE = Duration.ofSeconds(2);

    private final String what;
    private final Duration patience;
    private final TaskProbe probe;
    private final String work;
    private final boolean returnsValue;
    private final Thread thread;
    private volatile T returned;
    private volatile Throwable thrown;
    private volatile int finishedAtEnd = -1;
    private volatile int inFlightAtEnd = -1;

    private Caller(String what, Options options, boolean returnsValue, Call<T> call) {
        this.what = what;
        this.patience = options.patience;
        this.probe = options.probe;
        this.work = options.work;
        this.returnsValue = returnsValue;
        Thread.Builder builder = options.virtual ? Thread.ofVirtual() : Thread.ofPlatform();
        this.thread = builder.name("test caller of " + what).unstarted(() -> {
            try {
                returned = call.call();
            } catch (Throwable t) {
                thrown = t;
            } finally {
                if (probe != null) {
                    finishedAtEnd = probe.finished();
                    inFlightAtEnd = probe.inFlight();
                }
            }
        });
    }

    /**
     * Starts {@code call} on a new platform thread, with the default patience and no probe.
     *
     * @param what the call as the student would write it, e.g. {@code "map(12 inputs, fn, parallelism 3)"}; every
     *             failure message starts with it
     */
    public static <T> Caller<T> call(String what, Call<T> call) {
        return with().call(what, call);
    }

    /** {@link #call(String, Call)} for a call that returns nothing. */
    public static Caller<Void> call(String what, Expect.ThrowingRunnable call) {
        return with().call(what, call);
    }

    /** Options for the next call: {@code Caller.with().watching(probe, "tasks").call(...)}. */
    public static Options with() {
        return new Options();
    }

    /** The thread that makes the call. */
    public Thread thread() {
        return thread;
    }

    /**
     * Waits, at most the patience, until {@code condition} holds. Fails if it does not hold by then, or if the call
     * ends first (returning or throwing) without it holding.
     *
     * @param awaited  what the test waits for, e.g. "a task running"
     * @param observed what the test saw instead, read when the wait fails
     */
    public void awaitUntil(String awaited, BooleanSupplier condition, Supplier<String> observed) {
        awaitUntil(awaited, condition, patience, observed);
    }

    /** {@link #awaitUntil(String, BooleanSupplier, Supplier)} with a patience of its own (scaled here). */
    public void awaitUntil(String awaited, BooleanSupplier condition, Duration patience, Supplier<String> observed) {
        Eventually.within(patience).until(awaited, () -> condition.getAsBoolean() || !thread.isAlive(), observed);
        if (condition.getAsBoolean()) {
            return;
        }
        Throwable t = thrown;
        if (t != null) {
            throw withCause(new AssertionFailedError(what + " threw " + Expect.describe(t)
                    + " (while the test waited for " + awaited + ")"), t);
        }
        throw new AssertionFailedError(what + " returned" + (returnsValue ? " " + returned : "")
                + " while the test waited for " + awaited + "; " + observed.get());
    }

    /**
     * Whether the call ends, returning or throwing, within {@code duration} (as given, not scaled): a test that
     * expects the call to be still waiting asserts {@code !endsWithin(SETTLE)}.
     */
    public boolean endsWithin(Duration duration) throws InterruptedException {
        return thread.join(duration);
    }

    /** Whether the call is still running: it has neither returned nor thrown yet. Does not wait. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * Waits, at most the patience, for the call to return, and gives what it returned. Fails if it is still running
     * then, or if it threw.
     *
     * @param when what the test had done, for the failure message, e.g. "after its last task was released"
     */
    public T awaitResult(String when) throws InterruptedException {
        Duration scaled = TimeLimits.scaled(patience);
        if (!thread.join(scaled)) {
            throw new AssertionFailedError(what + " had not returned " + Durations.format(scaled) + " " + when
                    + progress());
        }
        Throwable t = thrown;
        if (t != null) {
            throw withCause(new AssertionFailedError(what + " threw " + Expect.describe(t)
                    + " where it should have returned"), t);
        }
        return returned;
    }

    /**
     * Waits, at most the patience, for the call to end, returning or throwing, and gives what it threw ({@code null}
     * when it returned). Fails if it is still running then.
     *
     * @param when what the test had done, for the failure message, e.g. "after its caller was interrupted"
     */
    public Throwable awaitEnd(String when) throws InterruptedException {
        Duration scaled = TimeLimits.scaled(patience);
        if (!thread.join(scaled)) {
            throw new AssertionFailedError(what + " had not ended " + Durations.format(scaled) + " " + when
                    + progress());
        }
        return thrown;
    }

    /** Interrupts the thread that makes the call. */
    public void interrupt() {
        thread.interrupt();
    }

    /** What the call returned; {@code null} while it runs, when it threw, or when it returns nothing. */
    public T returned() {
        return returned;
    }

    /** What the call threw; {@code null} while it runs and when it returned. */
    public Throwable thrown() {
        return thrown;
    }

    /** How many of the watched probe's runs had finished when the call ended; -1 before, or with no probe. */
    public int finishedAtEnd() {
        return finishedAtEnd;
    }

    /** How many of the watched probe's runs were still running when the call ended; -1 before, or with no probe. */
    public int inFlightAtEnd() {
        return inFlightAtEnd;
    }

    /**
     * Runs {@code release} (which should let go whatever holds the call, e.g. open its gates), then
     * {@linkplain #close() closes} this caller.
     */
    public void close(Runnable release) throws InterruptedException {
        release.run();
        close();
    }

    /**
     * Waits, at most the patience, for the call to end; if it has not, interrupts it and waits at most the patience
     * again, so that a test leaves no thread of its own behind. Never fails: what the test asserted has been said.
     */
    @Override
    public void close() throws InterruptedException {
        Duration scaled = TimeLimits.scaled(patience);
        if (!thread.join(scaled)) {
            thread.interrupt();
            thread.join(scaled);
        }
    }

    private String progress() {
        return probe == null ? "" : " (" + probe.finished() + " " + work + " finished, " + probe.inFlight()
                + " running)";
    }

    private static AssertionFailedError withCause(AssertionFailedError error, Throwable cause) {
        error.initCause(cause);
        return error;
    }

    /** A call that returns a value and may throw anything. */
    @FunctionalInterface
    public interface Call<T> {
        T call() throws Throwable;
    }

    /**
     * How the next call is made. Each method returns these options, so they chain; {@code call} starts the call.
     * Not thread-safe: a test builds its options on its own thread.
     */
    public static final class Options {
        private boolean virtual;
        private TaskProbe probe;
        private String work;
        private Duration patience = PATIENCE;

        private Options() {
        }

        /** Makes the call from a virtual thread instead of a platform thread. */
        public Options onVirtualThread() {
            virtual = true;
            return this;
        }

        /**
         * Reads {@code probe}'s counts when the call ends ({@link Caller#finishedAtEnd()},
         * {@link Caller#inFlightAtEnd()}) and reports them when the call does not end in time.
         *
         * @param work what the probe's runs are, in the plural, for messages: "tasks", "calls"
         */
        public Options watching(TaskProbe probe, String work) {
            this.probe = probe;
            this.work = work;
            return this;
        }

        /**
         * How long every wait of the caller lasts at most, before the time factor: {@link Caller#PATIENCE} unless
         * said otherwise.
         */
        public Options patience(Duration generous) {
            this.patience = generous;
            return this;
        }

        /** Starts {@code call} on a new thread, as these options say; see {@link Caller#call(String, Call)}. */
        public <T> Caller<T> call(String what, Call<T> call) {
            return started(new Caller<>(what, this, true, call));
        }

        /** {@link #call(String, Call)} for a call that returns nothing. */
        public Caller<Void> call(String what, Expect.ThrowingRunnable call) {
            return started(new Caller<Void>(what, this, false, () -> {
                call.run();
                return null;
            }));
        }

        private static <T> Caller<T> started(Caller<T> caller) {
            RaceWatch.calledFrom(caller.thread);
            caller.thread.start();
            return caller;
        }
    }
}
