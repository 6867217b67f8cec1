package io.github.threadlab.grader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/** The batch's gradebook: one row per submission, a column per exercise, the total, the maximum and a note. */
final class Gradebook {

    private Gradebook() {
    }

    static String csv(List<String> exercises, List<SubmissionGrade> grades) {
        StringBuilder csv = new StringBuilder(header(exercises));
        grades.forEach(g -> csv.append(row(exercises, g)).append('\n'));
        return csv.toString();
    }

    /** The first line, with its line end. */
    static String header(List<String> exercises) {
        StringBuilder header = new StringBuilder("submission");
        exercises.forEach(e -> header.append(',').append(e));
        return header.append(",total,max,seconds,note\n").toString();
    }

    /** A submission's row, without its line end. */
    static String row(List<String> exercises, SubmissionGrade g) {
        StringBuilder row = new StringBuilder(cell(g.submission().name()));
        exercises.forEach(e -> row.append(',').append(g.scoreByExercise().getOrDefault(e, 0)));
        row.append(',').append(g.score()).append(',').append(g.maxScore()).append(',')
                .append(String.format(Locale.ROOT, "%.1f", g.elapsed().toMillis() / 1000.0)).append(',')
                .append(cell(g.headline()));
        return row.toString();
    }

    static void write(List<String> exercises, List<SubmissionGrade> grades, Path file) throws IOException {
        Files.writeString(file, csv(exercises, grades), StandardCharsets.UTF_8);
    }

    /** Writes the gradebook from its rows, whole: to a file beside it first, then renamed over it. */
    static void write(String header, List<String> rows, Path file) throws IOException {
        StringBuilder csv = new StringBuilder(header);
        rows.forEach(r -> csv.append(r).append('\n'));
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, csv, StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Adds a row at the end of the gradebook and flushes it to the file, so that a batch stopped keeps it. */
    static synchronized void append(String row, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap((row + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);   // on disk, not only in a cache: a reboot keeps it too
        }
    }

    /** RFC 4180 quoting; a leading formula character is neutralised so that a spreadsheet shows it as text. */
    static String cell(String text) {
        String safe = text.matches("^[=+\\-@].*") ? "'" + text : text;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n")) {
            return '"' + safe.replace("\"", "\"\"").replace("\n", " ") + '"';
        }
        return safe;
    }
}
