package io.github.threadlab.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The batch's gradebook: one row per submission, a column per exercise, the total, the maximum and a note. */
final class Gradebook {

    private Gradebook() {
    }

    static String csv(List<String> exercises, List<SubmissionGrade> grades) {
        StringBuilder csv = new StringBuilder("submission");
        exercises.forEach(e -> csv.append(',').append(e));
        csv.append(",total,max,seconds,note\n");
        for (SubmissionGrade g : grades) {
            csv.append(cell(g.submission().name()));
            exercises.forEach(e -> csv.append(',').append(g.scoreByExercise().getOrDefault(e, 0)));
            csv.append(',').append(g.score()).append(',').append(g.maxScore()).append(',')
                    .append(String.format(Locale.ROOT, "%.1f", g.elapsed().toMillis() / 1000.0)).append(',')
                    .append(cell(g.headline())).append('\n');
        }
        return csv.toString();
    }

    static void write(List<String> exercises, List<SubmissionGrade> grades, Path file) throws IOException {
        Files.writeString(file, csv(exercises, grades), StandardCharsets.UTF_8);
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
