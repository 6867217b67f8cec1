package io.github.threadlab.fetcher;

import static io.github.threadlab.harness.Durations.ms;

import io.github.threadlab.fetcher.Fetcher.Mode;
import io.github.threadlab.harness.Durations;
import io.github.threadlab.harness.Exercise;
import io.github.threadlab.harness.Expect;
import io.github.threadlab.harness.Graded;
import io.github.threadlab.harness.Run;
import io.github.threadlab.harness.Schedule;
import io.github.threadlab.harness.TimeLimits;
import io.github.threadlab.harness.http.LoopbackServer;
import io.github.threadlab.harness.http.Reply;
import io.github.threadlab.harness.http.RequestGate;
import io.github.threadlab.harness.Eventually;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.opentest4j.AssertionFailedError;

/**
 * The graded tests of exercise 5. Every test runs {@link Fetcher} against a real HTTP/1.1 server on the loopback
 * interface ({@link LoopbackServer}) with the JDK's real {@link java.net.http.HttpClient}, wrapped so that the test
 * sees which thread sends each request and how many are in flight ({@link RecordingClient}). The server holds
 * requests at gates the test opens, answers after a known delay, with error statuses, or by dropping or resetting
 * the connection, and counts what it received and sent. The report must agree with what the client sent and
 * received: the JDK client may resend a GET on its own, which the server counts twice and the code under test
 * never saw.
 *
 * <p>The tests count and gate rather than time. The one test about latency has lower bounds only from what the
 * server holds back (each response's body comes 100 ms after its head), and compares the latencies with the wall
 * time of the run, which bounds them whatever the machine's speed: with at most c requests in flight, their
 * latencies add up to at most c times the run's wall time, unless they include time spent waiting.
 */
@Exercise(number = 5, name = "fetcher")
class FetcherTest {

    /** How long to watch for something that must not happen, once the test is set up to see it. */
    private static final Duration SETTLE = ms(200);
    /**
     * How long the latency tests' server holds back what ends an exchange: a failure's reset, or the body of a
     * response whose head it sends at once.
     */
    private static final Duration HOLD = ms(100);

    private final List<LoopbackServer> servers = new ArrayList<>();
    private final List<RecordingClient> clients = new ArrayList<>();
    private final List<RequestGate> gates = new ArrayList<>();
    private final List<FetchCall> calls = new ArrayList<>();

    /**
     * The first request of a JVM loads the HTTP client's classes, its SSL context and the virtual-thread scheduler,
     * which takes seconds on a busy machine: done once here, outside the graded tests' time limits, so that no
     * test's patience is spent on it. Only the test's own server and client run here, never the student's code;
     * a stub, which fails every test at once, gets no warm-up, so that it fails fast.
     */
    @BeforeAll
    static void warmUpTheClientAndTheServer() throws Exception {
        if (isStub()) {
            return;
        }
        try (LoopbackServer server = LoopbackServer.replying(Reply.ok()).start()) {
            RecordingClient client = RecordingClient.create();
            try {
                HttpRequest request = HttpRequest.newBuilder(server.uri()).build();
                client.send(request, BodyHandlers.ofString());
                Thread virtual = Thread.ofVirtual().start(() -> {
                    try {
                        client.send(request, BodyHandlers.discarding());
                    } catch (IOException | InterruptedException e) {
                        // a warm-up: the graded tests see any real problem for themselves
                    }
                });
                client.sendAsync(request, BodyHandlers.ofByteArray()).join();
                virtual.join();
                Eventually.within(ms(100)).until("the warm-up", () -> server.requestsReceived() == 3);
            } finally {
                client.shutdownNow();
            }
        }
    }

    /** Whether {@link Fetcher} is still the stub, which answers everything with UnsupportedOperationException. */
    private static boolean isStub() {
        try {
            new Fetcher(null, 1, Mode.PLATFORM_POOL);
        } catch (UnsupportedOperationException stub) {
            return true;
        } catch (RuntimeException rejected) {
            // a NullPointerException, as the contract asks: a solution is there
        }
        return false;
    }

