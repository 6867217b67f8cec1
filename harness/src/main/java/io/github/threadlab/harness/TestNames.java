package io.github.threadlab.harness;

import java.lang.reflect.Method;

/**
 * The names a graded test goes by on the scoreboard, in the results file and in the test report: its exercise
 * (from {@link Exercise} on its class or an enclosing class, else its package's last segment) and its readable
 * name. Both the scoreboard listener, after the test, and the graded-test extension, while it runs, name a test
 * this way, so that the link a failure prints is the anchor the report writes.
 */
final class TestNames {

    private TestNames() {
    }

    /** The {@link Exercise} of {@code testClass} or of a class that encloses it, or null. */
    static Exercise exerciseAnnotation(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Exercise exercise = c.getAnnotation(Exercise.class);
            if (exercise != null) {
                return exercise;
            }
        }
        return null;
    }

    /** The name of the exercise {@code testClass} belongs to. */
    static String exercise(Class<?> testClass) {
        Exercise exercise = exerciseAnnotation(testClass);
        if (exercise != null) {
            return exercise.name();
        }
        String packageName = testClass.getPackageName();
        return packageName.substring(packageName.lastIndexOf('.') + 1);
    }

    /** The test's display name, or, when it is only the method's name, that name with spaces for underscores. */
    static String readable(String displayName, Method method) {
        return displayName.equals(method.getName() + "()") ? method.getName().replace('_', ' ') : displayName;
    }
}
