/*
 * CORRECT: an ExecutorCompletionService over a fixed pool; on a failure or an interrupt it cancels every future
 * with Future.cancel(true), one by one in input order (a queued call then never runs, a running one is
 * interrupted), rethrows Future.get()'s own ExecutionException, then shutdown() and awaitTermination()
 */
package io.github.threadlab.cpu;

import java.util.ArrayList;
import java.util.List;
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
            throw new IllegalArgumentException("parallelism " + parallelism + " < 1");
        }
        List<T> work = new ArrayList<>(inputs);
        if (work.isEmpty()) {
            return new ArrayList<>();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, work.size()));
        CompletionService<R> completions = new ExecutorCompletionService<>(pool);
        List<Future<R>> futures = new ArrayList<>();
        try {
            for (T input : work) {
                futures.add(completions.submit(() -> fn.apply(input)));
            }
            for (int done = 0; done < futures.size(); done++) {
                completions.take().get(); // throws the first failure as soon as it happens
            }
            List<R> results = new ArrayList<>();
            for (Future<R> future : futures) {
                results.add(future.resultNow());
            }
            return results;
        } catch (InterruptedException | ExecutionException | RuntimeException e) {
            for (Future<R> future : futures) {
                future.cancel(true);
            }
            throw e; // Future.get()'s ExecutionException already has fn's exception as its cause
        } finally {
            pool.shutdown();
            boolean interrupted = false;
            while (true) {
                try {
                    if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
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
}
