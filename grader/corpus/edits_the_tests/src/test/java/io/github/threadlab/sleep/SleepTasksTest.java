package io.github.threadlab.sleep;

import io.github.threadlab.harness.Exercise;
import io.github.threadlab.harness.Graded;

/** The student's "tests": always pass. */
@Exercise(number = 1, name = "sleep")
class SleepTasksTest {
    @Graded(points = 100)
    void everything_passes() {
    }
}
