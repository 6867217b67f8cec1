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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreboardListenerTest {

    @Exercise(number = 2, name = "alpha")
    static class AlphaCases {
        @Graded(points = 2)
        void passes_quietly() {
        }

        @Graded(points = 3)
        void fails_with_a_teaching_message() {
            Expect.atMost("peak in flight", 10, 3, "requests are not bounded by the semaphore");
        }

        @Graded(points = 1, visibility = Graded.Visibility.HIDDEN)
        @DisplayName("a stub that was never implemented")
        void stub() {
            throw new UnsupportedOperationException("exercise 2 (alpha): implement it");
        }

        @Test
        void ungraded_tests_do_not_count() {
        }
    }

    @Exercise(number = 1, name = "beta")
    static class BetaCases {
        @BeforeAll
        static void cannotStart() {
            throw new IllegalStateException("no server");
        }

        @Graded(points = 4)
        void never_runs() {
        }
    }

    @TempDir
    Path dir;

    @Test
    void results_file_is_gradescope_json_with_every_graded_test_in_the_plan() throws Exception {
        SampleRun run = SampleRun.of(dir.resolve("out/results.json"), AlphaCases.class, BetaCases.class);

        JsonNode json = new ObjectMapper().readTree(run.resultsFile().toFile());
        assertEquals(2, json.get("score").asInt());
        assertEquals(10, json.get("max_score").asInt());
        assertTrue(json.get("execution_time").isNumber());
        assertEquals(4, json.get("tests").size(), "ungraded tests are not in the results");

        Map<String, JsonNode> byName = new HashMap<>();
        json.get("tests").forEach(t -> byName.put(t.get("name").asText(), t));
        JsonNode passed = byName.get("alpha: passes quietly");
        assertEquals("passed", passed.get("status").asText());
        assertEquals(2, passed.get("score").asInt());
        assertEquals(2, passed.get("max_score").asInt());
        assertEquals("visible", passed.get("visibility").asText());

        JsonNode failed = byName.get("alpha: fails with a teaching message");
        assertEquals("failed", failed.get("status").asText());
        assertEquals(0, failed.get("score").asInt());
        assertEquals("peak in flight was 10, the limit is 3: requests are not bounded by the semaphore",
                failed.get("output").asText());

        JsonNode stub = byName.get("alpha: a stub that was never implemented");
        assertEquals("hidden", stub.get("visibility").asText());
        assertEquals("java.lang.UnsupportedOperationException: exercise 2 (alpha): implement it",
                stub.get("output").asText());

        JsonNode neverRan = byName.get("beta: never runs");
        assertEquals("failed", neverRan.get("status").asText());
        assertEquals(4, neverRan.get("max_score").asInt());
        assertTrue(neverRan.get("output").asText().contains("did not run: java.lang.IllegalStateException: no server"),
                neverRan.get("output").asText());
    }

    @Test
    void scoreboard_lists_exercises_in_course_order_with_totals_and_what_is_not_passing() {
        SampleRun run = SampleRun.of(dir.resolve("results.json"), AlphaCases.class, BetaCases.class);

        String console = run.console();
        assertTrue(console.contains("threadlab scoreboard"), console);
        int beta = console.indexOf(" beta ");
        int alpha = console.indexOf(" alpha ");
        assertTrue(beta > 0 && alpha > beta, "exercise 1 (beta) comes before exercise 2 (alpha):\n" + console);
        assertTrue(console.matches("(?s).*alpha\\s+2 / 6\\s+1 / 3.*"), console);
        assertTrue(console.matches("(?s).*beta\\s+0 / 4\\s+0 / 1.*"), console);
        assertTrue(console.matches("(?s).*total\\s+2 / 10\\s+1 / 4.*"), console);
        assertTrue(console.contains("peak in flight was 10, the limit is 3"), console);
        assertTrue(console.contains(run.resultsFile().toString()), console);
    }

    @Test
    void an_exercise_not_begun_is_summarised_in_one_line() {
        List<GradedResult> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(new GradedResult("sleep", 1, "test " + i, 1, false, "UnsupportedOperationException: stub",
                    Graded.Visibility.VISIBLE));
        }
        results.add(new GradedResult("gather", 3, "started", 1, true, "", Graded.Visibility.VISIBLE));
        results.add(new GradedResult("gather", 3, "in order", 2, false, "results were [b, a]",
                Graded.Visibility.VISIBLE));
        String board = new Scoreboard(results).render("r.json");
        assertTrue(board.contains("sleep: none of its 5 tests passes yet, e.g. test 0"), board);
        assertEquals(1, board.split("UnsupportedOperationException", -1).length - 1, board);
        assertTrue(board.contains("gather > in order (2 points)\n      results were [b, a]"), board);
    }

    static class NothingGraded {
        @Test
        void plain() {
        }
    }

    @Test
    void a_run_without_graded_tests_prints_and_writes_nothing() {
        SampleRun run = SampleRun.of(dir.resolve("none.json"), NothingGraded.class);
        assertEquals("", run.console());
        assertTrue(!run.resultsFile().toFile().exists());
    }

    @Test
    void json_strings_are_escaped() throws Exception {
        String nasty = "quote \" backslash \\ newline \n tab \t bell \u0007 unicode é";
        String json = GradescopeResults.quote(nasty);
        assertEquals(nasty, new ObjectMapper().readValue(json, String.class));
    }
}
