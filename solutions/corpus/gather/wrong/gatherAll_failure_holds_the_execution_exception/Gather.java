/*
 * WRONG: gatherAll's Failure holds the ExecutionException from Future.get(), not the call's own exception
 * Breaks: "like `return_exceptions=True`: waits for every call and returns `Outcome.Success(value)` or `Outcome.Failure(exception)` for each, in input order; a failure cancels nothing"
 * Caught by: gatherAll_returns_the_outcomes_in_input_order_whatever_order_the_calls_finish_in, gatherAll_waits_for_every_call_and_a_failure_cancels_nothing
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
        List<Future<T>> futures;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            // interrupted, invokeAll cancels (interrupts) every call and throws; close() then waits for them
            futures = executor.invokeAll(work);
        }
        List<Outcome<T>> outcomes = new ArrayList<>(futures.size());
        for (Future<T> future : futures) {
            try {
                outcomes.add(new Outcome.Success<>(future.get()));
            } catch (ExecutionException e) {
                outcomes.add(new Outcome.Failure<>(e)); // WRONG: the wrapper, not what the call threw
            }
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
