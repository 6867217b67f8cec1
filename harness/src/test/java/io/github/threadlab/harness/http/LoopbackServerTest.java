package io.github.threadlab.harness.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.threadlab.harness.Eventually;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopbackServerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private HttpClient client;

    @BeforeEach
    void newClient() {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    private HttpResponse<String> get(LoopbackServer server) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(server.uri()).build(), BodyHandlers.ofString());
    }

    @Test
    void answers_ok_with_the_default_body_and_counts_it() throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(Reply.ok()).start()) {
            HttpResponse<String> response = get(server);
            assertEquals(200, response.statusCode());
            assertEquals("Hello, world\n", response.body());
            assertEquals(1, server.requestsReceived());
            assertEquals(1, server.responses(200));
            assertEquals(Map.of(200, 1L), server.responsesByStatus());
            assertEquals(13, server.bodyBytesSent());
            assertEquals(0, server.inFlight());
            assertEquals(1, server.peakInFlight());
            assertTrue(server.uri().toString().startsWith("http://127.0.0.1:"), server.uri().toString());
        }
    }

    @Test
    void status_and_body_size_as_asked_on_one_kept_alive_connection() throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(Reply.status(503).withBodyOf(1000)).start()) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> response = get(server);
                assertEquals(503, response.statusCode());
                assertEquals(1000, response.body().length());
            }
            assertEquals(5, server.requestsReceived());
            assertEquals(5, server.responses(503));
            assertEquals(5000, server.bodyBytesSent());
            assertEquals(1, server.connectionsAccepted(), "keep-alive: one connection for five requests");
        }
    }

    @Test
    void without_keep_alive_every_request_has_its_own_connection() throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(Reply.ok().withBodyOf(0)).keepAlive(false).start()) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = get(server);
                assertEquals(200, response.statusCode());
                assertEquals("", response.body());
                assertEquals("close", response.headers().firstValue("connection").orElse(""));
            }
            assertEquals(3, server.connectionsAccepted());
        }
    }

    @Test
    void replies_by_arrival_index() throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(i -> Reply.status(200 + i)).start()) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200 + i, get(server).statusCode());
            }
            assertEquals(Map.of(200, 1L, 201, 1L, 202, 1L), server.responsesByStatus());
        }
    }

    @Test
    void a_delay_holds_the_response() throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(Reply.ok().after(Duration.ofMillis(200))).start()) {
            long start = System.nanoTime();
            get(server);
            assertTrue(System.nanoTime() - start >= 200_000_000L);
        }
    }

    @Test
    void a_gate_holds_requests_in_flight_until_it_opens() throws Exception {
        RequestGate gate = RequestGate.closed();
        try (LoopbackServer server = LoopbackServer.replying(Reply.ok().heldAt(gate)).start()) {
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                responses.add(client.sendAsync(HttpRequest.newBuilder(server.uri()).build(), BodyHandlers.ofString()));
            }
            Eventually.within(PATIENCE).until("3 requests held", () -> gate.waiting() == 3);
            assertEquals(3, server.inFlight());
            assertEquals(3, server.peakInFlight());
            assertEquals(0, server.responses());
            assertFalse(responses.stream().anyMatch(CompletableFuture::isDone));
            gate.open();
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertEquals(200, response.join().statusCode());
            }
            assertEquals(0, server.inFlight());
            assertEquals(3, server.responses(200));
            assertEquals(3, gate.arrived());
        }
    }

    @Test
    void a_body_held_at_a_gate_comes_after_the_head() throws Exception {
        RequestGate gate = RequestGate.closed();
        try (LoopbackServer server = LoopbackServer.replying(Reply.ok().withBodyOf(1000).bodyHeldAt(gate)).start()) {
            // ofInputStream: send returns as soon as the head has come, while the server still holds the body
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(server.uri()).build(),
                    BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            assertEquals("1000", response.headers().firstValue("content-length").orElse(""));
            assertEquals(1, gate.waiting(), "the body is held at the gate");
            assertEquals(0, server.inFlight(), "the head is written: the request is no longer in flight");
            assertEquals(1, server.responses(200), "counted when its head is written");
            try (InputStream body = response.body()) {
                assertEquals(0, body.available(), "no body byte was written yet");
                gate.open();
                assertEquals(1000, body.readAllBytes().length);
            }
            assertEquals(1000, server.bodyBytesSent());
        }
    }

    @Test
    void a_body_after_a_delay_comes_that_long_after_the_head() throws Exception {
        RequestGate gate = RequestGate.closed();
        Duration hold = Duration.ofMillis(200);
        try (LoopbackServer server = LoopbackServer.replying(Reply.ok().withBodyOf(1000).bodyHeldAt(gate)
                .bodyAfter(hold)).start()) {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(server.uri()).build(),
                    BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode(), "the head came while the gate was closed");
            long opened = System.nanoTime();
            gate.open();
            try (InputStream body = response.body()) {
                assertEquals(1000, body.readAllBytes().length);
            }
            assertTrue(System.nanoTime() - opened >= hold.toNanos(), "the body came at least " + hold
                    + " after the gate opened");
            // the same reply read whole: the exchange lasts at least the hold
            long start = System.nanoTime();
            assertEquals(1000, get(server).body().length());
            assertTrue(System.nanoTime() - start >= hold.toNanos());
        }
    }

    @Test
    void a_response_without_body_bytes_is_written_whole_even_when_its_body_is_held() throws Exception {
        RequestGate gate = RequestGate.closed();
        try (LoopbackServer server = LoopbackServer.replying(i -> i == 0 ? Reply.ok().withBodyOf(0).bodyHeldAt(gate)
                : Reply.ok().bodyHeldAt(gate)).start();
                Socket socket = new Socket(server.uri().getHost(), server.port())) {
            assertEquals("", get(server).body());
            send(socket, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
            String head = readResponse(socket.getInputStream(), 0);
            assertTrue(head.startsWith("HTTP/1.1 200 ") && head.contains("Content-Length: 13\r\n"), head);
            assertEquals(0, gate.arrived(), "nothing was held: there was no body to hold");
        }
    }

    @Test
    void close_abandons_a_held_body() throws Exception {
        RequestGate gate = RequestGate.closed();
        LoopbackServer server = LoopbackServer.replying(Reply.ok().withBodyOf(1000).bodyHeldAt(gate)).start();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(server.uri()).build(),
                BodyHandlers.ofInputStream());
        Eventually.within(PATIENCE).until("the body held", () -> gate.waiting() == 1);
        server.close();
        assertEquals(0, gate.waiting());
        assertEquals(0, server.connectionsOpen());
        try (InputStream body = response.body()) {
            assertThrows(IOException.class, body::readAllBytes, "the connection closed in the middle of the body");
        }
    }

    @Test
    void drop_closes_the_connection_without_a_response() throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(Reply.drop()).start();
                Socket socket = new Socket(server.uri().getHost(), server.port())) {
            send(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(-1, socket.getInputStream().read(), "end of stream, no response");
            Eventually.within(PATIENCE).until("the drop counted", () -> server.dropped() == 1);
            assertEquals(0, server.responses());
            assertEquals(0, server.inFlight());
        }
    }

    @Test
    void drop_is_an_io_exception_for_the_http_client() throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(Reply.drop()).start()) {
            assertThrows(IOException.class, () -> get(server));
        }
    }

    @Test
    void reset_sends_a_tcp_reset() throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(Reply.reset()).start();
                Socket socket = new Socket(server.uri().getHost(), server.port())) {
            send(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            SocketException e = assertThrows(SocketException.class, () -> socket.getInputStream().read());
            assertTrue(e.getMessage().toLowerCase().contains("reset"), e.getMessage());
            assertEquals(1, server.resets());
        }
    }

    @Test
    void reset_is_an_io_exception_for_the_http_client() throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(Reply.reset()).start()) {
            assertThrows(IOException.class, () -> get(server));
        }
    }

    @Test
    void a_response_cut_short_is_an_io_exception_the_client_does_not_retry() throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(Reply.cutShort()).start()) {
            assertThrows(IOException.class, () -> get(server));
            assertEquals(1, server.requestsReceived(), "the response had begun: the client did not send it again");
            assertEquals(1, server.cutShort());
            assertEquals(0, server.responses());
            assertEquals(6, server.bodyBytesSent());
        }
    }

    @Test
    void the_client_sends_a_dropped_get_a_second_time() throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(Reply.drop()).start()) {
            assertThrows(IOException.class, () -> get(server));
            assertEquals(2, server.requestsReceived(), "the JDK's client retries once what it takes for an expired "
                    + "connection; if this changes, Reply's javadoc must too");
        }
    }

    @Test
    void http_1_0_keep_alive_as_apache_bench_asks_for_it() throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(Reply.ok()).start();
                Socket socket = new Socket(server.uri().getHost(), server.port())) {
            for (int i = 0; i < 2; i++) {
                send(socket, "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\nHost: x\r\nUser-Agent: ApacheBench/2.3\r\n"
                        + "Accept: */*\r\n\r\n");
                String response = readResponse(socket.getInputStream(), 13);
                assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
                assertTrue(response.contains("Connection: keep-alive\r\n"), response);
                assertTrue(response.contains("Content-Length: 13\r\n"), response);
                assertTrue(response.endsWith("\r\n\r\nHello, world\n"), response);
            }
            assertEquals(1, server.connectionsAccepted());
        }
    }

    @Test
    void http_1_0_without_keep_alive_is_closed_after_the_response() throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(Reply.ok()).start();
                Socket socket = new Socket(server.uri().getHost(), server.port())) {
            send(socket, "GET / HTTP/1.0\r\n\r\n");
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(response.contains("Connection: close\r\n"), response);
            assertTrue(response.endsWith("Hello, world\n"), response);
        }
    }

    @Test
    void pipelined_requests_are_answered_in_turn() throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(i -> Reply.status(200 + i)).start();
                Socket socket = new Socket(server.uri().getHost(), server.port())) {
            send(socket, "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(readResponse(socket.getInputStream(), 13).startsWith("HTTP/1.1 200 "));
            assertTrue(readResponse(socket.getInputStream(), 13).startsWith("HTTP/1.1 201 "));
        }
    }

    @Test
    void a_bad_request_line_is_refused_with_400() throws Exception {
        try (LoopbackServer server = LoopbackServer.replying(Reply.ok()).start();
                Socket socket = new Socket(server.uri().getHost(), server.port())) {
            send(socket, "HELLO\r\n\r\n");
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 400 "), response);
            assertEquals(0, server.requestsReceived());
        }
    }

    @Test
    void close_abandons_held_requests_and_ends_its_threads() throws Exception {
        RequestGate gate = RequestGate.closed();
        LoopbackServer server = LoopbackServer.replying(Reply.ok().heldAt(gate)).start();
        CompletableFuture<HttpResponse<String>> response =
                client.sendAsync(HttpRequest.newBuilder(server.uri()).build(), BodyHandlers.ofString());
        Eventually.within(PATIENCE).until("the request held", () -> gate.waiting() == 1);
        server.close();
        assertTrue(server.isClosed());
        assertEquals(0, server.inFlight());
        assertEquals(0, server.connectionsOpen());
        assertEquals(0, gate.waiting());
        assertTrue(response.handle((r, e) -> e != null).join(), "no response: the connection was closed");
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("threadlab-harness-http-" + server.port() + "-accept")));
        server.close(); // twice is harmless
    }

    @Test
    void replies_are_checked() {
        assertThrows(IllegalArgumentException.class, () -> Reply.status(99));
        assertThrows(IllegalArgumentException.class, () -> Reply.ok().withBodyOf(-1));
        assertThrows(IllegalArgumentException.class, () -> Reply.ok().after(Duration.ofMillis(-1)));
        assertThrows(IllegalStateException.class, () -> Reply.drop().withBodyOf(10));
        assertEquals(0, Reply.status(204).bodySize());
        assertEquals("503 with 0 body bytes after 20 ms", Reply.status(503).withBodyOf(0)
                .after(Duration.ofMillis(20)).toString());
        assertThrows(IllegalArgumentException.class, () -> Reply.ok().bodyAfter(Duration.ofMillis(-1)));
        assertThrows(IllegalStateException.class, () -> Reply.reset().bodyAfter(Duration.ofMillis(10)));
        assertEquals("200 with 1000 body bytes after 20 ms, body after 100 ms, body held at a gate", Reply.ok()
                .withBodyOf(1000).after(Duration.ofMillis(20)).bodyAfter(Duration.ofMillis(100))
                .bodyHeldAt(RequestGate.closed()).toString());
    }

    private static void send(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one response's head and a body of {@code bodySize} bytes. */
    private static String readResponse(InputStream in, int bodySize) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream after " + text);
            }
            text.append((char) b);
        }
        text.append(new String(in.readNBytes(bodySize), StandardCharsets.US_ASCII));
        return text.toString();
    }
}
