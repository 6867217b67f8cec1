package io.github.threadlab.bridge;

import io.github.threadlab.harness.Durations;
import io.github.threadlab.harness.Expect;
import io.github.threadlab.harness.TimeLimits;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opentest4j.AssertionFailedError;

/**
 * Waiting for the futures that the code under test returns, never for long, with failures that say what the future
 * did. Outcomes are read through {@link CompletableFuture#get()}, whose {@link ExecutionException} has the same
 * cause whether the future holds an exception itself or a {@link java.util.concurrent.CompletionException} around
 * it: the contract leaves that open.
 */
final class Futures {

    private Futures() {
    }

    /**
     * The future's value, once it has completed normally; fails if it failed, or is not done within
     * {@code patience} (scaled).
     */
    static <T> T await(CompletableFuture<T> future, Duration patience, String what, String why)
            throws InterruptedException {
        Duration scaled = TimeLimits.scaled(patience);
        try {
            return future.get(scaled.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionFailedError(what + " was not done " + Durations.format(scaled) + " later: " + why);
        } catch (ExecutionException e) {
            throw withCause(new AssertionFailedError(what + " failed with " + Expect.describe(e.getCause()) + ": "
                    + why), e.getCause());
        } catch (CancellationException e) {
            throw withCause(new AssertionFailedError(what + " was cancelled: " + why), e);
        }
    }

    /** {@link #await(CompletableFuture, Duration, String, String)} with the caller thread's patience. */
    static <T> T await(CompletableFuture<T> future, String what, String why) throws InterruptedException {
        return await(future, Callers.PATIENCE, what, why);
    }

    /**
     * What the future failed with: the cause of the {@link ExecutionException} that {@code get()} throws. Fails if
     * it completed normally, was cancelled, or is not done within the caller thread's patience.
     */
    static Throwable failureOf(CompletableFuture<?> future, String what, String why) throws InterruptedException {
        Duration patience = TimeLimits.scaled(Callers.PATIENCE);
        try {
            Object value = future.get(patience.toNanos(), TimeUnit.NANOSECONDS);
            throw new AssertionFailedError(what + " completed normally, with " + value + ": " + why);
        } catch (TimeoutException e) {
            throw new AssertionFailedError(what + " was not done " + Durations.format(patience) + " later: " + why);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            throw withCause(new AssertionFailedError(what + " was cancelled: " + why), e);
        }
    }

    /** Fails unless the future failed with exactly {@code expected}, the same object, not a wrapper around it. */
    static void expectFailedWith(CompletableFuture<?> future, Throwable expected, String what)
            throws InterruptedException {
        String why = "the contract requires exactly the exception that the legacy call threw, the same object, so "
                + "that get() throws ExecutionException with that cause: the caller decides what to do by what went "
                + "wrong (an IOException may be retried, a bad argument not), and a wrapper or a swallowed failure "
                + "hides it";
        Throwable cause = failureOf(future, what, why);
        if (cause != expected) {
            String wrapped = cause != null && cause.getCause() == expected ? ", which wraps the call's exception" : "";
            throw withCause(new AssertionFailedError("get() on " + what + " threw ExecutionException caused by "
                    + (cause == null ? "null" : Expect.describe(cause)) + wrapped + ", not by "
                    + Expect.describe(expected) + ": " + why), cause);
        }
    }

    /**
     * When the future completed, as {@link System#nanoTime()}: taken by a callback, so never earlier than the moment
     * it completed.
     */
    static CompletableFuture<Long> completionTime(CompletableFuture<?> future) {
        return future.handle((value, failure) -> System.nanoTime());
    }

    static AssertionFailedError withCause(AssertionFailedError error, Throwable cause) {
        if (cause != null) {
            error.initCause(cause);
        }
        return error;
    }
}
