package io.github.threadlab.harness.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link LoopbackServer} does with one request: answer it with a status and a body of some size, drop the
 * connection without answering, or reset it; optionally after a delay, or once a {@link RequestGate} opens. A
 * response can also be written in two parts: its head at once and its body later, as a server that streams its
 * body slowly writes it.
 *
 * <pre>{@code
 * Reply.ok()                                   // 200 with the 13-byte body "Hello, world\n"
 * Reply.status(503).withBodyOf(0)              // 503, empty body
 * Reply.ok().withBodyOf(4096).after(ms(50))    // 200, 4 KiB, written 50 ms after the request arrived
 * Reply.ok().heldAt(gate)                      // 200 once the test opens the gate
 * Reply.ok().withBodyOf(1000).bodyAfter(ms(100)) // the head at once, the 1000-byte body 100 ms later
 * Reply.ok().bodyHeldAt(gate)                  // the head at once, the body once the test opens the gate
 * Reply.drop()                                 // closes the connection without a response
 * Reply.reset()                                // resets the connection (TCP RST) without a response
 * Reply.cutShort()                             // 200 and half of its body, then the connection is closed
 * }</pre>
 *
 * <p>The JDK's {@code HttpClient} (HTTP/1.1) sends a GET a second time, once, when its connection ends before
 * any byte of the response came: a {@link #drop()} or a {@link #reset()} then reaches the server twice for one
 * request of the client, and the second attempt gets the reply of a later request. A {@link #cutShort()} response
 * has begun, so the client never retries it: use it where the test counts failures one for one.
 *
 * <p>Immutable; every {@code with...} method returns a new reply. The encoded response is built once per reply,
 * so a server that gives every request the same reply writes one prepared byte array per request.
 */
public final class Reply {

    /** The default body, 13 bytes as in the course's benchmarks. */
    static final byte[] HELLO = "Hello, world\n".getBytes(StandardCharsets.US_ASCII);

    /** How the request ends. */
    enum Kind {
        /** A response with a status and a body. */
        RESPOND,
        /** The connection is closed without a response (a FIN: the client reads end of stream). */
        DROP,
        /** The connection is reset without a response (SO_LINGER 0, then close: the client sees a TCP RST). */
        RESET,
        /** The response's head and half its body, then the connection is closed: the body ends too early. */
        CUT_SHORT
    }

    private final Kind kind;
    private final int status;
    private final int bodySize;
    private final Hold head;
    private final Hold body;
    private volatile byte[][] encoded; // [keep-alive, close], built on first use

    private Reply(Kind kind, int status, int bodySize, Hold head, Hold body) {
        this.kind = kind;
        this.status = status;
        this.bodySize = bodySize;
        this.head = head;
        this.body = body;
    }

    /** 200 OK with the 13-byte body {@code "Hello, world\n"}. */
    public static Reply ok() {
        return status(200);
    }

    /** A response with {@code status} (100..599) and the 13-byte default body. */
    public static Reply status(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status " + status + " is not an HTTP status (100..599)");
        }
        return new Reply(Kind.RESPOND, status, HELLO.length, Hold.NONE, Hold.NONE);
    }

    /** No response: the server closes the connection once it has read the request. */
    public static Reply drop() {
        return new Reply(Kind.DROP, 0, 0, Hold.NONE, Hold.NONE);
    }

    /** No response: the server resets the connection (TCP RST) once it has read the request. */
    public static Reply reset() {
        return new Reply(Kind.RESET, 0, 0, Hold.NONE, Hold.NONE);
    }

    /**
     * A response that breaks off: 200 with the headers of the 13-byte default body and half of that body, then
     * the server closes the connection. The client has a status but reads the end of the stream in the middle of
     * the body: an {@link java.io.IOException}, which it never retries because the response had begun.
     */
    public static Reply cutShort() {
        return new Reply(Kind.CUT_SHORT, 200, HELLO.length, Hold.NONE, Hold.NONE);
    }

    /** The same reply with a body of {@code bytes} bytes (the default body repeated); at least 0. */
    public Reply withBodyOf(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a body of " + bytes + " bytes");
        }
        requireResponse("a body");
        if (kind == Kind.CUT_SHORT && bytes < 2) {
            throw new IllegalArgumentException("a response cut short needs a body of at least 2 bytes, not " + bytes);
        }
        return new Reply(kind, status, bytes, head, body);
    }

    /** The same reply, given {@code delay} after the request arrived (after the gate, if there is one). */
    public Reply after(Duration delay) {
        return new Reply(kind, status, bodySize, head.after(delay), body);
    }

    /** The same reply, given only once {@code gate} is open (then after the delay, if there is one). */
    public Reply heldAt(RequestGate gate) {
        return new Reply(kind, status, bodySize, head.at(gate), body);
    }

    /**
     * The same reply written in two parts: its head (the status line and the headers, with the
     * {@code Content-Length}) as soon as the reply is due, and its body {@code delay} later (after the body's gate,
     * if there is one). The client has the status and the headers at once and waits for the body, as it does
     * for a server that streams its body slowly. A response without body bytes (or the answer to a HEAD) is
     * written whole, with nothing held.
     */
    public Reply bodyAfter(Duration delay) {
        requireResponse("a body held back");
        return new Reply(kind, status, bodySize, head, body.after(delay));
    }

    /**
     * The same reply written in two parts: its head as soon as the reply is due, and its body only once
     * {@code gate} is open (then after the body's delay, if there is one). See {@link #bodyAfter(Duration)}.
     */
    public Reply bodyHeldAt(RequestGate gate) {
        requireResponse("a body held back");
        return new Reply(kind, status, bodySize, head, body.at(gate));
    }

    /** The status of the response (its head, for a response cut short), 0 for a drop or a reset. */
    public int status() {
        return status;
    }

    /** The number of body bytes the response announces, 0 for a drop or a reset. */
    public int bodySize() {
        return hasBody() ? bodySize : 0;
    }

    /** How many body bytes are written: all of them, or half for a response cut short. */
    int bodyBytesWritten() {
        return kind == Kind.CUT_SHORT ? bodySize() / 2 : bodySize();
    }

    Kind kind() {
        return kind;
    }

    /** What the server waits for before it writes the response (its head, when the body is held apart). */
    Hold headHold() {
        return head;
    }

    /** What the server waits for between the head and the body; {@link Hold#NONE} to write them together. */
    Hold bodyHold() {
        return body;
    }

    /** The whole response, headers and body, ready to write. */
    byte[] encoded(boolean keepAlive) {
        byte[][] both = encoded;
        if (both == null) {
            both = new byte[][] {encode(true), encode(false)};
            encoded = both;
        }
        return both[keepAlive ? 0 : 1];
    }

    private boolean hasBody() {
        // RFC 9110: 1xx, 204 and 304 responses have no body.
        return (kind == Kind.RESPOND || kind == Kind.CUT_SHORT) && status >= 200 && status != 204 && status != 304;
    }

    private byte[] encode(boolean keepAlive) {
        int size = bodySize();
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                + "Server: threadlab\r\n"
                + "Content-Type: text/plain\r\n"
                + (hasBody() ? "Content-Length: " + size + "\r\n" : "")
                // Said explicitly either way: HTTP/1.0 clients such as ab -k keep a connection only when told.
                + (keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n")
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + size];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        for (int i = 0; i < size; i++) {
            all[headBytes.length + i] = HELLO[i % HELLO.length];
        }
        return all;
    }

    private void requireResponse(String what) {
        if (kind == Kind.DROP || kind == Kind.RESET) {
            throw new IllegalStateException(kind.name().toLowerCase() + " sends no response, so it cannot have " + what);
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status " + status;
        };
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case RESPOND -> status + " with " + bodySize() + " body bytes";
            case DROP -> "drop the connection";
            case RESET -> "reset the connection";
            case CUT_SHORT -> status + " cut short after " + bodyBytesWritten() + " of " + bodySize() + " body bytes";
        };
        return what + head.describe("") + body.describe("body");
    }
}
