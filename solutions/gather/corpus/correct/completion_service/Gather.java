/*
 * CORRECT: Executors.newVirtualThreadPerTaskExecutor() in try-with-resources; an ExecutorCompletionService hands
 * the futures back in the order they finish, shutdownNow() stops the rest and close() waits for them; for
 * gatherAll, submit and Future.get() for each call, shutdownNow() when interrupted
 */
package io.github.threadlab.gather;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public final class Gather {

    private Gather() {
    }

    public static <T> List<T> gather(List<? extends Callable<? extends T>> calls)
            throws InterruptedException, ExecutionException {
        List<Callable<T>> work = typed(calls);
        List<Future<T>> futures = new ArrayList<>(work.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletionService<T> finished = new ExecutorCompletionService<>(executor);
            for (Callable<T> call : work) {
                futures.add(finished.submit(call));
            }
            try {
                for (int i = 0; i < work.size(); i++) {
                    Future<T> next = finished.take();
                    if (next.state() == Future.State.FAILED) {
                        executor.shutdownNow(); // interrupts every call still running; close() waits for them
                        throw new ExecutionException(next.exceptionNow());
                    }
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                throw e;
            }
        }
        List<T> results = new ArrayList<>(futures.size());
        for (Future<T> future : futures) {
            results.add(future.resultNow());
        }
        return results;
    }

    public static <T> List<Outcome<T>> gatherAll(List<? extends Callable<? extends T>> calls)
            throws InterruptedException {
        List<Callable<T>> work = typed(calls);
        List<Future<T>> futures = new ArrayList<>(work.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Callable<T> call : work) {
                futures.add(executor.submit(call));
            }
            try {
                for (Future<T> future : futures) {
                    try {
                        future.get();
                    } catch (ExecutionException failed) {
                        // its outcome, read below
                    }
                }
            } catch (InterruptedException e) {
                // shutdownNow() interrupts the calls without cancelling their futures, so close() waits for them
                // on every JDK (before JDK 25 a cancelled future's task counts as ended while its thread runs)
                executor.shutdownNow();
                throw e;
            }
        }
        List<Outcome<T>> outcomes = new ArrayList<>(futures.size());
        for (Future<T> future : futures) {
            outcomes.add(future.state() == Future.State.SUCCESS ? new Outcome.Success<>(future.resultNow())
                    : new Outcome.Failure<>(future.exceptionNow()));
        }
        return outcomes;
    }

    private static <T> List<Callable<T>> typed(List<? extends Callable<? extends T>> calls) {
        List<Callable<T>> typed = new ArrayList<>(calls.size());
        for (Callable<? extends T> call : List.copyOf(calls)) {
            typed.add(call::call);
        }
        return typed;
    }
}
