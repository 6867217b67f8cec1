package io.github.threadlab.grader;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Drains a child process's output into a log file of bounded size, keeping in memory only the lines the grader
 * needs. A submission that prints megabytes neither fills the disk nor the grader's heap, and never blocks the
 * child on a full pipe, because everything is read and what exceeds the bounds is dropped.
 */
final class BoundedLog {

    static final int MAX_LINE = 4_000;

    private final long maxBytes;
    private final Predicate<String> keep;
    private final List<String> kept = new ArrayList<>();
    private long written;
    private long dropped;

    BoundedLog(long maxBytes, Predicate<String> keep) {
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    /** Reads {@code output} to its end, writing to {@code logFile}. */
    void drain(InputStream output, Path logFile) throws IOException {
        try (Reader in = new InputStreamReader(output, StandardCharsets.UTF_8);
                Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            char[] buffer = new char[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    char c = buffer[i];
                    if (c == '\n') {
                        accept(line.toString(), log);
                        line.setLength(0);
                    } else if (line.length() < MAX_LINE) {
                        line.append(c);
                    }
                }
            }
            if (!line.isEmpty()) {
                accept(line.toString(), log);
            }
            if (dropped > 0) {
                log.write("[grader] " + dropped + " more characters of output were dropped (log limit "
                        + maxBytes + " bytes)\n");
            }
        }
    }

    private void accept(String line, Writer log) throws IOException {
        if (keep.test(line)) {
            synchronized (kept) {
                kept.add(line);
            }
        }
        if (written + line.length() + 1 <= maxBytes) {
            log.write(line);
            log.write('\n');
            written += line.length() + 1;
        } else {
            dropped += line.length() + 1;
        }
    }

    /** The lines that matched. */
    List<String> keptLines() {
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }
}