    @AfterEach
    void closeEverything() throws InterruptedException {
        gates.forEach(RequestGate::open);
        for (FetchCall call : calls) {
            call.close(() -> {
            });
        }
        servers.forEach(LoopbackServer::close);
        for (RecordingClient client : clients) {
            client.shutdownNow();
            client.awaitTermination(TimeLimits.scaled(Duration.ofSeconds(2)));
        }
    }

    // ------------------------------------------------------------------------------------------ arguments

    @Graded(points = 1)
    void fetcher_rejects_bad_arguments_before_sending_anything() throws Exception {
        LoopbackServer server = serve(LoopbackServer.replying(Reply.ok()));
        RecordingClient client = client();

        Expect.thrownBy(NullPointerException.class, () -> new Fetcher(null, 2, Mode.PLATFORM_POOL),
                "new Fetcher(null, 2, PLATFORM_POOL) must be rejected: a null argument is a NullPointerException");
        Expect.thrownBy(NullPointerException.class, () -> new Fetcher(client, 2, null),
                "new Fetcher(client, 2, null) must be rejected: a null argument is a NullPointerException");
        for (int concurrency : new int[] {0, -1}) {
            for (Mode mode : Mode.values()) {
                Expect.thrownBy(IllegalArgumentException.class, () -> new Fetcher(client, concurrency, mode),
                        "a concurrency of " + concurrency + " must be rejected: at least 1 request must be allowed "
                                + "in flight, or nothing is ever sent");
            }
        }
        for (Mode mode : Mode.values()) {
            try {
                new Fetcher(client, 1, mode);
            } catch (RuntimeException e) {
                throw new AssertionFailedError("new Fetcher(client, 1, " + mode + ") threw " + Expect.describe(e)
                        + ": a concurrency of 1 is allowed (at least 1): one request at a time, the sequential "
                        + "baseline, and ab's default", e);
            }
        }
        for (Mode mode : Mode.values()) {
            Fetcher fetcher = new Fetcher(client, 2, mode);
            Expect.thrownBy(NullPointerException.class, () -> fetcher.fetch(null, 3),
                    mode + ": fetch(null, 3) must be rejected: a null argument is a NullPointerException");
            Expect.thrownBy(IllegalArgumentException.class, () -> fetcher.fetch(server.uri(), -1),
                    mode + ": fetch(uri, -1) must be rejected: a negative number of requests is an "
                            + "IllegalArgumentException");
        }
        Expect.equal("the number of requests the server received", server.requestsReceived(), 0,
                "arguments are checked before any work is done, so a rejected call sends nothing");
    }

    @Graded(points = 1)
    void zero_requests_give_an_empty_report_and_send_nothing() throws Exception {
        LoopbackServer server = serve(LoopbackServer.replying(Reply.ok()));
        RecordingClient client = client();
        for (Mode mode : Mode.values()) {
            FetchReport report = start(new Fetcher(client, 3, mode), client, server, 0, mode)
                    .awaitReport("for 0 requests");
            Expect.equal(mode + ": the number of exchanges of fetch(uri, 0)", report.exchanges().size(), 0,
                    "0 requests give an empty report");
        }
        Expect.equal("the number of requests the server received for fetch(uri, 0)", server.requestsReceived(), 0,
                "0 requests means nothing is sent");
    }

    // ------------------------------------------------------------------------------------------- the report

