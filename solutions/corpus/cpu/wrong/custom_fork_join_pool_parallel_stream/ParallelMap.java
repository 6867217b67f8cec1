/*
 * WRONG: map runs a parallel stream inside a ForkJoinPool of parallelism threads: limited, but a failure cancels nothing and comes back as a copy of fn's exception
 * Breaks: map "when fn throws, the remaining work is cancelled and ExecutionException with that cause is thrown"
 * Caught by: a_failure_is_thrown_as_ExecutionException_caused_by_what_fn_threw, a_failure_interrupts_the_running_calls_and_no_other_input_starts
 */
package io.github.threadlab.cpu;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import java.util.stream.Collectors;

public final class ParallelMap {

    private ParallelMap() {
    }

    public static <T, R> List<R> map(List<T> inputs, Function<? super T, ? extends R> fn, int parallelism)
            throws InterruptedException, ExecutionException {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(fn, "fn");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        try (ForkJoinPool pool = new ForkJoinPool(parallelism)) {
            // WRONG: a stream does not interrupt its other elements when one throws, and ForkJoinTask.get()
            // throws an ExecutionException around a copy of fn's exception, not fn's exception itself
            return pool.submit(() -> inputs.parallelStream().map(fn).collect(Collectors.<R>toList())).get();
        }
    }
}
