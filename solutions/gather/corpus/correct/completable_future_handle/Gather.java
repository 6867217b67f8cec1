/*
 * CORRECT: CompletableFuture.supplyAsync on a virtual-thread-per-task executor; handle() records each outcome and
 * completes a "settled" future at the first failure or when every call has succeeded; shutdownNow() and close()
 * stop the rest and wait for them
 */
package io.github.threadlab.gather;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

public final class Gather {

    private Gather() {
    }

    public static <T> List<T> gather(List<? extends Callable<? extends T>> calls)
            throws InterruptedException, ExecutionException {
        List<Callable<? extends T>> work = List.copyOf(calls);
        List<CompletableFuture<T>> futures = new ArrayList<>(work.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Void> settled = new CompletableFuture<>();
            AtomicInteger remaining = new AtomicInteger(work.size());
            if (work.isEmpty()) {
                settled.complete(null);
            }
            for (Callable<? extends T> call : work) {
                CompletableFuture<T> future = supply(call, executor);
                future.handle((value, error) -> {
                    if (error != null) {
                        settled.completeExceptionally(unwrap(error)); // only the first failure completes it
                    } else if (remaining.decrementAndGet() == 0) {
                        settled.complete(null);
                    }
                    return null;
                });
                futures.add(future);
            }
            try {
                settled.get();
            } catch (ExecutionException | InterruptedException e) {
                executor.shutdownNow(); // interrupts every call still running; close() waits for them
                throw e;
            }
        }
        List<T> results = new ArrayList<>(futures.size());
        for (CompletableFuture<T> future : futures) {
            results.add(future.resultNow());
        }
        return results;
    }

    public static <T> List<Outcome<T>> gatherAll(List<? extends Callable<? extends T>> calls)
            throws InterruptedException {
        List<Callable<? extends T>> work = List.copyOf(calls);
        List<CompletableFuture<Outcome<T>>> outcomes = new ArrayList<>(work.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Callable<? extends T> call : work) {
                outcomes.add(supply(call, executor).<Outcome<T>>handle((value, error) -> error == null
                        ? new Outcome.Success<>(value) : new Outcome.Failure<>(unwrap(error))));
            }
            try {
                CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get();
            } catch (InterruptedException e) {
                executor.shutdownNow();
                throw e;
            } catch (ExecutionException e) {
                throw new IllegalStateException("handle() turns every failure into an outcome", e);
            }
        }
        return outcomes.stream().map(CompletableFuture::join).toList();
    }

    private static <T> CompletableFuture<T> supply(Callable<? extends T> call, ExecutorService executor) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e); // a Supplier cannot throw a checked exception
            }
        }, executor);
    }

    /** What the call itself threw: CompletableFuture wraps it in a CompletionException on the way. */
    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
