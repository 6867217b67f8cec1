package io.github.threadlab.grader;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A submission's grade: every graded test of the course with its outcome (a test that could not run has failed,
 * with the reason), what the scan found, and notes on how the build went.
 *
 * @param submission the submission
 * @param outcomes   one per graded test of the course, in course order
 * @param findings   forbidden APIs and compilation errors found before anything ran
 * @param notes      what else the instructor and the student should know (time limit hit, JVM ended early, ...)
 * @param elapsed    how long grading it took
 */
public record SubmissionGrade(Submission submission, List<TestOutcome> outcomes, List<Finding> findings,
        List<String> notes, Duration elapsed) {

    public int score() {
        return outcomes.stream().mapToInt(TestOutcome::score).sum();
    }

    public int maxScore() {
        return outcomes.stream().mapToInt(o -> o.test().points()).sum();
    }

    /** Points per exercise, in course order. */
    public Map<String, Integer> scoreByExercise() {
        Map<String, Integer> scores = new LinkedHashMap<>();
        for (TestOutcome o : outcomes) {
            scores.merge(o.test().exercise(), o.score(), Integer::sum);
        }
        return scores;
    }

    /** Points available per exercise, in course order. */
    public Map<String, Integer> maxByExercise() {
        Map<String, Integer> scores = new LinkedHashMap<>();
        for (TestOutcome o : outcomes) {
            scores.merge(o.test().exercise(), o.test().points(), Integer::sum);
        }
        return scores;
    }

    /** One line that says why points are missing beyond failed tests, or empty. */
    public String headline() {
        if (findings.stream().anyMatch(f -> f.kind().equals(Finding.COMPILATION))) {
            return "does not compile";
        }
        if (findings.stream().anyMatch(f -> f.kind().equals(Finding.FORBIDDEN))) {
            return "uses forbidden APIs: not run";
        }
        return notes.isEmpty() ? "" : notes.get(0);
    }
}