    @Graded(points = 2)
    void every_request_is_reported_with_its_status_and_body_size() throws Exception {
        int n = 24;
        int concurrency = 4;
        for (Mode mode : Mode.values()) {
            LoopbackServer server = serve(LoopbackServer.replying(
                    i -> i % 4 == 3 ? Reply.status(201).withBodyOf(50) : Reply.ok().withBodyOf(100)));
            RecordingClient client = client();
            FetchReport report = start(new Fetcher(client, concurrency, mode), client, server, n, mode)
                    .awaitReport("for " + n + " requests to a server that answers at once");

            String run = mode + ", " + n + " requests, concurrency " + concurrency;
            Expect.equal(run + ": the number of requests sent through the client", client.sent(), n,
                    "fetch(uri, n) sends exactly n requests");
            Expect.equal(run + ": the number of exchanges in the report", report.exchanges().size(), n,
                    "the report has one exchange per request");
            Expect.equal(run + ": the statuses in the report, counted", statuses(report), client.responsesByStatus(),
                    "each exchange records the status of its response, as the client received it");
            for (Exchange exchange : report.exchanges()) {
                Expect.that(!exchange.failed(), run + ": an exchange with status " + exchange.status() + " was "
                        + "recorded as failed (" + exchange.error().orElse("") + "): every status in 200..299 is a "
                        + "success, not only 200");
                long expected = exchange.status() == 201 ? 50 : 100;
                Expect.equal(run + ": the body size recorded for a " + exchange.status() + " response",
                        exchange.bytes(), expected, "bytes is the number of body bytes read: the server sent "
                                + expected + " with every " + exchange.status() + " (a body handler that discards "
                                + "the body still lets you count it, e.g. ofInputStream, drained, or a counting "
                                + "BodySubscriber)");
            }
            Expect.equal(run + ": the body bytes in the report, added up", totalBytes(report),
                    client.bodyBytesReceived(), "the report's bytes must add up to the body bytes the client received");
        }
    }

    @Graded(points = 2)
    void failures_are_recorded_as_exchanges_never_thrown() throws Exception {
        int n = 12;
        int concurrency = 3;
        for (Mode mode : Mode.values()) {
            // Responses cut short in the middle of the body: the client never sends those a second time, so the
            // server's count and the report's agree one for one.
            LoopbackServer server = serve(LoopbackServer.replying(i -> i % 2 == 1 ? Reply.cutShort() : Reply.ok()));
            RecordingClient client = client();
            FetchReport report = start(new Fetcher(client, concurrency, mode), client, server, n, mode)
                    .awaitReport("when some responses broke off in the middle of the body");

            String run = mode + ", " + n + " requests of which " + server.cutShort() + " broke off";
            Expect.equal(run + ": the number of exchanges", report.exchanges().size(), n,
                    "a failed request is recorded like any other: one exchange per request");
            expectEveryFailureRecorded(run, report);
            Expect.equal(run + ": the number of failed exchanges", report.exchanges().stream()
                    .filter(Exchange::failed).count(), (long) server.cutShort(), "a request that ended in an "
                    + "exception failed: it is recorded with status 0 and the exception as its error");
            Expect.equal(run + ": the number of successful exchanges",
                    report.exchanges().stream().filter(e -> !e.failed()).count(), server.responses(200),
                    "every request the server answered with 200 succeeded");

            for (Reply noResponse : List.of(Reply.reset(), Reply.drop())) {
                LoopbackServer failing = serve(LoopbackServer.replying(noResponse));
                FetchReport failed = start(new Fetcher(client, concurrency, mode), client, failing, 4, mode)
                        .awaitReport("when the server answered every request by: " + noResponse);
                String every = mode + ", 4 requests, every one answered by: " + noResponse;
                Expect.equal(every + ": the number of exchanges", failed.exchanges().size(), 4,
                        "a failed request is recorded like any other: one exchange per request");
                expectEveryFailureRecorded(every, failed);
                Expect.equal(every + ": the number of failed exchanges", failed.exchanges().stream()
                        .filter(Exchange::failed).count(), 4L, "no request got a response: all of them failed");
            }

            // A failure has a latency too: from sending to the failure. The server resets each connection HOLD
            // after the request arrived, so no failure can have come sooner.
            LoopbackServer slowReset = serve(LoopbackServer.replying(Reply.reset().after(HOLD)));
            FetchCall resetCall = start(new Fetcher(client, 2, mode), client, slowReset, 2, mode);
            FetchReport resets = resetCall.awaitReport("when the server reset every connection "
                    + Durations.format(HOLD) + " after the request arrived");
            String late = mode + ", 2 requests, every connection reset " + Durations.format(HOLD)
                    + " after its request arrived";
            for (Exchange exchange : resets.exchanges()) {
                Expect.tookAtLeast(late + ": a failed exchange's latency", exchange.latency(), HOLD, "the "
                        + "failure came " + Durations.format(HOLD) + " after the request was sent, and a failure's "
                        + "latency runs from sending the request to the failure (Exchange.failure), like any other");
                Expect.that(exchange.latency().compareTo(resetCall.elapsed()) <= 0, late + ": a failed exchange's "
                        + "latency " + Durations.format(exchange.latency()) + " is longer than the "
                        + Durations.format(resetCall.elapsed()) + " that fetch took: it runs from sending the request "
                        + "to the failure");
            }
        }
    }

