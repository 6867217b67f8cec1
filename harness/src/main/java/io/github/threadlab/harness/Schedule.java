package io.github.threadlab.harness;

import java.time.Duration;

/**
 * Lower time bounds that follow from how work must be scheduled, whatever the machine.
 *
 * <p>Ten tasks that each sleep 100 ms on a pool of 3 threads need at least ceil(10 / 3) = 4 rounds, so at
 * least 400 ms: no machine is fast enough to finish sooner, and a solution that does is skipping work.
 */
public final class Schedule {

    private Schedule() {
    }

    /** How many rounds {@code tasks} tasks need when at most {@code concurrency} run at once. */
    public static int roundsFor(int tasks, int concurrency) {
        if (tasks < 0 || concurrency < 1) {
            throw new IllegalArgumentException("tasks " + tasks + ", concurrency " + concurrency);
        }
        return (tasks + concurrency - 1) / concurrency;
    }

    /** The shortest possible wall time of {@code tasks} tasks of {@code each}, at most {@code concurrency} at once. */
    public static Duration rounds(int tasks, int concurrency, Duration each) {
        return each.multipliedBy(roundsFor(tasks, concurrency));
    }
}
