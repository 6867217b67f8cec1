package io.github.threadlab.fetcher;

import io.github.threadlab.harness.Durations;
import io.github.threadlab.harness.Eventually;
import io.github.threadlab.harness.Expect;
import io.github.threadlab.harness.TimeLimits;
import java.net.URI;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/**
 * A call of {@link Fetcher#fetch} made from a platform thread of the test's own, so that the test can watch the
 * requests while fetch waits for them, release them, and interrupt fetch. It records how many requests were still
 * in flight on the client's side at the moment fetch ended.
 */
final class FetchCall {

    /** How long to wait for something a correct fetch does at once (scaled by the time factor). */
    static final Duration PATIENCE = Duration.ofSeconds(5);

    private final Thread thread;
    private final RecordingClient client;
    private final String what;
    private final int requests;
    private volatile FetchReport report;
    private volatile Throwable thrown;
    private volatile int inFlightAtEnd = -1;
    private final long startNanos = System.nanoTime();
    private volatile long endNanos;

    private FetchCall(Fetcher fetcher, RecordingClient client, URI uri, int requests, String what) {
        this.client = client;
        this.what = what;
        this.requests = requests;
        this.thread = new Thread(() -> {
            try {
                report = fetcher.fetch(uri, requests);
            } catch (Throwable t) {
                thrown = t;
            } finally {
                endNanos = System.nanoTime();
                inFlightAtEnd = client.inFlight();
            }
        }, "fetcher-test caller");
    }

    /** Starts {@code fetcher.fetch(uri, requests)} on a thread of its own; {@code what} names it in messages. */
    static FetchCall start(Fetcher fetcher, RecordingClient client, URI uri, int requests, String what) {
        FetchCall call = new FetchCall(fetcher, client, uri, requests, what);
        call.thread.start();
        return call;
    }

    /** The thread that called fetch. */
    Thread caller() {
        return thread;
    }

    /**
     * Waits until {@code condition} holds, failing if it does not within the patience or if fetch ends first
     * (a stub, for one, throws at once).
     */
    void awaitUntil(String waitingFor, BooleanSupplier condition, Supplier<String> observed) {
        Eventually.within(PATIENCE).until(waitingFor, () -> condition.getAsBoolean() || !thread.isAlive(), observed);
        if (!condition.getAsBoolean()) {
            throw withCause(new AssertionFailedError(what + " " + describeEnd() + " while the test waited for "
                    + waitingFor + "; " + observed.get()), thrown);
        }
    }

    /** Whether fetch ends within {@code duration}. */
    boolean endsWithin(Duration duration) throws InterruptedException {
        return thread.join(duration);
    }

    /** Waits for fetch to end, failing with {@code why} if it does not within the patience; returns what it threw. */
    Throwable awaitEnd(String why) throws InterruptedException {
        Duration patience = TimeLimits.scaled(PATIENCE);
        if (!thread.join(patience)) {
            throw new AssertionFailedError(what + " had not returned " + Durations.format(patience) + " " + why
                    + stalled(client.inFlight(), client.sent(), requests));
        }
        return thrown;
    }

    /**
     * What a fetch that has not returned is waiting for, from what the client saw: one mistake (a permit kept after a
     * failure, say) stalls every test whose run has failures, and each of them should name that mistake, not the
     * thing the test is about.
     */
    static String stalled(int inFlight, int sent, int requests) {
        String seen = " (requests in flight on the client: " + inFlight + ", sent so far: " + sent + " of " + requests
                + ")";
        if (inFlight > 0) {
            return seen;
        }
        if (sent < requests) {
            return seen + ". No request is in flight, yet fetch sends no more: it is waiting for a permit or a pool "
                    + "thread that no request holds. The likely cause is a request that ended without giving its "
                    + "permit or thread back, most likely one that failed (an exception, or a status outside "
                    + "200..299): give it back in a finally block, and catch the failure inside the task. The graded "
                    + "test 'a failed request gives back its permit or thread' checks exactly that";
        }
        return seen + ". Every request was sent and none is in flight, yet fetch has not returned: it is waiting for "
                + "something other than the requests, e.g. a pool that was never shut down, or a thread or task it "
                + "never joined";
    }

    /** Waits for fetch to return its report, failing if it threw or did not return within the patience. */
    FetchReport awaitReport(String why) throws InterruptedException {
        Throwable t = awaitEnd(why);
        if (t != null && aNullExchange(t)) {
            throw withCause(new AssertionFailedError(what + " threw " + Expect.describe(t) + " from FetchReport's "
                    + "constructor, which rejects a null exchange: the exchanges fetch gave it hold a null, so some "
                    + "request's exchange is missing, and the report has one exchange per request. A place is left "
                    + "empty when two threads store their exchanges at the same index (say, one taken with count++ "
                    + "from a shared count that both read before either wrote), or when a store is lost"), t);
        }
        if (t != null) {
            throw withCause(new AssertionFailedError(what + " threw " + Expect.describe(t) + " where it should have "
                    + "returned a report: fetch records every failure as an Exchange and never throws it (only an "
                    + "interrupt of the caller ends it with an exception)"), t);
        }
        if (report == null) {
            throw new AssertionFailedError(what + " returned null instead of a report");
        }
        return report;
    }

    /**
     * Whether {@code t} is FetchReport's constructor rejecting a null element of its list: an explicit
     * {@code requireNonNull} without a message, where a null list or a null wall time would have one.
     */
    private static boolean aNullExchange(Throwable t) {
        if (!(t instanceof NullPointerException) || t.getMessage() != null) {
            return false;
        }
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().equals(FetchReport.class.getName()) && frame.getMethodName().equals("<init>")) {
                return true;
            }
        }
        return false;
    }

    /**
     * From just before fetch was called to just after it ended: every exchange of the run happened within it.
     * Only meaningful once fetch has ended.
     */
    Duration elapsed() {
        return Duration.ofNanos(endNanos - startNanos);
    }

    /** Interrupts the thread that called fetch. */
    void interrupt() {
        thread.interrupt();
    }

    /** How many requests were in flight on the client at the moment fetch ended, -1 while it runs. */
    int inFlightAtEnd() {
        return inFlightAtEnd;
    }

    /** Lets everything go and waits for fetch to end, so that the test leaves no thread behind. */
    void close(Runnable releaseAll) throws InterruptedException {
        releaseAll.run();
        if (!thread.join(TimeLimits.scaled(PATIENCE))) {
            thread.interrupt();
            thread.join(TimeLimits.scaled(Duration.ofSeconds(1)));
        }
    }

    String describeEnd() {
        return thrown == null ? "returned" : "threw " + Expect.describe(thrown);
    }

    static AssertionFailedError withCause(AssertionFailedError error, Throwable cause) {
        if (cause != null) {
            error.initCause(cause);
        }
        return error;
    }
}
