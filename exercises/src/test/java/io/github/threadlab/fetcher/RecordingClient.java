package io.github.threadlab.fetcher;

import io.github.threadlab.harness.TaskProbe;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A real {@link HttpClient} that also records, for the tests, who sends each request: every {@code send} (and
 * {@code sendAsync}) is a probed call of a {@link TaskProbe}, so the test knows which thread sent each request,
 * whether it was virtual, how many requests were in flight on the client's side at once and the peak. The server
 * sees only connections; the thread that calls {@code send} is the one the student's code runs the request on.
 *
 * <p>The real client does the real work. The probe also hands the sending threads to the graded test's leak check.
 */
final class RecordingClient extends HttpClient {

    private final HttpClient real;
    private final TaskProbe probe = TaskProbe.create();
    private final AtomicInteger sends = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();

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
            return probe.call(index, () -> real.send(request, handler)).call();
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
            response = probe.call(index, () -> real.sendAsync(request, handler, pushPromiseHandler)).call();
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
                passedOn.complete(r);
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
