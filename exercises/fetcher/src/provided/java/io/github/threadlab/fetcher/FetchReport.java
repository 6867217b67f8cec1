package io.github.threadlab.fetcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link Fetcher#fetch fetch} came to: every exchange, and the wall time of the whole run, with the
 * statistics that Apache Bench ({@code ab}) prints.
 *
 * <p>The order of {@link #exchanges()} is not guaranteed: a fetcher may list them in the order they finished,
 * started or were sent. The statistics do not depend on it.
 *
 * <p>How the counts relate, for every report: {@code completed() == exchanges().size()}, and
 * {@code failed() == noResponse() + non2xx()}, because an exchange fails either with no response at all or with
 * a status outside 200..299 ({@link Exchange#failed()}). Apache Bench counts a non-2xx response as complete and
 * reports it on a line of its own, not among its failures; this report counts it in both {@link #failed()} and
 * {@link #non2xx()}, as the course's contract does.
 *
 * <p>The percentiles are exact, not estimated: the report holds every exchange, so sorting their latencies
 * costs a few milliseconds even for a million of them, and needs no dependency. A latency histogram (such as
 * HdrHistogram) earns its place when the samples cannot all be kept (long or unbounded runs, recording on the
 * hot path without allocating); neither is the case here. They are taken as {@code ab} takes them (nearest rank,
 * see {@link #percentile(int)}), so that the two tables can be compared line by line.
 *
 * <p>Course-provided: it is part of the contract, not something to implement.
 *
 * @param exchanges one per request sent; the list is copied and cannot be modified
 * @param wallTime  from the start of the run to the end of its last exchange
 */
public record FetchReport(List<Exchange> exchanges, Duration wallTime) {

    /** The percentages of {@code ab}'s table "Percentage of the requests served within a certain time". */
    public static final List<Integer> AB_PERCENTS = List.of(50, 66, 75, 80, 90, 95, 98, 99, 100);

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

    /** One line of the percentile table: {@code percent}% of the requests took at most {@code latency}. */
    public record Percentile(int percent, Duration latency) {
    }

    /** Every request that ended, whatever came of it ({@code ab}'s "Complete requests"). */
    public int completed() {
        return exchanges.size();
    }

    /** The requests that failed: no response, or a status outside 200..299. */
    public int failed() {
        return (int) exchanges.stream().filter(Exchange::failed).count();
    }

    /** The requests that ended without any response (status 0): refused, reset, timed out. */
    public int noResponse() {
        return (int) exchanges.stream().filter(e -> e.status() == 0).count();
    }

    /** The responses whose status is outside 200..299 ({@code ab}'s "Non-2xx responses"). */
    public int non2xx() {
        return (int) exchanges.stream().filter(e -> e.status() != 0 && (e.status() < 200 || e.status() > 299))
                .count();
    }

    /** The body bytes of every response, added up ({@code ab}'s "HTML transferred"). */
    public long totalBytes() {
        return exchanges.stream().mapToLong(Exchange::bytes).sum();
    }

    /** The mean body size of the responses that came (0 when none came). */
    public double meanBytes() {
        int responses = completed() - noResponse();
        return responses == 0 ? 0 : (double) totalBytes() / responses;
    }

    /** Requests that ended per second of wall time (0 for an empty run or a zero wall time). */
    public double requestsPerSecond() {
        return perSecond(completed());
    }

    /** Body bytes received per second of wall time (0 for an empty run or a zero wall time). */
    public double bytesPerSecond() {
        return perSecond(totalBytes());
    }

    /**
     * The mean latency of one request, measured ({@code ab}'s "Time per request (mean)"); zero for an empty
     * report. {@code ab} derives its figure as concurrency x wall time / requests, which is the same when every
     * slot is busy all the time; this one is measured, so it also holds when they are not.
     */
    public Duration meanLatency() {
        return Duration.ofNanos(Math.round(meanNanos()));
    }

    /** The standard deviation of the latencies (the "+/-sd" of {@code ab}'s connection times), zero for fewer
     * than two exchanges. */
    public Duration latencyStandardDeviation() {
        if (exchanges.size() < 2) {
            return Duration.ZERO;
        }
        double mean = meanNanos();
        double squares = 0;
        for (Exchange exchange : exchanges) {
            double off = exchange.latency().toNanos() - mean;
            squares += off * off;
        }
        return Duration.ofNanos(Math.round(Math.sqrt(squares / (exchanges.size() - 1))));
    }

    /**
     * Wall time divided by the number of requests ({@code ab}'s "Time per request (mean, across all concurrent
     * requests)"): how often, on average, a request ended. Zero for an empty report.
     */
    public Duration wallTimePerRequest() {
        return exchanges.isEmpty() ? Duration.ZERO : wallTime.dividedBy(exchanges.size());
    }

    /** The shortest latency, zero for an empty report. */
    public Duration minLatency() {
        long[] sorted = sortedNanos();
        return Duration.ofNanos(sorted.length == 0 ? 0 : sorted[0]);
    }

    /** The longest latency, zero for an empty report. */
    public Duration maxLatency() {
        long[] sorted = sortedNanos();
        return Duration.ofNanos(sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    }

    /**
     * The latency within which {@code percent}% of the requests ended, taken as {@code ab} takes it: the
     * latencies sorted, the one at index {@code percent * n / 100} (nearest rank), and the longest one for 100.
     * Zero for an empty report.
     *
     * @throws IllegalArgumentException if {@code percent} is not in 1..100
     */
    public Duration percentile(int percent) {
        checkPercent(percent);
        return Duration.ofNanos(at(sortedNanos(), percent));
    }

    /** The table {@code ab} prints, one line per {@link #AB_PERCENTS percentage}, from one sort. */
    public List<Percentile> percentiles() {
        long[] sorted = sortedNanos();
        List<Percentile> table = new ArrayList<>();
        for (int percent : AB_PERCENTS) {
            table.add(new Percentile(percent, Duration.ofNanos(at(sorted, percent))));
        }
        return List.copyOf(table);
    }

    private static long at(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        if (percent >= 100) {
            return sorted[sorted.length - 1];
        }
        // ab: stats[(unsigned long)(0.01 * percs[i] * done)], computed in integers to avoid rounding surprises.
        return sorted[(int) ((long) percent * sorted.length / 100)];
    }

    private static void checkPercent(int percent) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("percent is " + percent + ", it must be in 1..100");
        }
    }

    private double perSecond(double amount) {
        long nanos = wallTime.toNanos();
        return nanos == 0 ? 0 : amount * 1e9 / nanos;
    }

    private double meanNanos() {
        return exchanges.stream().mapToLong(e -> e.latency().toNanos()).average().orElse(0);
    }

    private long[] sortedNanos() {
        long[] nanos = new long[exchanges.size()];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = exchanges.get(i).latency().toNanos();
        }
        Arrays.sort(nanos);
        return nanos;
    }
}
