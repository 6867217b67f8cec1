/*
 * WRONG: map reports the first failed future in input order, which may be a call that the cancellation interrupted
 * Breaks: map "when fn throws, the remaining work is cancelled and ExecutionException with that cause is thrown"
 * Caught by: a_failure_interrupts_the_running_calls_and_no_other_input_starts
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
            for (Future<R> future : futures) { // WRONG: input order is not the order the calls failed in
                if (future.state() == Future.State.FAILED) {
                    throw new ExecutionException(future.exceptionNow());
                }
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
