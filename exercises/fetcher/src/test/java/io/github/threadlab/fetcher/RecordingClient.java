package io.github.threadlab.fetcher;

import io.github.threadlab.harness.TaskProbe;
import java.io.IOException;
import java.net.Authenticator;
import java.nio.ByteBuffer;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A real {@link HttpClient} that also records, for the tests, who sends each request: every {@code send} (and
 * {@code sendAsync}) is a probed call of a {@link TaskProbe}, so the test knows which thread sent each request,
 * whether it was virtual, how many requests were in flight on the client's side at once and the peak. The server
 * sees only connections; the thread that calls {@code send} is the one the student's code runs the request on.
 *
 * <p>It also counts what came back to the caller: the status of every response {@code send} returned, and the body
 * bytes handed to the caller's body handler. These, not the server's counts, are what a report must agree with:
 * the JDK client may send a GET a second time on its own when a pooled connection closes before the response's
 * head arrives, so the server can see more requests than the code under test made.
 *
 * <p>The real client does the real work. The probe also hands the sending threads to the graded test's leak check.
 */
final class RecordingClient extends HttpClient {

    private final HttpClient real;
    private final TaskProbe probe = TaskProbe.create();
    private final AtomicInteger sends = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final LongAdder bodyBytes = new LongAdder();

    private RecordingClient(HttpClient real) {
        this.real = real;
    }

    /** A recording client over a new HTTP/1.1 client with the JDK's defaults. */
    static RecordingClient create() {
        return new RecordingClient(HttpClient.newBuilder().version(Version.HTTP_1_1).build());
    }

    /** Which thread called {@code send} (or {@code sendAsync}) for each request, and whether it was virtual. */
    TaskProbe senders() {
        return probe;
    }

    /** How many requests have been sent so far (calls of {@code send} and {@code sendAsync}). */
    int sent() {
        return sends.get();
    }

    /** How many requests are in flight now: sent, and their response not yet complete (or failed). */
    int inFlight() {
        return inFlight.get();
    }

    /** The most requests that were in flight at the same moment, on the client's side. */
    int peakInFlight() {
        return peakInFlight.get();
    }

    /** How many responses of each status {@code send} returned (or {@code sendAsync} completed with). */
    Map<Integer, Long> responsesByStatus() {
        Map<Integer, Long> copy = new TreeMap<>();
        statuses.forEach((status, count) -> copy.put(status, count.sum()));
        return copy;
    }

    /** How many body bytes reached the callers' body handlers, over every response. */
    long bodyBytesReceived() {
        return bodyBytes.sum();
    }

    private <T> HttpResponse<T> returned(HttpResponse<T> response) {
        statuses.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
        return response;
    }

    /** The caller's handler, with its subscriber counting the body's bytes on their way in. */
    private <T> HttpResponse.BodyHandler<T> counting(HttpResponse.BodyHandler<T> handler) {
        return info -> new CountingSubscriber<>(handler.apply(info));
    }

    private final class CountingSubscriber<T> implements HttpResponse.BodySubscriber<T> {
        private final HttpResponse.BodySubscriber<T> inner;

        CountingSubscriber(HttpResponse.BodySubscriber<T> inner) {
            this.inner = inner;
        }

        @Override
        public CompletionStage<T> getBody() {
            return inner.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            inner.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            bodyBytes.add(item.stream().mapToLong(ByteBuffer::remaining).sum());
            inner.onNext(item);
        }

        @Override
        public void onError(Throwable throwable) {
            inner.onError(throwable);
        }

        @Override
        public void onComplete() {
            inner.onComplete();
        }
    }

    private int begin() {
        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        return sends.getAndIncrement();
    }

    private void end() {
        inFlight.decrementAndGet();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        int index = begin();
        try {
            return returned(probe.call(index, () -> real.send(request, counting(handler))).call());
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("send cannot throw " + e, e);
        } finally {
            end();
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
            HttpResponse.BodyHandler<T> handler) {
        return sendAsync(request, handler, null);
    }

    /**
     * In flight from the call until the response's future completes; the thread recorded is the one that called.
     * Cancelling the returned future cancels the real one.
     */
    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        int index = begin();
        CompletableFuture<HttpResponse<T>> response;
        try {
            response = probe.call(index, () -> real.sendAsync(request, counting(handler), pushPromiseHandler)).call();
        } catch (RuntimeException | Error e) {
            end();
            throw e;
        } catch (Exception e) {
            end();
            throw new IllegalStateException("sendAsync cannot throw " + e, e);
        }
        CompletableFuture<HttpResponse<T>> passedOn = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                response.cancel(mayInterruptIfRunning);
                return super.cancel(mayInterruptIfRunning);
            }
        };
        response.whenComplete((r, e) -> {
            end();
            if (e != null) {
                passedOn.completeExceptionally(e);
            } else {
                passedOn.complete(returned(r));
            }
        });
        return passedOn;
    }

    // --------------------------------------------------------------------------------- plain delegation

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return real.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return real.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return real.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return real.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return real.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return real.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return real.authenticator();
    }

    @Override
    public Version version() {
        return real.version();
    }

    @Override
    public Optional<Executor> executor() {
        return real.executor();
    }

    @Override
    public void shutdown() {
        real.shutdown();
    }

    @Override
    public boolean awaitTermination(Duration duration) throws InterruptedException {
        return real.awaitTermination(duration);
    }

    @Override
    public boolean isTerminated() {
        return real.isTerminated();
    }

    @Override
    public void shutdownNow() {
        real.shutdownNow();
    }

    @Override
    public void close() {
        real.close();
    }
}
