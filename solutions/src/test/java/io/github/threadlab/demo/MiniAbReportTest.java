package io.github.threadlab.demo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.github.threadlab.fetcher.MiniAb;
import io.github.threadlab.harness.http.LoopbackServer;
import io.github.threadlab.harness.http.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A course test, not a graded one: MiniAb with the reference Fetcher against the harness's loopback server, and
 * the report's figures checked against what the server counted (requests, failures, non-2xx, body bytes), in the
 * JSON form and in the text form, with the JDK's client and with MiniAb's socket client. It lives outside the exercise packages so that the corpus runner, which grades
 * the variants with the tests of {@code io.github.threadlab.fetcher}, does not take it for a graded test.
 */
@Timeout(30)
class MiniAbReportTest {

    private static final int REQUESTS = 200;
    private static final int CONCURRENCY = 10;

    /**
     * A mix that exercises every count: mostly 200 with bodies of varying size, some 404 and 503, and a few held
     * for far longer than MiniAb's timeout (no response at all).
     */
    private static final IntFunction<Reply> MIX = i -> {
        if (i % 50 == 25) {
            return Reply.ok().after(Duration.ofSeconds(20));
        }
        if (i % 10 == 7) {
            return Reply.status(503).withBodyOf(5);
        }
        if (i % 20 == 3) {
            return Reply.status(404).withBodyOf(0);
        }
        return Reply.ok().withBodyOf(100 + i % 7);
    };
    private static final int HELD = REQUESTS / 50;
    /**
     * MiniAb's per-request timeout: far shorter than the held requests' 20 s, and far longer than any other reply
     * takes on a loaded machine. A reply that came later than the timeout would be counted by the server as, say,
     * a 503 written and by MiniAb as no response: with 300 ms that happened under a load average of 10.
     */
    private static final String TIMEOUT = "3s";

