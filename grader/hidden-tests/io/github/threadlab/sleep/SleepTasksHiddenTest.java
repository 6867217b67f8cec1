package io.github.threadlab.sleep;

import io.github.threadlab.harness.Exercise;
import io.github.threadlab.harness.Expect;
import io.github.threadlab.harness.Graded;
import io.github.threadlab.harness.Graded.Visibility;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An instructor-only test, added at grading (grader --hidden-tests grader/hidden-tests): it ships neither in the
 * archetype nor to students, and Gradescope shows it only once the grades are published.
 */
@Exercise(number = 1, name = "sleep")
class SleepTasksHiddenTest {

    @Graded(points = 1, visibility = Visibility.AFTER_PUBLISHED)
    void a_fixed_pool_larger_than_the_task_list_still_runs_each_task_exactly_once() throws InterruptedException {
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        List<Runnable> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int id = i;
            tasks.add(() -> ran.add(id));
        }
        SleepTasks.runOnFixedPool(tasks, 8);
        List<Integer> sorted = new ArrayList<>(ran);
        Collections.sort(sorted);
        Expect.that(sorted.equals(List.of(0, 1, 2)), "runOnFixedPool(3 tasks, poolSize 8) ran " + ran
                + ": every task must run exactly once, however large the pool");
    }
}