    /** Every exchange with status 0 failed and says why. */
    private static void expectEveryFailureRecorded(String run, FetchReport report) {
        for (Exchange exchange : report.exchanges()) {
            Expect.that(exchange.status() != 0 || exchange.failed(), run + ": an exchange with status 0 has no "
                    + "error: a request that ended in an exception failed, and its error says why (Exchange.failure)");
        }
    }

    @Graded(points = 2)
    void a_status_outside_200_to_299_is_a_failure_with_its_status() throws Exception {
        int n = 10;
        int concurrency = 2;
        for (Mode mode : Mode.values()) {
            // 299 and 300 are the edges of 200..299: one just inside, one just outside
            LoopbackServer server = serve(LoopbackServer.replying(i -> switch (i % 5) {
                case 1 -> Reply.status(404).withBodyOf(20);
                case 2 -> Reply.status(503).withBodyOf(0);
                case 3 -> Reply.status(299).withBodyOf(7);
                case 4 -> Reply.status(300).withBodyOf(5);
                default -> Reply.ok();
            }));
            RecordingClient client = client();
            FetchReport report = start(new Fetcher(client, concurrency, mode), client, server, n, mode)
                    .awaitReport("when the server answered some requests with 404, 503, 299 and 300");

            String run = mode + ", " + n + " requests answered " + client.responsesByStatus();
            Expect.equal(run + ": the statuses in the report, counted", statuses(report), client.responsesByStatus(),
                    "a response with an error status is still a response: its exchange records its status");
            for (Exchange exchange : report.exchanges()) {
                boolean success = exchange.status() >= 200 && exchange.status() <= 299;
                Expect.that(success != exchange.failed(), run + ": an exchange with status " + exchange.status()
                        + " was recorded as " + (exchange.failed() ? "failed" : "a success") + ": a status outside "
                        + "200..299 is a failure (Exchange.badStatus), one inside is a success; ab counts them as "
                        + "\"Non-2xx responses\", and a benchmark that counts a 503 as a success measures how fast "
                        + "the server refuses work");
            }
            Expect.equal(run + ": the body bytes in the report, added up", totalBytes(report),
                    client.bodyBytesReceived(), "an error response's body is read and counted like any other");
        }
    }

    // ------------------------------------------------------------------------------------------- the limit

    @Graded(points = 3)
    void pool_mode_has_at_most_concurrency_requests_in_flight_and_that_many_while_enough_remain() throws Exception {
        expectTheLimitHolds(Mode.PLATFORM_POOL);
    }

    @Graded(points = 3)
    void virtual_mode_has_at_most_concurrency_requests_in_flight_and_that_many_while_enough_remain()
            throws Exception {
        expectTheLimitHolds(Mode.VIRTUAL_THREADS);
    }

