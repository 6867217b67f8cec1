package io.github.threadlab.fetcher;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Course-provided: the {@link HttpClient} that {@link MiniAb} hands to the student's {@link Fetcher}. It sends
 * every request through a real client and adds what Apache Bench does around the requests, so that the
 * {@link Fetcher} only has to send them:
 * <ul>
 *   <li>a per-request timeout, for a request that has none ({@code ab -s});</li>
 *   <li>{@code Connection: close} on every request when keep-alive is off (the JDK client keeps connections
 *       alive over HTTP/1.1 unless the server answers {@code Connection: close}, and it lets a request carry
 *       that header only when {@code jdk.httpclient.allowRestrictedHeaders} names it, which {@link MiniAb#main}
 *       sees to);</li>
 *   <li>a time limit ({@code ab -t}): past it, a request is not sent but fails at once with
 *       {@link TimeLimitReached}, so the fetch ends quickly and {@link MiniAb} leaves those out of the report;</li>
 *   <li>progress on standard error ("Completed 2000 requests"), the {@code Server} header of the first response,
 *       and the size of the response headers.</li>
 * </ul>
 * It is thread-safe: the {@link Fetcher} calls it from as many threads as it likes.
 */
final class BenchClient extends HttpClient {

    /** Why a request was not sent: the run's time limit had passed. */
    static final class TimeLimitReached extends IOException {
        TimeLimitReached() {
            super("the time limit of the run had passed, the request was not sent");
        }
    }

    private final HttpClient delegate;
    private final Optional<Duration> timeout;
    private final boolean keepAlive;
    private final AtomicReference<String> serverSoftware = new AtomicReference<>();
    private final LongAdder headerBytes = new LongAdder();
    private final AtomicLong ended = new AtomicLong();
    private volatile Progress progress = Progress.SILENT;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile long lastEndNanos;

    /**
     * @param delegate  the client that really sends
     * @param timeout   the timeout of a request that has none, empty for none
     * @param keepAlive false to ask for {@code Connection: close} on every request
     */
    BenchClient(HttpClient delegate, Optional<Duration> timeout, boolean keepAlive) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.keepAlive = keepAlive;
    }

    /**
     * Starts counting afresh (after a warm-up): the counters go back to zero, {@code progress} reports the
     * requests that end from now on, and no request is sent after {@code timeLimit} from now (empty: no limit).
     */
    void startRun(Progress progress, Optional<Duration> timeLimit) {
        headerBytes.reset();
        ended.set(0);
        serverSoftware.set(null);
        this.progress = Objects.requireNonNull(progress, "progress");
        long now = System.nanoTime();
        lastEndNanos = now;
        deadlineNanos = timeLimit.map(limit -> now + limit.toNanos()).orElse(Long.MAX_VALUE);
    }

    /** The {@code Server} header of the first response since {@link #startRun}, if it had one. */
    Optional<String> serverSoftware() {
        return Optional.ofNullable(serverSoftware.get());
    }

    /** The bytes of the response headers since {@link #startRun}, counted from the header fields as parsed. */
    long headerBytes() {
        return headerBytes.sum();
    }

    /** When the last request that was really sent ended ({@link System#nanoTime()}). */
    long lastEndNanos() {
        return lastEndNanos;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        HttpRequest prepared = prepare(request);
        try {
            return observed(delegate.send(prepared, handler));
        } finally {
            ended();
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
            HttpResponse.BodyHandler<T> handler) {
        return sendAsync(request, handler, null);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
            HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        HttpRequest prepared;
        try {
            prepared = prepare(request);
        } catch (TimeLimitReached late) {
            return CompletableFuture.failedFuture(late);
        }
        return delegate.sendAsync(prepared, handler, pushPromiseHandler)
                .thenApply(this::observed)
                .whenComplete((response, failure) -> ended());
    }

    /** The request as it is sent: with the default timeout and {@code Connection: close} when they apply. */
    private HttpRequest prepare(HttpRequest request) throws TimeLimitReached {
        if (System.nanoTime() - deadlineNanos >= 0) {
            throw new TimeLimitReached();
        }
        boolean addTimeout = timeout.isPresent() && request.timeout().isEmpty();
        if (!addTimeout && keepAlive) {
            return request; // the common case costs nothing
        }
        HttpRequest.Builder copy = HttpRequest.newBuilder(request, (name, value) -> true);
        if (addTimeout) {
            copy.timeout(timeout.get());
        }
        if (!keepAlive) {
            copy.setHeader("Connection", "close");
        }
        return copy.build();
    }

    private <T> HttpResponse<T> observed(HttpResponse<T> response) {
        HttpHeaders headers = response.headers();
        if (serverSoftware.get() == null) {
            headers.firstValue("Server").ifPresent(server -> serverSoftware.compareAndSet(null, server));
        }
        headerBytes.add(sizeOf(headers));
        return response;
    }

    private void ended() {
        lastEndNanos = System.nanoTime();
        progress.ended(ended.incrementAndGet());
    }

    /**
     * "HTTP/1.1 200 \r\n", then "Name: value\r\n" for each field, then the blank line: the reason phrase is not
     * counted, because the client does not keep it.
     */
    private static long sizeOf(HttpHeaders headers) {
        long size = "HTTP/1.1 200 \r\n".length() + 2;
        for (Map.Entry<String, List<String>> field : headers.map().entrySet()) {
            for (String value : field.getValue()) {
                size += field.getKey().length() + 2 + value.length() + 2;
            }
        }
        return size;
    }

    // Everything else is the real client's.

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public void shutdownNow() {
        delegate.shutdownNow();
    }

    @Override
    public boolean awaitTermination(Duration duration) throws InterruptedException {
        return delegate.awaitTermination(duration);
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
