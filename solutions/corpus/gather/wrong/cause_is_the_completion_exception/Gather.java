/*
 * WRONG: gather's ExecutionException has the CompletionException that CompletableFuture wrapped around the call's exception as its cause
 * Breaks: "When a call throws, every call still running is interrupted, gather waits until they have all ended, then throws ExecutionException whose cause is that call's exception (the first to fail in time)"
 * Caught by: gather_reports_what_the_first_call_to_fail_in_time_threw
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
import java.util.concurrent.atomic.AtomicReference;

public final class Gather {

    private Gather() {
    }

    public static <T> List<T> gather(List<? extends Callable<? extends T>> calls)
            throws InterruptedException, ExecutionException {
        List<Callable<? extends T>> work = List.copyOf(calls);
        List<CompletableFuture<T>> futures = new ArrayList<>(work.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Void> settled = new CompletableFuture<>();
            AtomicReference<Throwable> firstFailure = new AtomicReference<>();
            AtomicInteger remaining = new AtomicInteger(work.size());
            if (work.isEmpty()) {
                settled.complete(null);
            }
            for (Callable<? extends T> call : work) {
                CompletableFuture<T> future = supply(call, executor);
                future.handle((value, error) -> {
                    if (error != null) {
                        firstFailure.compareAndSet(null, error); // WRONG: a CompletionException around the failure
                        settled.complete(null);
                    } else if (remaining.decrementAndGet() == 0) {
                        settled.complete(null);
                    }
                    return null;
                });
                futures.add(future);
            }
            try {
                settled.get();
            } catch (InterruptedException e) {
                executor.shutdownNow();
                throw e;
            }
            if (firstFailure.get() != null) {
                executor.shutdownNow(); // interrupts every call still running; close() waits for them
                throw new ExecutionException(firstFailure.get());
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
