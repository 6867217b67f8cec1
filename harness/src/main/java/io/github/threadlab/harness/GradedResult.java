package io.github.threadlab.harness;

/**
 * The outcome of one graded test, as the scoreboard and the results file show it.
 *
 * @param exercise   the exercise it belongs to
 * @param number     the exercise's place in the course
 * @param name       the test's readable name
 * @param maxPoints  what it is worth
 * @param passed     whether it passed
 * @param output     why it failed (empty when it passed)
 * @param visibility who sees it on Gradescope
 */
record GradedResult(String exercise, int number, String name, int maxPoints, boolean passed, String output,
        Graded.Visibility visibility) {

    /** The points it scored: all of them or none. */
    public int points() {
        return passed ? maxPoints : 0;
    }
}
