package io.github.threadlab.grader;

/**
 * One graded test of the course, as the pristine course's own run reported it: where surefire finds it
 * ({@code className}, {@code methodName}) and what the scoreboard makes of it.
 *
 * @param className  the test class, fully qualified
 * @param methodName the test method
 * @param exercise   the exercise it grades (its {@code @Exercise} name)
 * @param number     the exercise's place in the course
 * @param name       the readable name the scoreboard shows
 * @param points     what it is worth
 * @param visibility Gradescope's visibility value ("visible", "hidden", ...)
 */
public record GradedTest(String className, String methodName, String exercise, int number, String name, int points,
        String visibility) {

    /** The key surefire's reports use for it. */
    public String key() {
        return className + "#" + methodName;
    }

    /** Whether Gradescope shows it to the student before the grades are published. */
    public boolean visible() {
        return "visible".equals(visibility);
    }
}
