package io.github.threadlab.harness;

import static io.github.threadlab.harness.Durations.ms;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sample graded tests whose timelines are known: which lanes and how many bars each must show. The report tests
 * run them through a real launcher.
 */
final class TimelineCases {

    /** Bars drawn one by one over all the cases: 4 + 6 + 3 (the big case is summarised). */
    static final int BARS_DRAWN = 13;
    /** Lanes over all the cases: caller + 2 pool threads, caller + 6 virtual, caller, caller + virtual group. */
    static final int LANES = 3 + 7 + 1 + 2;
    static final int TIMELINES = 4;
    static final int BIG_RUN = 10_000;

    private TimelineCases() {
    }

    @Exercise(number = 1, name = "demo")
    static class Demo {

        @Graded(points = 2)
        void pool_of_two_runs_four_sleeps() {
            TaskProbe probe = TaskProbe.create().expectingAtMost(2, "poolSize");
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                probe.tasks(4, i -> Work.sleep(ms(30))).forEach(pool::execute);
            }
            Expect.atMost("the peak of tasks running at once", probe.peakInFlight(), 2, "the pool has 2 threads");
        }

        @Graded(points = 1)
        void unbounded_virtual_threads_break_the_limit() {
            TaskProbe probe = TaskProbe.create().expectingAtMost(2, "concurrency");
            Rendezvous everyone = Rendezvous.of(6);
            try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
                probe.tasks(6, i -> everyone.asWork()).forEach(each::execute);
            }
            Expect.atMost("the peak of tasks running at once", probe.peakInFlight(), 2,
                    "a virtual thread per task with no semaphore runs them all at once");
        }

        @Graded(points = 1)
        void three_tasks_on_the_callers_thread() {
            TaskProbe probe = TaskProbe.create();
            probe.tasks(3, i -> Work.sleep(ms(5))).forEach(Runnable::run);
        }

        @Graded(points = 1)
        void ten_thousand_virtual_threads() {
            TaskProbe probe = TaskProbe.create();
            try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
                probe.tasks(BIG_RUN, i -> Work.nothing()).forEach(each::execute);
            }
            Expect.equal("tasks finished", probe.finished(), BIG_RUN, "every task runs");
        }
    }
}
