package io.github.threadlab.fetcher;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Course-provided: a small {@link HttpClient} for MiniAb's {@code --client socket}, which sends each request with
 * blocking socket calls on the thread that calls {@link #send}: no selector thread, no futures, no hand-off from
 * one thread to another per response. On a virtual thread a blocking read parks only that virtual thread, so this
 * is how a virtual-thread program does network I/O: straight-line code, and the JVM's poller does the waiting.
 *
 * <p>It speaks plain HTTP/1.1 only (no TLS, no proxy, no redirects, no authentication, no cookies, no HTTP/2),
 * sends requests without a body (GET, HEAD, DELETE...), and reads bodies sized by {@code Content-Length}, sent in
 * chunks, or ended by the connection's close. Idle connections are kept for reuse, per host and port, unless either
 * side asked for {@code Connection: close}. A request's {@linkplain HttpRequest#timeout() timeout} bounds each
 * read and the connect, and ends in {@link HttpTimeoutException} as with the JDK's client. {@link #sendAsync} runs
 * {@link #send} on a virtual thread.
 */
final class SocketClient extends HttpClient {

    private static final int BUFFER = 16 * 1024;

    private final Map<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();
    private final ExecutorService asyncThreads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean closed;

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        URI uri = request.uri();
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IOException("the socket client speaks plain HTTP only, not " + uri.getScheme());
        }
        if (request.bodyPublisher().map(body -> body.contentLength() != 0).orElse(false)) {
            throw new IOException("the socket client sends no request bodies");
        }
        if (closed) {
            throw new IOException("the client is closed");
        }
        String key = uri.getHost() + ":" + port(uri);
        ConcurrentLinkedDeque<Connection> pool = idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
        Connection connection = pool.pollFirst();
        boolean reused = connection != null;
        if (connection == null) {
            connection = Connection.open(uri, request.timeout());
        }
        try {
            connection.timeout(request.timeout());
            Response response;
            try {
                connection.write(head(request, uri));
                response = connection.readResponse(request.method().equals("HEAD"));
            } catch (EOFException stale) {
                if (!reused) {
                    throw stale;
                }
                // A kept connection that the server closed meanwhile: one more try on a new one, as browsers do.
                connection.close();
                connection = Connection.open(uri, request.timeout());
                connection.write(head(request, uri));
                response = connection.readResponse(request.method().equals("HEAD"));
            }
            T body = deliver(response, handler);
            if (response.keepAlive && !closed && !request.headers().firstValue("Connection")
                    .map(value -> value.equalsIgnoreCase("close")).orElse(false)) {
                pool.offerFirst(connection);
            } else {
                connection.close();
            }
            return new SocketResponse<>(response.status, HttpHeaders.of(response.headers, (n, v) -> true), body,
                    request, uri);
        } catch (SocketTimeoutException timeout) {
            connection.close();
            throw new HttpTimeoutException("request timed out");
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
            HttpResponse.BodyHandler<T> handler) {
        CompletableFuture<HttpResponse<T>> future = new CompletableFuture<>();
        asyncThreads.execute(() -> {
            try {
                future.complete(send(request, handler));
            } catch (Throwable failure) {
                future.completeExceptionally(failure);
            }
        });
        return future;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
            HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return sendAsync(request, handler); // HTTP/1.1 has no push promises
    }

    private static byte[] head(HttpRequest request, URI uri) {
        StringBuilder head = new StringBuilder(128);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        head.append(request.method()).append(' ').append(path);
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(uri.getHost());
        if (uri.getPort() != -1) {
            head.append(':').append(uri.getPort());
        }
        head.append("\r\n");
        request.headers().map().forEach((name, values) -> values.forEach(value ->
                head.append(name).append(": ").append(value).append("\r\n")));
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Hands the whole body to the handler's subscriber, as the reactive-streams contract asks, and returns its body. */
    private static <T> T deliver(Response response, HttpResponse.BodyHandler<T> handler) throws IOException {
        HttpHeaders headers = HttpHeaders.of(response.headers, (n, v) -> true);
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return response.status;
            }

            @Override
            public HttpHeaders headers() {
                return headers;
            }

            @Override
            public Version version() {
                return Version.HTTP_1_1;
            }
        });
        subscriber.onSubscribe(new OneShot(subscriber, response.body));
        try {
            return subscriber.getBody().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the body handler finished", e);
        } catch (ExecutionException e) {
            throw new IOException("the body handler failed", e.getCause());
        }
    }

    /** A subscription that delivers the whole body in one {@code onNext} once there is demand, then completes. */
    private static final class OneShot implements Flow.Subscription {
        private final Flow.Subscriber<? super List<ByteBuffer>> subscriber;
        private final byte[] body;
        private boolean done;

        OneShot(Flow.Subscriber<? super List<ByteBuffer>> subscriber, byte[] body) {
            this.subscriber = subscriber;
            this.body = body;
        }

        @Override
        public void request(long n) {
            synchronized (this) {
                if (done || n <= 0) {
                    return;
                }
                done = true;
            }
            if (body.length > 0) {
                subscriber.onNext(List.of(ByteBuffer.wrap(body)));
            }
            subscriber.onComplete();
        }

        @Override
        public void cancel() {
            synchronized (this) {
                done = true;
            }
        }
    }

    private static int port(URI uri) {
        return uri.getPort() == -1 ? 80 : uri.getPort();
    }

    /** A parsed response: status, headers, the whole body, and whether the connection may be kept. */
    private record Response(int status, Map<String, List<String>> headers, byte[] body, boolean keepAlive) {
    }

    /** One connection, with its own read buffer. Used by one request at a time. */
    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buffer = new byte[BUFFER];
        private int start;
        private int end;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static Connection open(URI uri, Optional<Duration> timeout) throws IOException {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                int millis = timeout.map(t -> (int) Math.max(1, Math.min(Integer.MAX_VALUE, t.toMillis()))).orElse(0);
                socket.connect(new InetSocketAddress(uri.getHost(), port(uri)), millis);
                return new Connection(socket);
            } catch (SocketTimeoutException e) {
                socket.close();
                throw new HttpTimeoutException("connect timed out");
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        void timeout(Optional<Duration> timeout) throws IOException {
            socket.setSoTimeout(timeout.map(t -> (int) Math.max(1, Math.min(Integer.MAX_VALUE, t.toMillis())))
                    .orElse(0));
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        Response readResponse(boolean head) throws IOException {
            String statusLine = line();
            if (statusLine == null) {
                throw new EOFException("the connection closed before a response");
            }
            if (!statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x response: " + statusLine);
            }
            boolean http10 = statusLine.startsWith("HTTP/1.0");
            int status;
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (RuntimeException e) {
                throw new IOException("bad status line: " + statusLine);
            }
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            String line;
            while ((line = line()) != null && !line.isEmpty()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>())
                            .add(line.substring(colon + 1).trim());
                }
            }
            if (line == null) {
                throw new EOFException("the connection closed in the response's headers");
            }
            String connection = first(headers, "Connection").toLowerCase(Locale.ROOT);
            boolean keepAlive = http10 ? connection.equals("keep-alive") : !connection.equals("close");
            boolean noBody = head || status < 200 || status == 204 || status == 304;
            byte[] body;
            if (noBody) {
                body = new byte[0];
            } else if (first(headers, "Transfer-Encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
                body = chunked();
            } else if (!first(headers, "Content-Length").isEmpty()) {
                body = exactly(Long.parseLong(first(headers, "Content-Length")));
            } else {
                body = untilClose();
                keepAlive = false;
            }
            return new Response(status, headers, body, keepAlive);
        }

        private static String first(Map<String, List<String>> headers, String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? "" : values.get(0);
        }

        private byte[] chunked() throws IOException {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            while (true) {
                String size = line();
                if (size == null) {
                    throw new EOFException("the connection closed in a chunked body");
                }
                int semicolon = size.indexOf(';');
                long length = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (length == 0) {
                    String trailer;
                    while ((trailer = line()) != null && !trailer.isEmpty()) {
                        // trailers are read and dropped
                    }
                    return body.toByteArray();
                }
                body.writeBytes(exactly(length));
                line(); // the CRLF after the chunk
            }
        }

        private byte[] exactly(long length) throws IOException {
            if (length > Integer.MAX_VALUE - 16) {
                throw new IOException("a body of " + length + " bytes is too large for this client");
            }
            byte[] body = new byte[(int) length];
            int have = Math.min(end - start, body.length);
            System.arraycopy(buffer, start, body, 0, have);
            start += have;
            while (have < body.length) {
                int read = in.read(body, have, body.length - have);
                if (read < 0) {
                    throw new EOFException("the connection closed after " + have + " of " + length + " body bytes");
                }
                have += read;
            }
            return body;
        }

        private byte[] untilClose() throws IOException {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            body.write(buffer, start, end - start);
            start = end;
            body.writeBytes(in.readAllBytes());
            return body.toByteArray();
        }

        /** The next line without its CRLF, or null at the end of the stream before any byte of it. */
        private String line() throws IOException {
            StringBuilder line = null;
            while (true) {
                for (int i = start; i < end; i++) {
                    if (buffer[i] == '\n') {
                        int stop = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                        String part = new String(buffer, start, stop - start, StandardCharsets.ISO_8859_1);
                        start = i + 1;
                        return line == null ? part : line.append(part).toString();
                    }
                }
                if (end > start) {
                    if (line == null) {
                        line = new StringBuilder();
                    }
                    line.append(new String(buffer, start, end - start, StandardCharsets.ISO_8859_1));
                    if (line.length() > 64 * 1024) {
                        throw new IOException("a header line longer than 64 KiB");
                    }
                }
                start = 0;
                end = in.read(buffer);
                if (end < 0) {
                    end = 0;
                    return line == null ? null : line.toString();
                }
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing: nothing left to do
            }
        }
    }

    private record SocketResponse<T>(int statusCode, HttpHeaders headers, T body, HttpRequest request, URI uri)
            implements HttpResponse<T> {
        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public Version version() {
            return Version.HTTP_1_1;
        }
    }

    // The client's settings: none of the JDK client's features are supported.

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return Optional.empty();
    }

    @Override
    public Redirect followRedirects() {
        return Redirect.NEVER;
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public SSLParameters sslParameters() {
        return new SSLParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.empty();
    }

    @Override
    public Version version() {
        return Version.HTTP_1_1;
    }

    @Override
    public Optional<Executor> executor() {
        return Optional.of(asyncThreads);
    }

    @Override
    public void shutdown() {
        closed = true;
        asyncThreads.shutdown();
        idle.values().forEach(pool -> {
            Connection connection;
            while ((connection = pool.pollFirst()) != null) {
                connection.close();
            }
        });
    }

    @Override
    public void shutdownNow() {
        shutdown();
        asyncThreads.shutdownNow();
    }

    @Override
    public boolean awaitTermination(Duration duration) throws InterruptedException {
        return asyncThreads.awaitTermination(duration.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean isTerminated() {
        return closed && asyncThreads.isTerminated();
    }

    @Override
    public void close() {
        shutdown();
        asyncThreads.close();
    }
}
