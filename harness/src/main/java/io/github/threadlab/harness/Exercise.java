package io.github.threadlab.harness;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the exercise a test class grades, and its place in the course, for the scoreboard.
 *
 * <pre>{@code
 * @Exercise(number = 1, name = "sleep")
 * class SleepTasksTest { ... }
 * }</pre>
 *
 * A graded test in a class without it belongs to the exercise named by the last segment of its package.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface Exercise {

    /** Where the exercise stands in the course; the scoreboard lists exercises in this order. */
    int number();

    /** The exercise's short name, which is also its package and its docs' file name. */
    String name();
}
