package io.github.threadlab.bridge;

import io.github.threadlab.harness.Caller;
import io.github.threadlab.harness.Durations;
import io.github.threadlab.harness.TimeLimits;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;

/**
 * The invocations of the code under test in the bridge tests, each made from a platform thread of the test's own (a
 * harness {@link Caller}). With them a test can see that a method returns at once (it waits a short patience for it,
 * no more), compare the threads that run the work with the ones that asked for it, and fail quickly, instead of
 * hanging, when a method blocks its caller.
 *
 * <pre>{@code
 * CompletableFuture<String> future = callers.invokeAtOnce("call(...)", () -> bridge.call(work));
 * }</pre>
 */
final class Callers implements AutoCloseable {

    /** How long to wait for something a correct solution does at once (scaled by the time factor). */
    static final Duration PATIENCE = Caller.PATIENCE;

    private final List<Caller<?>> callers = new CopyOnWriteArrayList<>();

    /** Starts {@code invocation} from a new thread; the test decides when to wait for it. */
    <T> Caller<T> start(String what, Caller.Call<T> invocation) {
        Caller<T> caller = Caller.call(what, invocation);
        callers.add(caller);
        return caller;
    }

    /**
     * Invokes {@code invocation} from a new thread and waits, at most the patience, for it to return; what it
     * throws is thrown here. Fails if it has not returned by then: the methods invoked this way must return at once.
     * Whatever holds it (a gate) is for the test's clean-up to release.
     *
     * @param what the invocation as the student would write it, for the failure message
     */
    <T> T invokeAtOnce(String what, Caller.Call<T> invocation) throws Exception {
        Caller<T> caller = start(what, invocation);
        Duration patience = TimeLimits.scaled(PATIENCE);
        if (!caller.endsWithin(patience)) {
            throw new AssertionFailedError(what + " had not returned " + Durations.format(patience) + " after it was "
                    + "invoked, while the work it was given was held or waiting: it must return at once and leave the "
                    + "waiting to the future it returns. A method that blocks its caller defeats the bridge: the "
                    + "caller (an event loop, a request handler) stalls for as long as the legacy call takes, as if it "
                    + "had called it itself");
        }
        Throwable thrown = caller.thrown();
        if (thrown instanceof Exception exception) {
            throw exception;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        if (thrown != null) {
            throw new ExecutionException(thrown);
        }
        return caller.returned();
    }

    /** The threads that made the invocations so far. */
    Set<Thread> threads() {
        return callers.stream().map(Caller::thread).collect(Collectors.toUnmodifiableSet());
    }

    /** Waits until every invocation has ended (interrupting one that does not end in time). */
    @Override
    public void close() throws InterruptedException {
        for (Caller<?> caller : callers) {
            caller.close();
        }
    }
}