    /** Holds every request at the server, sees that c arrive and no more, then lets them all go. */
    private void expectTheLimitHolds(Mode mode) throws Exception {
        int n = 10;
        int concurrency = 3;
        RequestGate gate = gate();
        LoopbackServer server = serve(LoopbackServer.replying(Reply.ok().heldAt(gate)));
        RecordingClient client = client();
        client.senders().expectingAtMost(concurrency, "concurrency"); // the limit line of the report's picture
        FetchCall call = start(new Fetcher(client, concurrency, mode), client, server, n, mode);

        call.awaitUntil(concurrency + " requests to be in flight at once (the server holds every request until the "
                + "test lets them go)", () -> gate.waiting() >= concurrency, () -> "the most that were: "
                + server.peakInFlight() + "; while requests remain, fetch keeps " + concurrency + " in flight: "
                + "that is the point of concurrency, and sending one after another is what made the article's "
                + "synchronous client slow");
        Thread.sleep(SETTLE.toMillis()); // time for any request beyond the limit to arrive too
        int peakWhileHeld = Math.max(server.peakInFlight(), client.peakInFlight());
        gate.open();
        FetchReport report = call.awaitReport("after the server let its requests go");

        Expect.atMost(mode + ": the peak of requests in flight while the server held them", peakWhileHeld,
                concurrency, "requests are not bounded by the concurrency: never more than " + concurrency + " in "
                        + "flight at once (" + (mode == Mode.PLATFORM_POOL ? "a pool of " + concurrency
                        + " threads, each sending one request at a time" : "a Semaphore of " + concurrency
                        + " permits, one held by each request in flight") + "); the HttpClient does not limit "
                        + "anything by itself, and an unbounded benchmark overloads the server it measures");
        Expect.atMost(mode + ": the peak of requests in flight over the whole run",
                Math.max(server.peakInFlight(), client.peakInFlight()), concurrency,
                "never more than " + concurrency + " requests in flight at once");
        Expect.equal(mode + ": the number of exchanges", report.exchanges().size(), n, "one exchange per request");
    }

    @Graded(points = 2)
    void pool_mode_starts_the_next_request_as_soon_as_one_finishes() throws Exception {
        expectASlidingWindow(Mode.PLATFORM_POOL);
    }

    @Graded(points = 2)
    void virtual_mode_starts_the_next_request_as_soon_as_one_finishes() throws Exception {
        expectASlidingWindow(Mode.VIRTUAL_THREADS);
    }

    /** Holds the first request to arrive; the others must flow past it through the remaining c - 1 places. */
    private void expectASlidingWindow(Mode mode) throws Exception {
        int n = 9;
        int concurrency = 3;
        RequestGate slow = gate();
        LoopbackServer server = serve(LoopbackServer.replying(i -> i == 0 ? Reply.ok().heldAt(slow) : Reply.ok()));
        RecordingClient client = client();
        client.senders().expectingAtMost(concurrency, "concurrency"); // the limit line of the report's picture
        FetchCall call = start(new Fetcher(client, concurrency, mode), client, server, n, mode);

        call.awaitUntil("the other " + (n - 1) + " requests to be answered while the server held the first one",
                () -> server.responses(200) == n - 1,
                () -> "only " + server.responses(200) + " were answered (requests received: "
                        + server.requestsReceived() + "): fetch starts the next request as soon as one finishes, so "
                        + "one slow request takes one place, not the whole window; sending in batches of "
                        + concurrency + " and waiting for each batch to end makes every batch as slow as its "
                        + "slowest request");
        Expect.equal(mode + ": requests held at the server", slow.waiting(), 1,
                "the first request is still held, so the others flowed past it");
        slow.open();
        FetchReport report = call.awaitReport("after the slow request was let go");
        Expect.equal(mode + ": the number of exchanges", report.exchanges().size(), n, "one exchange per request");
    }

