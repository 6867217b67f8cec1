package io.github.threadlab.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Writes a scoreboard as Gradescope's {@code results.json}: {@code score}, {@code max_score},
 * {@code execution_time} and one entry per graded test with {@code name}, {@code number}, {@code score},
 * {@code max_score}, {@code status} ("passed" or "failed"), {@code output} and {@code visibility}.
 */
final class GradescopeResults {

    private GradescopeResults() {
    }

    /** The JSON text. */
    public static String toJson(Scoreboard board, Duration executionTime) {
        StringBuilder json = new StringBuilder();
        json.append("{\n");
        json.append("  \"score\": ").append(board.score()).append(",\n");
        json.append("  \"max_score\": ").append(board.maxScore()).append(",\n");
        json.append("  \"execution_time\": ")
                .append(String.format(Locale.ROOT, "%.3f", executionTime.toNanos() / 1e9)).append(",\n");
        json.append("  \"visibility\": \"visible\",\n");
        json.append("  \"tests\": [");
        String separator = "\n";
        for (GradedResult r : board.results()) {
            json.append(separator).append("    {")
                    .append("\"name\": ").append(quote(r.exercise() + ": " + r.name())).append(", ")
                    .append("\"number\": ").append(quote(String.valueOf(r.number()))).append(", ")
                    .append("\"score\": ").append(r.points()).append(", ")
                    .append("\"max_score\": ").append(r.maxPoints()).append(", ")
                    .append("\"status\": ").append(quote(r.passed() ? "passed" : "failed")).append(", ")
                    .append("\"output\": ").append(quote(r.output())).append(", ")
                    .append("\"visibility\": ").append(quote(r.visibility().gradescopeName()))
                    .append("}");
            separator = ",\n";
        }
        json.append("\n  ]\n}\n");
        return json.toString();
    }

    /** Writes the JSON text to {@code file}, creating its folder. */
    public static void write(Scoreboard board, Duration executionTime, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(board, executionTime), StandardCharsets.UTF_8);
    }

    /** A JSON string literal (RFC 8259 escaping). */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
