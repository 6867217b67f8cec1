package io.github.threadlab.harness.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads HTTP/1.x requests, one after another, from a connection's input: the request line and the headers that
 * matter to a server that answers every request alike ({@code Connection}, {@code Content-Length},
 * {@code Transfer-Encoding}); a body announced by {@code Content-Length} is skipped. Pipelined requests are read
 * in turn from the same buffer.
 */
final class RequestReader {

    /** Headers longer than this are refused: no client of this server sends them. */
    static final int MAX_HEAD = 64 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int start;
    private int end;

    RequestReader(InputStream in) {
        this.in = in;
    }

    /** What the server needs from one request. */
    record Request(String method, String target, boolean http10, boolean wantsClose, boolean wantsKeepAlive) {

        /** Whether the client expects the connection to stay open after the response. */
        boolean keepAlive() {
            return http10 ? wantsKeepAlive && !wantsClose : !wantsClose;
        }
    }

    /** Thrown for a request this server cannot read; the connection is answered with {@code status} and closed. */
    static final class BadRequest extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /**
     * The next request, or null when the client closed the connection between requests.
     *
     * @throws BadRequest  for a request this server cannot read
     * @throws IOException when the connection fails or ends in the middle of a request
     */
    Request next() throws IOException {
        String requestLine;
        do {
            requestLine = readLine(true);
            if (requestLine == null) {
                return null;
            }
        } while (requestLine.isEmpty()); // RFC 9112 2.2: ignore empty lines before a request line
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new BadRequest(400, "not an HTTP/1.x request line: " + requestLine);
        }
        boolean http10 = parts[2].equals("HTTP/1.0");
        boolean close = false;
        boolean keepAlive = false;
        long contentLength = 0;
        int headBytes = requestLine.length();
        for (String line = readLine(false); !line.isEmpty(); line = readLine(false)) {
            headBytes += line.length() + 2;
            if (headBytes > MAX_HEAD) {
                throw new BadRequest(431, "request headers longer than " + MAX_HEAD + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new BadRequest(400, "not a header line: " + line);
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "connection" -> {
                    for (String token : value.split(",")) {
                        close |= token.trim().equals("close");
                        keepAlive |= token.trim().equals("keep-alive");
                    }
                }
                case "content-length" -> {
                    try {
                        contentLength = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new BadRequest(400, "Content-Length: " + value);
                    }
                    if (contentLength < 0) {
                        throw new BadRequest(400, "Content-Length: " + value);
                    }
                }
                case "transfer-encoding" -> throw new BadRequest(501, "request bodies in chunks are not supported");
                default -> {
                    // the server answers every request alike: other headers do not matter
                }
            }
        }
        skip(contentLength);
        return new Request(parts[0], parts[1], http10, close, keepAlive);
    }

    /**
     * One line without its CRLF (a bare LF is accepted too), or null at the end of the stream when
     * {@code endAllowed} and no byte of the line was read.
     */
    private String readLine(boolean endAllowed) throws IOException {
        int scanned = start;
        while (true) {
            for (int i = scanned; i < end; i++) {
                if (buffer[i] == '\n') {
                    int lineEnd = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(buffer, start, lineEnd - start, StandardCharsets.ISO_8859_1);
                    start = i + 1;
                    return line;
                }
            }
            scanned = end;
            if (end - start == buffer.length) {
                throw new BadRequest(431, "a request header line longer than " + buffer.length + " bytes");
            }
            if (end == buffer.length) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                scanned -= start;
                start = 0;
            }
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                if (endAllowed && start == end) {
                    return null;
                }
                throw new IOException("the connection ended in the middle of a request");
            }
            end += read;
        }
    }

    private void skip(long bytes) throws IOException {
        long left = bytes;
        int buffered = Math.min(end - start, (int) Math.min(left, Integer.MAX_VALUE));
        start += buffered;
        left -= buffered;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(left, buffer.length));
            if (read < 0) {
                throw new IOException("the connection ended in the middle of a request body");
            }
            left -= read;
        }
        if (start == end) {
            start = 0;
            end = 0;
        }
    }
}
