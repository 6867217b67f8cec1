package io.github.threadlab.grader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * A grade as Gradescope's results.json: the score, one entry per graded test with its visibility (hidden tests
 * stay hidden), and the scan's findings and the build's notes as the top-level output.
 */
final class GradescopeJson {

    private static final int MAX_OUTPUT = 8_000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GradescopeJson() {
    }

    static ObjectNode of(SubmissionGrade grade) {
        ObjectNode root = JSON.createObjectNode();
        root.put("score", grade.score());
        root.put("max_score", grade.maxScore());
        root.put("execution_time", Math.round(grade.elapsed().toMillis() / 100.0) / 10.0);
        root.put("visibility", "visible");
        String output = grade.findings().stream().map(Finding::toString).collect(Collectors.joining("\n"));
        String notes = String.join("\n", grade.notes());
        root.put("output", (output + (output.isEmpty() || notes.isEmpty() ? "" : "\n") + notes));
        ArrayNode tests = root.putArray("tests");
        for (TestOutcome o : grade.outcomes()) {
            ObjectNode test = tests.addObject();
            test.put("name", o.test().exercise() + ": " + o.test().name());
            test.put("number", String.valueOf(o.test().number()));
            test.put("score", o.score());
            test.put("max_score", o.test().points());
            test.put("status", o.passed() ? "passed" : "failed");
            test.put("output", cut(o.output()));
            test.put("visibility", o.test().visibility());
        }
        return root;
    }

    static void write(SubmissionGrade grade, Path file) throws IOException {
        JSON.writeValue(file.toFile(), of(grade));
    }

    static String cut(String text) {
        return text.length() <= MAX_OUTPUT ? text : text.substring(0, MAX_OUTPUT) + "\n... (cut)";
    }
}
