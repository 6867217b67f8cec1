package io.github.threadlab.harness;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A graded test: a JUnit test worth {@link #points()} points on the scoreboard of the exercise its
 * class belongs to (see {@link Exercise}).
 *
 * <p>A graded test runs under {@link GradedTestExtension}: it is stopped after {@link #timeLimitSeconds()}
 * (scaled by the time factor, see {@link TimeLimits}) with a dump of the threads that were stuck, and it
 * fails if it leaves a thread it started running.
 *
 * <pre>{@code
 * @Graded(points = 2)
 * void virtual_threads_run_every_task_at_once() { ... }
 * }</pre>
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@ExtendWith(GradedTestExtension.class)
public @interface Graded {

    /** Points this test is worth when it passes; a failing test scores 0. */
    int points() default 1;

    /** Wall-clock seconds the test may take, before the time factor scales them. */
    int timeLimitSeconds() default 10;

    /** Who sees this test's result on Gradescope. */
    Visibility visibility() default Visibility.VISIBLE;

    /** Gradescope's visibility values. */
    enum Visibility {
        VISIBLE("visible"),
        HIDDEN("hidden"),
        AFTER_DUE_DATE("after_due_date"),
        AFTER_PUBLISHED("after_published");

        private final String gradescopeName;

        Visibility(String gradescopeName) {
            this.gradescopeName = gradescopeName;
        }

        /** The value Gradescope's results.json expects. */
        public String gradescopeName() {
            return gradescopeName;
        }
    }
}