    @Graded(points = 3)
    void a_failed_request_gives_back_its_permit_or_thread() throws Exception {
        int n = 9;
        int concurrency = 3;
        for (Mode mode : Mode.values()) {
            LoopbackServer server = serve(LoopbackServer.replying(i -> i < concurrency ? Reply.cutShort()
                    : Reply.ok()));
            RecordingClient client = client();
            FetchReport report = start(new Fetcher(client, concurrency, mode), client, server, n, mode)
                    .awaitReport("after the first " + concurrency + " requests failed (their responses broke "
                            + "off in the middle of the body): a failed request must give its " + (mode == Mode.PLATFORM_POOL
                            ? "pool thread back (catch the failure inside the task, so the thread goes on to the "
                            + "next request)" : "permit back (release it in a finally block)")
                            + ", or the run stalls once " + concurrency + " requests have failed");

            String run = mode + ", " + n + " requests, the first " + concurrency + " broken off";
            Expect.equal(run + ": the number of requests sent through the client", client.sent(), n,
                    "every request is sent, also after failures");
            Expect.equal(run + ": the number of exchanges", report.exchanges().size(), n, "one exchange per request");
            Expect.equal(run + ": the number of failed exchanges",
                    report.exchanges().stream().filter(Exchange::failed).count(), (long) concurrency,
                    "the " + concurrency + " broken-off requests failed, the others succeeded");
        }
    }

    // ---------------------------------------------------------------------------------------------- latency

    @Graded(points = 2)
    void latency_runs_from_sending_to_the_last_byte_not_from_waiting_for_a_permit() throws Exception {
        int n = 8;
        int concurrency = 2;
        for (Mode mode : Mode.values()) {
            // The head (status line and headers, with the Content-Length) at once, the body HOLD later: the
            // exchange is over only when the body has come, whenever send returns.
            LoopbackServer server = serve(LoopbackServer.replying(Reply.ok().withBodyOf(1000).bodyAfter(HOLD)));
            RecordingClient client = client();
            FetchCall call = start(new Fetcher(client, concurrency, mode), client, server, n, mode);
            FetchReport report = call.awaitReport("for " + n + " requests whose bodies came "
                    + Durations.format(HOLD) + " after their heads");
            Duration elapsed = call.elapsed();

            String run = mode + ", " + n + " requests, concurrency " + concurrency + ", each response's head sent "
                    + "at once and its 1000-byte body " + Durations.format(HOLD) + " later";
            Expect.equal(run + ": the number of exchanges", report.exchanges().size(), n, "one exchange per request");
            Duration shortest = report.exchanges().stream().map(Exchange::latency).min(Duration::compareTo)
                    .orElseThrow();
            Expect.tookAtLeast(run + ": the shortest latency", shortest, HOLD, "the server sent each response's "
                    + "head (status and headers) as soon as the request arrived, and held its body back "
                    + Durations.format(HOLD) + ", so no exchange is over sooner: the latency runs from sending the "
                    + "request to reading the last byte of its body, not to the head. With "
                    + "BodyHandlers.ofInputStream, send returns as soon as the head has come: stop the clock once "
                    + "the body is read. A benchmark that stops at the head reports a server that streams its "
                    + "responses slowly as a fast one");
            Duration total = report.exchanges().stream().map(Exchange::latency).reduce(Duration.ZERO, Duration::plus);
            Duration bound = elapsed.multipliedBy(concurrency);
            Duration longest = report.exchanges().stream().map(Exchange::latency).max(Duration::compareTo)
                    .orElseThrow();
            Expect.that(total.compareTo(bound) <= 0, run + ": the latencies add up to " + Durations.format(total)
                    + " (the longest is " + Durations.format(longest) + "), but with at most " + concurrency
                    + " requests in flight they can add up to at most " + concurrency + " x the " + Durations.format(
                    elapsed) + " that fetch took, " + Durations.format(bound) + ": the latency includes time spent "
                    + "waiting for a " + (mode == Mode.PLATFORM_POOL ? "pool thread" : "permit") + "; start the "
                    + "clock just before sending, once the request has its place, or the report blames the server "
                    + "for the client's own queue (each latency should be about " + Durations.format(HOLD)
                    + " here, not " + Durations.format(longest) + "); or more than " + concurrency + " requests "
                    + "were in flight at once, which breaks this bound too");
            Duration rounds = Schedule.rounds(n, concurrency, HOLD);
            Expect.tookAtLeast(run + ": the report's wall time", report.wallTime(), rounds, "at most "
                    + concurrency + " at once, " + n + " requests need " + Schedule.roundsFor(n, concurrency)
                    + " rounds of " + Durations.format(HOLD) + ": the wall time runs from the start of the run to the "
                    + "end of its last exchange");
            Expect.that(report.wallTime().compareTo(elapsed) <= 0, run + ": the report's wall time "
                    + Durations.format(report.wallTime()) + " is longer than the " + Durations.format(elapsed)
                    + " that fetch took: it runs from the start of the run to the end of its last exchange");
        }
    }

