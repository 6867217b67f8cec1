package io.github.threadlab.fetcher;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Course-provided: a {@link FetchReport} told the way Apache Bench tells a run, as text ({@link #text()}) or as
 * JSON ({@link #json()}) with the same figures under plain names.
 *
 * <p>Where it differs from {@code ab}, and why: times are printed to the microsecond, because on a loopback
 * interface most requests take less than the whole millisecond {@code ab} rounds to; "Failed requests" counts
 * the non-2xx responses too (the course's contract calls them failures), and says how many of each; the header
 * bytes in "Total transferred" are counted from the header fields the client parsed (the JDK client keeps no
 * raw bytes), not read off the wire.
 *
 * @param uri            where the requests went
 * @param concurrency    the most requests in flight at once
 * @param mode           how the fetcher ran them
 * @param keepAlive      whether connections were kept alive between requests
 * @param serverSoftware the {@code Server} header of the first response, if any came with one
 * @param headerBytes    the bytes of every response's headers, added up
 * @param report         the exchanges and the wall time
 */
record AbReport(URI uri, int concurrency, Fetcher.Mode mode, boolean keepAlive, Optional<String> serverSoftware,
        long headerBytes, FetchReport report) {

    /** The most distinct errors listed, most frequent first. */
    private static final int ERRORS_LISTED = 5;

    AbReport {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(serverSoftware, "serverSoftware");
        Objects.requireNonNull(report, "report");
    }

    /** The report as {@code ab} prints it, line for line where {@code ab} has the line. */
    String text() {
        StringBuilder out = new StringBuilder();
        line(out, "Server Software:", serverSoftware.orElse("(not told)"));
        line(out, "Server Hostname:", uri.getHost());
        line(out, "Server Port:", String.valueOf(port()));
        out.append('\n');
        line(out, "Document Path:", path());
        line(out, "Document Length:", format("%.0f bytes (mean)", report.meanBytes()));
        out.append('\n');
        line(out, "Concurrency Level:", String.valueOf(concurrency));
        line(out, "Fetcher mode:", mode + (keepAlive ? ", keep-alive" : ", a new connection per request"));
        line(out, "Time taken for tests:", format("%.3f seconds", seconds(report.wallTime())));
        line(out, "Complete requests:", String.valueOf(report.completed()));
        line(out, "Failed requests:", String.valueOf(report.failed()));
        if (report.failed() > 0) {
            out.append(format("   (no response: %d, non-2xx: %d)%n", report.noResponse(), report.non2xx()));
        }
        line(out, "Non-2xx responses:", String.valueOf(report.non2xx()));
        line(out, "Total transferred:", (headerBytes + report.totalBytes()) + " bytes");
        line(out, "HTML transferred:", report.totalBytes() + " bytes");
        line(out, "Requests per second:", format("%.2f [#/sec] (mean)", report.requestsPerSecond()));
        line(out, "Time per request:", format("%.3f [ms] (mean)", millis(report.meanLatency())));
        line(out, "Time per request:", format("%.3f [ms] (mean, across all concurrent requests)",
                millis(report.wallTimePerRequest())));
        line(out, "Transfer rate:", format("%.2f [Kbytes/sec] received", kilobytesPerSecond()));
        out.append('\n');
        out.append("Request times (ms)\n");
        out.append(format("%14s %8s %7s %8s %8s%n", "min", "mean", "[+/-sd]", "median", "max"));
        out.append(format("Total: %8.3f %8.3f %7.3f %8.3f %8.3f%n", millis(report.minLatency()),
                millis(report.meanLatency()), millis(report.latencyStandardDeviation()),
                millis(report.percentile(50)), millis(report.maxLatency())));
        out.append('\n');
        out.append("Percentage of the requests served within a certain time (ms)\n");
        for (FetchReport.Percentile line : report.percentiles()) {
            out.append(format(" %3d%% %9.3f%s%n", line.percent(), millis(line.latency()),
                    line.percent() == 100 ? " (longest request)" : ""));
        }
        Map<String, Long> errors = errors();
        if (!errors.isEmpty()) {
            out.append('\n');
            out.append("Errors (the most frequent first)\n");
            errors.forEach((error, count) -> out.append(format("%7d  %s%n", count, error)));
        }
        return out.toString();
    }

    /** The same figures as {@link #text()}, as a JSON object; times in milliseconds, sizes in bytes. */
    String json() {
        try {
            return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(fields()) + System.lineSeparator();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report as JSON", e); // maps of plain values always can
        }
    }

    /** The JSON object's fields, in the order of the text report. */
    Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("serverSoftware", serverSoftware.orElse(null));
        fields.put("serverHostname", uri.getHost());
        fields.put("serverPort", port());
        fields.put("documentPath", path());
        fields.put("meanDocumentLengthBytes", report.meanBytes());
        fields.put("concurrencyLevel", concurrency);
        fields.put("mode", mode.name());
        fields.put("keepAlive", keepAlive);
        fields.put("timeTakenSeconds", seconds(report.wallTime()));
        fields.put("completeRequests", report.completed());
        fields.put("failedRequests", report.failed());
        fields.put("noResponse", report.noResponse());
        fields.put("non2xxResponses", report.non2xx());
        fields.put("totalTransferredBytes", headerBytes + report.totalBytes());
        fields.put("htmlTransferredBytes", report.totalBytes());
        fields.put("requestsPerSecond", report.requestsPerSecond());
        fields.put("timePerRequestMs", millis(report.meanLatency()));
        fields.put("timePerRequestAcrossAllConcurrentRequestsMs", millis(report.wallTimePerRequest()));
        fields.put("transferRateKbytesPerSecond", kilobytesPerSecond());
        Map<String, Object> times = new LinkedHashMap<>();
        times.put("min", millis(report.minLatency()));
        times.put("mean", millis(report.meanLatency()));
        times.put("sd", millis(report.latencyStandardDeviation()));
        times.put("median", millis(report.percentile(50)));
        times.put("max", millis(report.maxLatency()));
        fields.put("requestTimesMs", times);
        Map<String, Object> percentiles = new LinkedHashMap<>();
        for (FetchReport.Percentile line : report.percentiles()) {
            percentiles.put(String.valueOf(line.percent()), millis(line.latency()));
        }
        fields.put("percentilesMs", percentiles);
        fields.put("errors", errors());
        return fields;
    }

    /** The distinct error messages with how often each came, the most frequent first, at most a few. */
    private Map<String, Long> errors() {
        Map<String, Long> counts = report.exchanges().stream()
                .flatMap(exchange -> exchange.error().stream())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(ERRORS_LISTED)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    private double kilobytesPerSecond() {
        long nanos = report.wallTime().toNanos();
        return nanos == 0 ? 0 : (headerBytes + report.totalBytes()) / 1024.0 * 1e9 / nanos;
    }

    private int port() {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private String path() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(format("%-24s%s%n", label, value));
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
