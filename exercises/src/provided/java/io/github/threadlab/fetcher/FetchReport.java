package io.github.threadlab.fetcher;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link Fetcher#fetch fetch} came to: every exchange, and the wall time of the whole run.
 *
 * <p>The order of {@link #exchanges()} is not guaranteed: a fetcher may list them in the order they finished,
 * started or were sent. The statistics do not depend on it.
 *
 * <p>Course-provided: it is part of the contract, not something to implement.
 *
 * @param exchanges one per request sent; the list is copied and cannot be modified
 * @param wallTime  from the start of the run to the end of its last exchange
 */
public record FetchReport(List<Exchange> exchanges, Duration wallTime) {

    /**
     * @throws NullPointerException     if an argument or an exchange is null
     * @throws IllegalArgumentException if {@code wallTime} is negative
     */
    public FetchReport {
        exchanges = List.copyOf(exchanges);
        Objects.requireNonNull(wallTime, "wallTime");
        if (wallTime.isNegative()) {
            throw new IllegalArgumentException("wallTime is " + wallTime + ", it cannot be negative");
        }
    }
}
