package io.github.threadlab.grader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the reports a sandboxed build hands out after it ended (see {@link Sandbox}): a sequence of
 * "size path\n" headers, each followed by that many bytes. Only the files the grader reads are accepted
 * (target/threadlab/results.json and target/surefire-reports/TEST-*.xml), within a total size; anything else on
 * the stream (bubblewrap's own error, say) ends the reading and is returned as text for the build's log. The
 * files cannot hold more than the build's capped tmpfs did, and are read within that bound too.
 */
final class ReportsChannel {

    private static final Pattern HEADER = Pattern.compile(
            "(\\d{1,10}) (threadlab/results\\.json|surefire-reports/TEST-[A-Za-z0-9_.$-]{1,200}\\.xml)");
    private static final int MAX_TEXT = 4096;

    private ReportsChannel() {
    }

    /**
     * Writes the framed files from {@code in} under {@code target}, at most {@code maxBytes} in all, and drains
     * {@code in} to its end.
     *
     * @return what the stream held that is not a framed report (empty when all was well)
     */
    static String unpack(InputStream in, Path target, long maxBytes) throws IOException {
        long budget = maxBytes;
        while (true) {
            String line = readLine(in);
            if (line == null) {
                return "";
            }
            Matcher header = HEADER.matcher(line);
            if (!header.matches() || Long.parseLong(header.group(1)) > budget) {
                String rest = line + "\n" + new String(in.readNBytes(MAX_TEXT), StandardCharsets.UTF_8);
                in.transferTo(OutputStream.nullOutputStream());
                return rest.strip();
            }
            long size = Long.parseLong(header.group(1));
            budget -= size;
            Path file = target.resolve(header.group(2));
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                long copied = copy(in, out, size);
                if (copied < size) {
                    return "the sandbox's report " + header.group(2) + " ended after " + copied + " of " + size
                            + " bytes";
                }
            }
        }
    }

    private static long copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[8192];
        long copied = 0;
        while (copied < size) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            copied += n;
        }
        return copied;
    }

    /** A line without its '\n', at most MAX_TEXT bytes, or null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n' && line.size() < MAX_TEXT) {
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
