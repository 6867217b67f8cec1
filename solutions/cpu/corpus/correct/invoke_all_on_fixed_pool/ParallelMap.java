/*
 * CORRECT: ExecutorService.invokeAll on Executors.newFixedThreadPool in try-with-resources. invokeAll waits for
 * every call, so a failing call cancels the rest itself: it records itself as the first failure, then
 * shutdownNow() interrupts the running calls and returns the queued futures, which it cancels so that invokeAll
 * does not wait for them; results read from the futures in input order
 */
package io.github.threadlab.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

public final class ParallelMap {

    private ParallelMap() {
    }

    public static <T, R> List<R> map(List<T> inputs, Function<? super T, ? extends R> fn, int parallelism)
            throws InterruptedException, ExecutionException {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(fn, "fn");
        if (parallelism <= 0) {
            throw new IllegalArgumentException("parallelism must be positive but was " + parallelism);
        }
        List<T> work = new ArrayList<>(inputs);
        if (work.isEmpty()) {
            return new ArrayList<>();
        }
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, work.size()))) {
            List<Callable<R>> calls = new ArrayList<>();
            for (T input : work) {
                calls.add(() -> {
                    try {
                        return fn.apply(input);
                    } catch (RuntimeException | Error e) {
                        if (firstFailure.compareAndSet(null, e)) {
                            for (Runnable queued : pool.shutdownNow()) {
                                ((Future<?>) queued).cancel(false);
                            }
                        }
                        throw e;
                    }
                });
            }
            List<Future<R>> futures;
            try {
                futures = pool.invokeAll(calls); // on an interrupt it cancels every call, and close() waits
            } catch (RejectedExecutionException e) {
                // a call failed, and shut the pool down, before invokeAll had submitted them all
                if (firstFailure.get() == null) {
                    throw e;
                }
                futures = List.of();
            }
            if (firstFailure.get() != null) {
                throw new ExecutionException(firstFailure.get());
            }
            List<R> results = new ArrayList<>();
            for (Future<R> future : futures) {
                results.add(future.resultNow());
            }
            return results;
        }
    }
}
