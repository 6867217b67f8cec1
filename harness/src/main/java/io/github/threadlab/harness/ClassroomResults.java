package io.github.threadlab.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a scoreboard in the format GitHub Classroom's {@code autograding-grading-reporter} reads: one file per
 * exercise, {@code <exercise>.json}, holding {@code version}, {@code status} ("pass" when every graded test of the
 * exercise passed, "fail" otherwise), {@code max_score} and one entry per graded test with {@code name},
 * {@code status} ("pass" or "fail"), {@code score}, {@code max_score}, {@code message} and {@code line_no}.
 *
 * <p>The reporter takes, for each runner it is given, one such file (base64, in the environment variable
 * {@code <RUNNER>_RESULTS}); the points it sends to Classroom are the sum of the tests' {@code score}, out of the
 * files' {@code max_score}, so a test earns its own points whatever the others do. The generated workflow names
 * one runner per exercise.
 */
final class ClassroomResults {

    /** A failure's message is cut to this many characters: the reporter takes the file in an environment variable,
     *  and Linux refuses one longer than 128 KiB. The full message is in results.json and the HTML report. */
    static final int MAX_MESSAGE = 1_000;

    private ClassroomResults() {
    }

    /** The JSON text of each exercise of the scoreboard, by exercise name, in course order. */
    public static Map<String, String> toJson(Scoreboard board) {
        Map<String, String> files = new LinkedHashMap<>();
        for (Scoreboard.ExerciseScore exercise : board.exercises()) {
            List<GradedResult> tests = board.results().stream()
                    .filter(r -> r.exercise().equals(exercise.name())).toList();
            files.put(exercise.name(), toJson(exercise, tests));
        }
        return files;
    }

    private static String toJson(Scoreboard.ExerciseScore exercise, List<GradedResult> tests) {
        StringBuilder json = new StringBuilder();
        json.append("{\n");
        json.append("  \"version\": 1,\n");
        json.append("  \"status\": ").append(status(exercise.passed() == exercise.tests())).append(",\n");
        json.append("  \"max_score\": ").append(exercise.maxPoints()).append(",\n");
        json.append("  \"tests\": [");
        String separator = "\n";
        for (GradedResult r : tests) {
            json.append(separator).append("    {")
                    .append("\"name\": ").append(GradescopeResults.quote(r.name())).append(", ")
                    .append("\"status\": ").append(status(r.passed())).append(", ")
                    .append("\"score\": ").append(r.points()).append(", ")
                    .append("\"max_score\": ").append(r.maxPoints()).append(", ")
                    .append("\"message\": ").append(GradescopeResults.quote(cut(r.output()))).append(", ")
                    .append("\"line_no\": 0")
                    .append("}");
            separator = ",\n";
        }
        json.append("\n  ]\n}\n");
        return json.toString();
    }

    /** Writes {@code <exercise>.json} for every exercise of the scoreboard into {@code folder}, creating it. */
    public static void write(Scoreboard board, Path folder) throws IOException {
        Files.createDirectories(folder);
        for (Map.Entry<String, String> file : toJson(board).entrySet()) {
            Files.writeString(folder.resolve(file.getKey() + ".json"), file.getValue(), StandardCharsets.UTF_8);
        }
    }

    private static String status(boolean passed) {
        return passed ? "\"pass\"" : "\"fail\"";
    }

    private static String cut(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "\n... (cut)";
    }
}
