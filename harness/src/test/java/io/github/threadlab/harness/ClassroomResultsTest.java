package io.github.threadlab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitHub Classroom's results: the fields {@code autograding-grading-reporter} reads (its {@code src/main.js},
 * {@code src/notify-classroom.js} and {@code src/helpers/test-helpers.js}). The archetype's integration tests run
 * the reporter itself on a generated project's files.
 */
class ClassroomResultsTest {

    @TempDir
    Path dir;

    @Test
    void every_exercise_of_the_run_gets_a_file_whose_tests_carry_their_own_points() throws Exception {
        SampleRun run = SampleRun.of(dir.resolve("results.json"), ScoreboardListenerTest.AlphaCases.class,
                ScoreboardListenerTest.BetaCases.class);

        JsonNode alpha = new ObjectMapper().readTree(run.classroomFile("alpha").toFile());
        assertEquals(1, alpha.get("version").asInt());
        assertEquals("fail", alpha.get("status").asText());
        assertEquals(6, alpha.get("max_score").asInt());
        assertEquals(3, alpha.get("tests").size(), "ungraded tests are not in the results");
        Map<String, JsonNode> byName = new HashMap<>();
        alpha.get("tests").forEach(t -> byName.put(t.get("name").asText(), t));
        JsonNode passed = byName.get("passes quietly");
        assertEquals("pass", passed.get("status").asText());
        assertEquals(2, passed.get("score").asInt());
        assertEquals(2, passed.get("max_score").asInt());
        assertEquals(0, passed.get("line_no").asInt(), "the reporter prints ' - line N' unless line_no is 0");
        JsonNode failed = byName.get("fails with a teaching message");
        assertEquals("fail", failed.get("status").asText());
        assertEquals(0, failed.get("score").asInt());
        assertEquals("peak in flight was 10, the limit is 3: requests are not bounded by the semaphore",
                failed.get("message").asText());

        JsonNode beta = new ObjectMapper().readTree(run.classroomFile("beta").toFile());
        assertEquals("fail", beta.get("status").asText());
        assertEquals(4, beta.get("max_score").asInt());
        assertEquals(0, beta.get("tests").get(0).get("score").asInt());
    }

    @Test
    void twenty_of_twenty_one_tests_earn_all_but_the_failing_tests_points() throws Exception {
        List<GradedResult> results = new ArrayList<>();
        int[] points = {1, 1, 2, 1, 1, 1, 1, 2, 1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 1, 1, 1};
        for (int i = 0; i < points.length; i++) {
            boolean last = i == points.length - 1;
            results.add(new GradedResult("sleep", 1, "test " + i, points[i], !last, last ? "not rejected" : "",
                    Graded.Visibility.VISIBLE));
        }
        results.add(new GradedResult("gather", 3, "all", 3, true, "", Graded.Visibility.VISIBLE));
        Map<String, String> files = ClassroomResults.toJson(new Scoreboard(results));

        assertEquals(List.of("sleep", "gather"), List.copyOf(files.keySet()), "in course order");
        JsonNode sleep = new ObjectMapper().readTree(files.get("sleep"));
        int score = 0;
        for (JsonNode test : sleep.get("tests")) {
            score += test.get("score").asInt();   // what notify-classroom.js sums
        }
        assertEquals(24, score);
        assertEquals(25, sleep.get("max_score").asInt());
        assertEquals("fail", sleep.get("status").asText());
        assertEquals("pass", new ObjectMapper().readTree(files.get("gather")).get("status").asText());
    }

    @Test
    void long_messages_are_cut_so_the_file_fits_in_an_environment_variable() throws Exception {
        List<GradedResult> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            results.add(new GradedResult("sleep", 1, "test " + i, 1, false, "x".repeat(8_000),
                    Graded.Visibility.VISIBLE));
        }
        String json = ClassroomResults.toJson(new Scoreboard(results)).get("sleep");
        String message = new ObjectMapper().readTree(json).get("tests").get(0).get("message").asText();
        assertTrue(message.length() < ClassroomResults.MAX_MESSAGE + 20 && message.endsWith("(cut)"), message);
        int base64 = (json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 2) / 3 * 4;
        assertTrue(base64 < 128 * 1024, "base64 size " + base64);
    }
}
