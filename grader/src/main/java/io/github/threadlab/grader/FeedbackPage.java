package io.github.threadlab.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The feedback page for one submission, in Markdown: the total, the scoreboard per exercise, what the scan found
 * (with the line), notes on the run, and every failed test with its message. A hidden test's message is left
 * out: the page may be handed to the student.
 */
final class FeedbackPage {

    private FeedbackPage() {
    }

    static String render(SubmissionGrade grade) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(grade.submission().name()).append(": ").append(grade.score()).append(" / ")
                .append(grade.maxScore()).append("\n\n");
        md.append("| exercise | points | tests passed |\n|---|---:|---:|\n");
        Map<String, Integer> max = grade.maxByExercise();
        grade.scoreByExercise().forEach((exercise, points) -> {
            long passed = grade.outcomes().stream().filter(o -> o.test().exercise().equals(exercise) && o.passed())
                    .count();
            long tests = grade.outcomes().stream().filter(o -> o.test().exercise().equals(exercise)).count();
            md.append("| ").append(exercise).append(" | ").append(points).append(" / ").append(max.get(exercise))
                    .append(" | ").append(passed).append(" / ").append(tests).append(" |\n");
        });
        md.append("| **total** | **").append(grade.score()).append(" / ").append(grade.maxScore()).append("** | |\n");
        if (!grade.findings().isEmpty()) {
            md.append("\n## Found before running\n\n");
            for (Finding f : grade.findings()) {
                md.append("- ").append(f.kind()).append(" at `").append(f.location()).append("`: ")
                        .append(escape(f.detail())).append('\n');
            }
        }
        if (!grade.notes().isEmpty()) {
            md.append("\n## Notes\n\n");
            grade.notes().forEach(n -> md.append("- ").append(escape(n)).append('\n'));
        }
        List<TestOutcome> failed = grade.outcomes().stream().filter(o -> !o.passed()).toList();
        if (!failed.isEmpty()) {
            md.append("\n## Failed tests\n");
            for (TestOutcome o : failed) {
                md.append("\n### ").append(o.test().exercise()).append(": ").append(o.test().name()).append(" (")
                        .append(o.test().points()).append(o.test().points() == 1 ? " point)" : " points)").append("\n\n");
                if (o.test().visible()) {
                    md.append("```\n").append(GradescopeJson.cut(o.output()).replace("```", "'''")).append("\n```\n");
                } else {
                    md.append("A ").append(o.test().visibility()).append(" test: its message is not shown here.\n");
                }
            }
        }
        return md.toString();
    }

    static void write(SubmissionGrade grade, Path file) throws IOException {
        Files.writeString(file, render(grade), StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("\n", " ");
    }
}
