package io.github.threadlab.fetcher;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One request and what came of it: the status, the body's size, the latency and, when it failed, why.
 *
 * <p>An exchange failed when {@link #error()} is present: an exception (a refused or reset connection, a timeout)
 * or a status outside 200..299. {@link #status()} is 0 when no response came at all.
 *
 * <p>Course-provided: it is part of the contract, not something to implement.
 *
 * @param status  the HTTP status of the response, 0 when no response came
 * @param bytes   the number of body bytes read (0 when no body came), never negative
 * @param latency from sending the request to reading the last byte of the body (or to the failure); never
 *                negative, and never the time spent waiting for a permit or a pool thread
 * @param error   why the exchange failed, empty when it succeeded
 */
public record Exchange(int status, long bytes, Duration latency, Optional<String> error) {

    /**
     * @throws NullPointerException     if {@code latency} or {@code error} is null
     * @throws IllegalArgumentException if {@code bytes} or {@code latency} is negative
     */
    public Exchange {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(error, "error");
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes is " + bytes + ", it cannot be negative");
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency is " + latency + ", it cannot be negative");
        }
    }

    /** A response with a 2xx status: the status, the body's size and the latency. */
    public static Exchange success(int status, long bytes, Duration latency) {
        return new Exchange(status, bytes, latency, Optional.empty());
    }

    /** A response that came, with a status outside 200..299: recorded as a failure, with its status. */
    public static Exchange badStatus(int status, long bytes, Duration latency) {
        return new Exchange(status, bytes, latency, Optional.of("HTTP status " + status));
    }

    /** No response: the exception that ended the exchange, as {@code "ExceptionClass: message"}. */
    public static Exchange failure(Throwable error, Duration latency) {
        Objects.requireNonNull(error, "error");
        return new Exchange(0, 0, latency, Optional.of(error.getClass().getName()
                + (error.getMessage() == null ? "" : ": " + error.getMessage())));
    }

    /** True when the exchange failed: an exception or a status outside 200..299. */
    public boolean failed() {
        return error.isPresent();
    }
}
