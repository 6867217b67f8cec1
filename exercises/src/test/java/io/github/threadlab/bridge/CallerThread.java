package io.github.threadlab.bridge;

import io.github.threadlab.harness.Durations;
import io.github.threadlab.harness.TimeLimits;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opentest4j.AssertionFailedError;

/**
 * The thread that calls the code under test in the bridge tests: a platform thread of the test's own. With it a
 * test can see that a method returns at once (it waits a short patience for it, no more), compare the threads that
 * run the work with the one that asked for it, and fail quickly, instead of hanging, when a method blocks its caller.
 *
 * <pre>{@code
 * CompletableFuture<String> future = caller.invoke("call(...)", () -> bridge.call(work), gate::open);
 * }</pre>
 */
final class CallerThread implements AutoCloseable {

    /** How long to wait for something a correct solution does at once (scaled by the time factor). */
    static final Duration PATIENCE = Duration.ofSeconds(2);

    private final ThreadPoolExecutor executor;
    private volatile Thread thread;

    private CallerThread() {
        executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread created = Thread.ofPlatform().name("bridge-test caller").unstarted(task);
            thread = created;
            return created;
        });
        executor.prestartCoreThread();
    }

    /** A new caller thread, started. */
    static CallerThread start() {
        return new CallerThread();
    }

    /** The thread that makes the calls. */
    Thread thread() {
        return thread;
    }

    /** Starts {@code invocation} on the caller thread; the test decides when to wait for it. */
    <T> Future<T> submit(Callable<T> invocation) {
        return executor.submit(invocation);
    }

    /**
     * Runs {@code invocation} on the caller thread and waits, at most the patience, for it to return; what it throws
     * is thrown here. If it has not returned by then, runs {@code whenStuck} (which should let it go, e.g. open the
     * gates that hold the work) and fails: the methods invoked this way must return at once.
     *
     * @param what the invocation as the student would write it, for the failure message
     */
    <T> T invoke(String what, Callable<T> invocation, Runnable whenStuck) throws Exception {
        Future<T> returned = submit(invocation);
        Duration patience = TimeLimits.scaled(PATIENCE);
        try {
            return returned.get(patience.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException stuck) {
            whenStuck.run();
            throw new AssertionFailedError(what + " had not returned " + Durations.format(patience) + " after it was "
                    + "invoked, while the work it was given was held or waiting: it must return at once and leave the "
                    + "waiting to the future it returns. A method that blocks its caller defeats the bridge: the "
                    + "caller (an event loop, a request handler) stalls for as long as the legacy call takes, as if it "
                    + "had called it itself");
        } catch (ExecutionException e) {
            Throwable thrown = e.getCause();
            if (thrown instanceof Exception exception) {
                throw exception;
            }
            if (thrown instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Lets the caller thread finish what it is doing (at most a few seconds) and waits until it has ended. */
    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(TimeLimits.scaled(Duration.ofSeconds(5)).toMillis(), TimeUnit.MILLISECONDS)) {
            executor.shutdownNow();
            executor.awaitTermination(TimeLimits.scaled(Duration.ofSeconds(1)).toMillis(), TimeUnit.MILLISECONDS);
        }
        Thread caller = thread;
        if (caller != null) {
            caller.join(TimeLimits.scaled(Duration.ofSeconds(1)));
        }
    }
}