    @ParameterizedTest(name = "--client {0}")
    @ValueSource(strings = {"jdk", "socket"})
    void the_json_report_counts_what_the_server_counted(String client) throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(MIX).start()) {
            Run run = miniAb("-n", String.valueOf(REQUESTS), "-c", String.valueOf(CONCURRENCY), "--mode", "virtual",
                    "-s", TIMEOUT, "--client", client, "--json", server.uri().toString());
            assertEquals(0, run.status, run::toString);
            Map<String, Object> json = JSON.std.mapFrom(run.out);
            long non2xx = nonSuccessResponses(server);

            assertAll(
                    () -> assertEquals(server.requestsReceived(), number(json, "completeRequests"), run::toString),
                    () -> assertEquals(REQUESTS, number(json, "completeRequests"), run::toString),
                    () -> assertEquals(non2xx, number(json, "non2xxResponses"), run::toString),
                    () -> assertEquals(HELD, server.inFlight(), server::toString),
                    () -> assertEquals(server.inFlight(), number(json, "noResponse"), run::toString),
                    () -> assertEquals(non2xx + server.inFlight(), number(json, "failedRequests"), run::toString),
                    () -> assertEquals(server.bodyBytesSent(), number(json, "htmlTransferredBytes"), run::toString),
                    () -> assertEquals("VIRTUAL_THREADS", json.get("mode")),
                    () -> assertEquals("threadlab", json.get("serverSoftware")),
                    () -> assertEquals(server.port(), number(json, "serverPort")),
                    () -> assertTrue(((Number) json.get("requestsPerSecond")).doubleValue() > 0, run::toString),
                    () -> assertEquals(List.of("50", "66", "75", "80", "90", "95", "98", "99", "100"),
                            List.copyOf(((Map<?, ?>) json.get("percentilesMs")).keySet())));
        }
    }

    @Test
    void the_text_report_counts_what_the_server_counted() throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(MIX).start()) {
            Run run = miniAb("-n", String.valueOf(REQUESTS), "-c", String.valueOf(CONCURRENCY), "--mode", "platform",
                    "-s", TIMEOUT, server.uri().toString());
            assertEquals(0, run.status, run::toString);
            long non2xx = nonSuccessResponses(server);

            assertAll(
                    () -> assertEquals(server.requestsReceived(), line(run, "Complete requests:"), run::toString),
                    () -> assertEquals(non2xx + HELD, line(run, "Failed requests:"), run::toString),
                    () -> assertEquals(non2xx, line(run, "Non-2xx responses:"), run::toString),
                    () -> assertEquals(server.bodyBytesSent(), line(run, "HTML transferred:"), run::toString),
                    () -> assertTrue(run.out.contains("Fetcher mode:           PLATFORM_POOL"), run::toString),
                    () -> assertTrue(run.out.contains(" 100% "), run::toString),
                    () -> assertTrue(run.err.contains("Completed 100 requests"), run::toString));
        }
    }

    @ParameterizedTest(name = "--client {0}")
    @ValueSource(strings = {"jdk", "socket"})
    void without_keep_alive_every_request_comes_on_a_connection_of_its_own(String client) throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(Reply.ok()).start()) {
            Run run = miniAb("-n", "20", "-c", "4", "--no-keepalive", "--client", client, "--json", "-q",
                    server.uri().toString());
            assertEquals(0, run.status, run::toString);
            assertEquals(20, server.requestsReceived(), server::toString);
            assertEquals(20, server.connectionsAccepted(), server::toString);
            assertEquals(false, JSON.std.mapFrom(run.out).get("keepAlive"));
        }
    }

    @ParameterizedTest(name = "--client {0}")
    @ValueSource(strings = {"jdk", "socket"})
    void a_time_limit_leaves_out_the_requests_it_kept_from_being_sent(String client) throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(Reply.ok().after(Duration.ofMillis(20))).start()) {
            Run run = miniAb("-t", "300ms", "-c", "4", "--mode", "virtual", "--client", client, "--json", "-q",
                    server.uri().toString());
            assertEquals(0, run.status, run::toString);
            Map<String, Object> json = JSON.std.mapFrom(run.out);
            long complete = number(json, "completeRequests");
            assertEquals(server.requestsReceived(), complete, run::toString);
            assertEquals(0, number(json, "failedRequests"), run::toString);
            // 300 ms of 20 ms requests, 4 at a time: about 60, and certainly far fewer than the 50000 -t implies.
            assertTrue(complete >= 4 && complete < 1000, run::toString);
            assertTrue(((Number) json.get("timeTakenSeconds")).doubleValue() < 2, run::toString);
        }
    }

    @Test
    void bad_usage_is_refused_with_status_2() {
        Run run = miniAb("-n", "0", "http://127.0.0.1:9/");
        assertEquals(2, run.status, run::toString);
        assertTrue(run.err.contains("-n must be at least 1"), run::toString);
        assertEquals(2, miniAb("-n", "1", "ftp://127.0.0.1/").status);
        assertEquals(2, miniAb("--mode", "green", "http://127.0.0.1:9/").status);
    }

    private static long nonSuccessResponses(LoopbackServer server) {
        return server.responsesByStatus().entrySet().stream()
                .filter(e -> e.getKey() < 200 || e.getKey() > 299)
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    private static long number(Map<String, Object> json, String field) {
        return ((Number) json.get(field)).longValue();
    }

    /** The first number on the report's line that starts with {@code label}. */
    private static long line(Run run, String label) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(label) + "\\s+(\\d+)").matcher(run.out);
        if (!matcher.find()) {
            throw new AssertionError("no line '" + label + "' in the report:\n" + run.out);
        }
        return Long.parseLong(matcher.group(1));
    }

    private static Run miniAb(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = MiniAb.run(outStream, errStream, args);
        }
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int status, String out, String err) {
        @Override
        public String toString() {
            return "MiniAb exited with " + status + "\n--- out:\n" + out + "\n--- err:\n" + err;
        }
    }
}
