/*
 * CORRECT: CompletableFuture.supplyAsync on a fixed pool; each future's failure, unwrapped from its
 * CompletionException, completes a first-failure future that allOf completes with null when all succeed; on a
 * failure or an interrupt it cancels the futures (the queued calls never run), shutdownNow() interrupts the running
 * ones, and close() waits for them
 */
package io.github.threadlab.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

public final class ParallelMap {

    private ParallelMap() {
    }

    public static <T, R> List<R> map(List<T> inputs, Function<? super T, ? extends R> fn, int parallelism)
            throws InterruptedException, ExecutionException {
        Objects.requireNonNull(inputs);
        Objects.requireNonNull(fn);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism " + parallelism);
        }
        List<T> work = new ArrayList<>(inputs);
        if (work.isEmpty()) {
            return List.of();
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, work.size()))) {
            CompletableFuture<Throwable> firstFailure = new CompletableFuture<>();
            List<CompletableFuture<R>> futures = new ArrayList<>();
            for (T input : work) {
                CompletableFuture<R> future = CompletableFuture.supplyAsync(() -> fn.apply(input), pool);
                future.whenComplete((result, error) -> {
                    if (error != null) {
                        firstFailure.complete(unwrap(error));
                    }
                });
                futures.add(future);
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .thenRun(() -> firstFailure.complete(null));
            Throwable failure;
            try {
                failure = firstFailure.get();
            } catch (InterruptedException e) {
                cancel(futures, pool);
                throw e;
            }
            if (failure != null) {
                cancel(futures, pool);
                throw new ExecutionException(failure);
            }
            return futures.stream().map(CompletableFuture::join).toList(); // Stream.toList() accepts nulls
        }
    }

    /** Queued calls never run once their future is cancelled; running ones are interrupted by shutdownNow. */
    private static void cancel(List<? extends CompletableFuture<?>> futures, ExecutorService pool) {
        futures.forEach(f -> f.cancel(false));
        pool.shutdownNow();
    }

    /** supplyAsync hands what fn threw to whenComplete wrapped in a CompletionException. */
    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