    // ------------------------------------------------------------------------------------------ the threads

    @Graded(points = 2)
    void pool_mode_sends_on_at_most_concurrency_platform_threads_not_the_caller() throws Exception {
        int n = 12;
        int concurrency = 3;
        LoopbackServer server = serve(LoopbackServer.replying(Reply.ok().after(ms(10))));
        RecordingClient client = client();
        FetchCall call = start(new Fetcher(client, concurrency, Mode.PLATFORM_POOL), client, server, n,
                Mode.PLATFORM_POOL);
        call.awaitReport("for " + n + " requests");

        List<Run> sends = client.senders().runs();
        Expect.equal("PLATFORM_POOL: the number of requests sent", sends.size(), n, "one send per request");
        for (Run send : sends) {
            Expect.that(!send.virtual(), "PLATFORM_POOL: a request was sent from the virtual thread '"
                    + send.threadName() + "': this mode runs the requests on a pool of " + concurrency + " platform "
                    + "threads (the article's thread pool), the other mode on virtual threads");
            Expect.that(send.thread() != call.caller(), "PLATFORM_POOL: a request was sent from the thread that "
                    + "called fetch: the requests run on the pool's threads, while the caller waits for them");
        }
        Set<Thread> threads = client.senders().threads();
        Expect.atMost("PLATFORM_POOL: the number of distinct threads that sent requests", threads.size(),
                concurrency, "the pool has " + concurrency + " platform threads and each request occupies one "
                        + "of them while in flight (threads seen: " + threads.stream().map(Thread::getName).sorted()
                        .toList() + ")");
    }

    @Graded(points = 2)
    void virtual_mode_sends_each_request_on_a_virtual_thread_of_its_own() throws Exception {
        int n = 12;
        int concurrency = 3;
        LoopbackServer server = serve(LoopbackServer.replying(Reply.ok().after(ms(10))));
        RecordingClient client = client();
        FetchCall call = start(new Fetcher(client, concurrency, Mode.VIRTUAL_THREADS), client, server, n,
                Mode.VIRTUAL_THREADS);
        call.awaitReport("for " + n + " requests");

        List<Run> sends = client.senders().runs();
        Expect.equal("VIRTUAL_THREADS: the number of requests sent", sends.size(), n, "one send per request");
        for (Run send : sends) {
            Expect.that(send.virtual(), "VIRTUAL_THREADS: a request was sent from the platform thread '"
                    + send.threadName() + "': this mode runs each request on a virtual thread of its own, bounded "
                    + "by a Semaphore, the article's coroutines; the other mode uses the pool");
        }
        Expect.equal("VIRTUAL_THREADS: the number of distinct threads that sent the " + n + " requests",
                client.senders().threads().size(), n, "one virtual thread per request: they cost so little that "
                        + "none is reused, and the Semaphore, not a pool, sets the limit");
    }

