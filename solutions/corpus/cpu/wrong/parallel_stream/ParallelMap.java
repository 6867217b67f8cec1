/*
 * WRONG: map is a parallel stream, which runs on the calling thread and the common ForkJoinPool, whatever parallelism is
 * Breaks: map "applies fn on platform threads (parallelism >= 1), never more than `parallelism` at once and that many while enough inputs remain"
 * Caught by: fn_runs_on_platform_threads_never_virtual_nor_the_common_pool
 */
package io.github.threadlab.cpu;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
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
        try {
            // WRONG: the common pool and the caller run the calls; parallelism limits nothing
            return inputs.parallelStream().map(fn).collect(Collectors.toList());
        } catch (RuntimeException | Error e) {
            throw new ExecutionException(e);
        }
    }
}
