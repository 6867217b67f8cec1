package io.github.threadlab.harness.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * A real HTTP/1.1 server on the loopback interface, for tests and benchmarks: it answers every request with a
 * {@link Reply} (a status and a body of some size, a drop, a reset or a response cut short, after a delay or once a
 * gate opens, its body held back after its head if asked) and counts what it saw: requests received, requests in
 * flight and the peak, responses by status, body bytes sent.
 *
 * <pre>{@code
 * try (LoopbackServer server = LoopbackServer.replying(Reply.ok().after(ms(50))).start()) {
 *     HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri()).build(), BodyHandlers.discarding());
 *     server.requestsReceived();   // 1
 * }
 *
 * // request i (in the order they arrive, from 0) gets its own reply
 * LoopbackServer.replying(i -> i < 3 ? Reply.reset() : Reply.ok()).keepAlive(false).start();
 * }</pre>
 *
 * <h2>Why raw sockets, not {@code com.sun.net.httpserver}</h2>
 * The JDK's {@code HttpServer} cannot do two things this server must: reset a connection (that needs
 * {@code SO_LINGER 0} on the socket, which {@code HttpServer} never exposes) and close one without any response
 * (its exchange always ends in a response or an error page). A server that reads requests from a plain
 * {@link Socket} does both, and is also fast where a benchmark needs it: each connection is served by one thread
 * that reads requests from a buffer and writes each response, headers and body, as one prepared byte array with
 * {@code TCP_NODELAY}, so keep-alive clients (ab -k, wrk, hey) are not held up by Nagle's algorithm. It is not a
 * general-purpose server: it ignores the request's path and headers (but {@code Connection} and
 * {@code Content-Length}) and does not accept request bodies in chunks. It uses nothing but the JDK, so that a
 * command-line demo server can run it as well as the tests.
 *
 * <h2>What is counted, and when</h2>
 * A request is <em>received</em> and enters <em>in flight</em> once its headers are read; it leaves in flight just
 * before the first byte of its response is written (or the connection is dropped or reset), and its status and body
 * bytes are counted at that moment. So a client can never see a response before the server has counted it, and the
 * server's in-flight count never includes a request whose response the client may already hold: the server's peak
 * is never above the client's. A response whose body is held back ({@link Reply#bodyAfter}) leaves in flight, and
 * is counted, when its head is written.
 *
 * <h2>Threads</h2>
 * One platform thread accepts connections ({@code threadlab-harness-http-<port>-accept}); each connection is served
 * by a virtual thread. {@link #close()} stops accepting, closes every connection, releases every held request and
 * waits (briefly) for the threads to end. Thread-safe.
 */
public final class LoopbackServer implements AutoCloseable {

    private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(5);

    private final ServerSocket listener;
    private final IntFunction<Reply> replies;
    private final boolean keepAlive;
    private final Thread acceptor;
    private final ThreadFactory connectionThreads;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger reset = new AtomicInteger();
    private final AtomicInteger cutShort = new AtomicInteger();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final AtomicLong bodyBytes = new AtomicLong();

    private LoopbackServer(Builder builder) throws IOException {
        this.replies = builder.replies;
        this.keepAlive = builder.keepAlive;
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port), builder.backlog);
        this.connectionThreads = Thread.ofVirtual().name("threadlab-harness-http-" + port() + "-connection-", 0)
                .factory();
        this.acceptor = Thread.ofPlatform().daemon().name("threadlab-harness-http-" + port() + "-accept")
                .unstarted(this::acceptLoop);
        acceptor.start();
    }

    /** A server that gives every request {@code reply}; configure it further, then {@link Builder#start()}. */
    public static Builder replying(Reply reply) {
        Objects.requireNonNull(reply, "reply");
        return new Builder(i -> reply);
    }

    /**
     * A server that gives request {@code i} (counted from 0 in the order the requests arrive, across all
     * connections) the reply {@code replies.apply(i)}; configure it further, then {@link Builder#start()}.
     */
    public static Builder replying(IntFunction<Reply> replies) {
        return new Builder(Objects.requireNonNull(replies, "replies"));
    }

    /** Configures a server before it starts. */
    public static final class Builder {
        private final IntFunction<Reply> replies;
        private boolean keepAlive = true;
        private int port;
        private int backlog = 1024;

        private Builder(IntFunction<Reply> replies) {
            this.replies = replies;
        }

        /**
         * Whether connections stay open between requests (the default): with {@code false} every response says
         * {@code Connection: close} and the server closes the connection after it, so that every request comes on
         * a connection of its own.
         */
        public Builder keepAlive(boolean keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        /** Listens on {@code port} (0, the default, picks a free one). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
            this.port = port;
            return this;
        }

        /** How many connections may wait to be accepted (default 1024, for benchmarks that open many at once). */
        public Builder backlog(int backlog) {
            if (backlog < 1) {
                throw new IllegalArgumentException("backlog " + backlog);
            }
            this.backlog = backlog;
            return this;
        }

        /** Binds to the loopback address and starts accepting connections. */
        public LoopbackServer start() throws IOException {
            return new LoopbackServer(this);
        }
    }

    // ------------------------------------------------------------------------------------------------ where

    /** The port the server listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>/} (or the IPv6 loopback's address when that is the loopback). */
    public URI uri() {
        return uri("/");
    }

    /** This server's URI with {@code path}, which starts with "/". */
    public URI uri(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a path starts with /: " + path);
        }
        String host = listener.getInetAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + path);
    }

    // --------------------------------------------------------------------------------------------- counters

    /** How many requests have arrived (their headers read), whatever came of them. */
    public int requestsReceived() {
        return received.get();
    }

    /** How many requests have arrived and have not yet been answered, dropped or reset. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The most requests that were in flight at the same moment. */
    public int peakInFlight() {
        return peakInFlight.get();
    }

    /** How many complete responses with {@code status} the server has written (or begun to write). */
    public long responses(int status) {
        LongAdder count = byStatus.get(status);
        return count == null ? 0 : count.sum();
    }

    /** How many responses the server has written (or begun to write), by status, in status order. */
    public Map<Integer, Long> responsesByStatus() {
        Map<Integer, Long> copy = new TreeMap<>();
        byStatus.forEach((status, count) -> copy.put(status, count.sum()));
        return copy;
    }

    /** How many responses the server has written (or begun to write), whatever their status. */
    public long responses() {
        return byStatus.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** How many body bytes the server has written (or begun to write), headers not included. */
    public long bodyBytesSent() {
        return bodyBytes.get();
    }

    /** How many requests were answered by closing the connection without a response. */
    public int dropped() {
        return dropped.get();
    }

    /** How many requests were answered by resetting the connection. */
    public int resets() {
        return reset.get();
    }

    /** How many responses were {@linkplain Reply#cutShort() cut short} (not counted among the responses). */
    public int cutShort() {
        return cutShort.get();
    }

    /** How many connections the server has accepted. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** How many connections are open now. */
    public int connectionsOpen() {
        return connections.size();
    }

    @Override
    public String toString() {
        return "LoopbackServer at " + uri() + ": " + received + " requests received, " + inFlight + " in flight (peak "
                + peakInFlight + "), responses " + responsesByStatus() + ", " + dropped + " dropped, " + reset
                + " reset, " + cutShort + " cut short, " + bodyBytes + " body bytes, " + accepted + " connections";
    }

    // ---------------------------------------------------------------------------------------------- closing

    /**
     * Stops accepting, closes every connection (a request held at a gate or in its delay is abandoned without a
     * response) and waits briefly for the server's threads to end. Closing twice is harmless.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(listener);
        for (Connection connection : connections) {
            connection.abort();
        }
        long deadline = System.nanoTime() + CLOSE_PATIENCE.toNanos();
        try {
            acceptor.join(CLOSE_PATIENCE);
            for (Connection connection : connections) {
                long left = deadline - System.nanoTime();
                Thread thread = connection.thread;
                if (left > 0 && thread != null) {
                    thread.join(Duration.ofNanos(left));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    // -------------------------------------------------------------------------------------------- the work

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue; // e.g. too many open files for a moment: keep serving the connections we have
            }
            accepted.incrementAndGet();
            Connection connection = new Connection(socket);
            connections.add(connection);
            connection.thread = connectionThreads.newThread(connection);
            if (closed) {
                connection.abort();
            }
            connection.thread.start();
        }
    }

    /** One accepted connection and the thread that serves its requests, one after another. */
    private final class Connection implements Runnable {
        private final Socket socket;
        private volatile Thread thread;

        Connection(Socket socket) {
            this.socket = socket;
        }

        @Override
        public void run() {
            try {
                socket.setTcpNoDelay(true);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                RequestReader reader = new RequestReader(in);
                boolean open = true;
                while (open && !closed) {
                    RequestReader.Request request;
                    try {
                        request = reader.next();
                    } catch (RequestReader.BadRequest e) {
                        refuse(out, e);
                        return;
                    }
                    if (request == null) {
                        return;
                    }
                    open = serve(request, out);
                }
            } catch (IOException | InterruptedException e) {
                // the client went away, or the server is closing: nothing to answer
            } finally {
                connections.remove(this);
                closeQuietly(socket);
            }
        }

        /** Serves one request; returns whether the connection stays open for the next. */
        private boolean serve(RequestReader.Request request, OutputStream out)
                throws IOException, InterruptedException {
            int index = received.getAndIncrement();
            peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            boolean counted = false;
            try {
                Reply reply = replies.apply(index);
                if (reply == null) {
                    throw new IllegalStateException("no reply for request " + index);
                }
                reply.headHold().await();
                counted = true;
                inFlight.decrementAndGet();
                switch (reply.kind()) {
                    case DROP -> {
                        dropped.incrementAndGet();
                        socket.close();
                        return false;
                    }
                    case RESET -> {
                        reset.incrementAndGet();
                        socket.setSoLinger(true, 0);
                        socket.close();
                        return false;
                    }
                    case CUT_SHORT -> {
                        cutShort.incrementAndGet();
                        bodyBytes.addAndGet(reply.bodyBytesWritten());
                        byte[] response = reply.encoded(false);
                        write(out, reply, response, response.length - reply.bodySize() + reply.bodyBytesWritten());
                        socket.close();
                        return false;
                    }
                    default -> {
                        boolean stayOpen = keepAlive && request.keepAlive();
                        byStatus.computeIfAbsent(reply.status(), s -> new LongAdder()).increment();
                        if (!request.method().equals("HEAD")) {
                            bodyBytes.addAndGet(reply.bodySize());
                        }
                        byte[] response = reply.encoded(stayOpen);
                        int length = request.method().equals("HEAD") ? response.length - reply.bodySize()
                                : response.length;
                        write(out, reply, response, length);
                        return stayOpen;
                    }
                }
            } finally {
                if (!counted) {
                    inFlight.decrementAndGet(); // abandoned: the server is closing or the reply function failed
                }
            }
        }

        /**
         * Writes the first {@code length} bytes of {@code response}: at once, or, when the reply holds its body
         * back and there is body to write, the head, then (after the hold) the rest.
         */
        private void write(OutputStream out, Reply reply, byte[] response, int length)
                throws IOException, InterruptedException {
            int headLength = response.length - reply.bodySize();
            if (reply.bodyHold().waits() && length > headLength) {
                out.write(response, 0, headLength);
                out.flush(); // the client has the head now, and waits for the body
                reply.bodyHold().await();
                out.write(response, headLength, length - headLength);
            } else {
                out.write(response, 0, length);
            }
            out.flush();
        }

        private void refuse(OutputStream out, RequestReader.BadRequest e) throws IOException {
            byte[] body = (e.getMessage() + "\n").getBytes(StandardCharsets.US_ASCII);
            String head = "HTTP/1.1 " + e.status + " " + (e.status == 431 ? "Request Header Fields Too Large"
                    : e.status == 501 ? "Not Implemented" : "Bad Request") + "\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        }

        /** Closes the connection under its thread, which then ends (from a read, a write, a sleep or a gate). */
        void abort() {
            closeQuietly(socket);
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing: nothing left to do with it
        }
    }
}