    @Graded(points = 2)
    void an_interrupted_fetch_interrupts_its_requests_waits_for_them_and_throws() throws Exception {
        int n = 9;
        int concurrency = 3;
        for (Mode mode : Mode.values()) {
            RequestGate gate = gate();
            LoopbackServer server = serve(LoopbackServer.replying(Reply.ok().heldAt(gate)));
            RecordingClient client = client();
            FetchCall call = start(new Fetcher(client, concurrency, mode), client, server, n, mode);
            call.awaitUntil(concurrency + " requests in flight", () -> client.inFlight() == concurrency
                    && gate.waiting() == concurrency, () -> client.inFlight() + " were in flight on the client, "
                    + gate.waiting() + " held at the server");

            call.interrupt();
            Throwable thrown = call.awaitEnd("after the thread that called it was interrupted while " + concurrency
                    + " requests were in flight (held by the server): an interrupt of the caller ends fetch: it "
                    + "interrupts the requests in flight (HttpClient.send answers an interrupt by cancelling the "
                    + "request), waits for them to end, then throws InterruptedException");
            if (!(thrown instanceof InterruptedException)) {
                throw FetchCall.withCause(new AssertionFailedError(mode + ": fetch " + call.describeEnd() + " when "
                        + "the thread that called it was interrupted: it must throw InterruptedException, so that "
                        + "the caller knows the report is lost"), thrown);
            }
            Expect.equal(mode + ": requests still in flight on the client when fetch threw", call.inFlightAtEnd(), 0,
                    "fetch interrupts the requests it started and waits until they have ended before it throws "
                            + "(shutdownNow and awaitTermination, or interrupt and join); otherwise they run on with "
                            + "nobody waiting for them");
        }
    }

    @Graded(points = 1)
    void fetch_leaves_no_thread_running_when_it_returns() throws Exception {
        int n = 9;
        int concurrency = 3;
        for (Mode mode : Mode.values()) {
            LoopbackServer server = serve(LoopbackServer.replying(Reply.ok()));
            RecordingClient client = client();
            start(new Fetcher(client, concurrency, mode), client, server, n, mode).awaitReport("for " + n
                    + " requests");
            // A pool's threads outlive its termination by the moment they take to exit: generous, as a thread left
            // idle in a pool never ends at all.
            Duration grace = TimeLimits.scaled(Duration.ofSeconds(5));
            long deadline = System.nanoTime() + grace.toNanos();
            List<String> running = new ArrayList<>();
            for (Thread thread : client.senders().threads()) {
                thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                if (thread.isAlive()) {
                    running.add(thread.getName());
                }
            }
            Expect.that(running.isEmpty(), mode + ": " + running.size() + " thread(s) that sent requests were still "
                    + "running " + Durations.format(grace) + " after fetch returned " + running + ": fetch leaves no "
                    + "thread it started running (shut the pool down, or close the executor, and wait for it); an "
                    + "idle pool left behind holds its threads, and its memory, for as long as the program runs");
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    private LoopbackServer serve(LoopbackServer.Builder builder) throws IOException {
        LoopbackServer server = builder.start();
        servers.add(server);
        return server;
    }

    private RecordingClient client() {
        RecordingClient client = RecordingClient.create();
        clients.add(client);
        return client;
    }

    private RequestGate gate() {
        RequestGate gate = RequestGate.closed();
        gates.add(gate);
        return gate;
    }

    private FetchCall start(Fetcher fetcher, RecordingClient client, LoopbackServer server, int requests, Mode mode) {
        FetchCall call = FetchCall.start(fetcher, client, server.uri(), requests, mode + ": fetch(uri, " + requests
                + ")");
        calls.add(call);
        return call;
    }

    /** How many exchanges of the report have each status, in status order, like the server's count. */
    private static Map<Integer, Long> statuses(FetchReport report) {
        return report.exchanges().stream().filter(e -> e.status() != 0)
                .collect(Collectors.groupingBy(Exchange::status, TreeMap::new, Collectors.counting()));
    }

    private static long totalBytes(FetchReport report) {
        return report.exchanges().stream().mapToLong(Exchange::bytes).sum();
    }
}
