package io.github.threadlab.grader;

/**
 * How one graded test went for one submission.
 *
 * @param test   the graded test
 * @param passed whether it passed
 * @param output why it failed (empty when it passed)
 */
public record TestOutcome(GradedTest test, boolean passed, String output) {

    public int score() {
        return passed ? test.points() : 0;
    }
}
