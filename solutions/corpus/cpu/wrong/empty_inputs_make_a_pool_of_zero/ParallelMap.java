/*
 * WRONG: map sizes its pool min(parallelism, inputs.size()) even for no inputs, and newFixedThreadPool(0) throws
 * Breaks: map "applies fn ... results in input order": no inputs is a valid call, only a parallelism below 1 is out of range
 * Caught by: no_inputs_give_an_empty_list
 */
package io.github.threadlab.cpu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

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
        List<T> work = new ArrayList<>(inputs);
        int n = work.size();
        // WRONG: no inputs make a pool of 0 threads, and newFixedThreadPool(0) throws IllegalArgumentException
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, n));
        CompletionService<R> completions = new ExecutorCompletionService<>(pool);
        Map<Future<R>, Integer> indexOf = new HashMap<>();
        List<R> results = new ArrayList<>(Collections.nCopies(n, null));
        try {
            for (int i = 0; i < n; i++) {
                T input = work.get(i);
                indexOf.put(completions.submit(() -> fn.apply(input)), i);
            }
            for (int done = 0; done < n; done++) {
                Future<R> finished = completions.take();
                try {
                    results.set(indexOf.get(finished), finished.get());
                } catch (ExecutionException failed) {
                    throw new ExecutionException(failed.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            awaitTerminationUninterruptibly(pool);
        }
        return results;
    }

    private static void awaitTerminationUninterruptibly(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.HOURS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
