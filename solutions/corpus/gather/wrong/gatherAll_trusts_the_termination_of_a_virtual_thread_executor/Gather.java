/*
 * WRONG: gatherAll uses invokeAll on Executors.newVirtualThreadPerTaskExecutor() and, interrupted, calls shutdownNow() and waits until isTerminated(), which before JDK 25 is true while the cancelled calls still run
 * Breaks: "an interrupt of the calling thread while it waits is answered with InterruptedException after interrupting the work that this call started"; "No method leaves a thread that it started running after it returns or throws"
 * Caught by: an_interrupt_while_waiting_interrupts_the_calls_then_throws_InterruptedException
 * Jdk: 21-24
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
import java.util.concurrent.TimeUnit;

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
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            // interrupted, invokeAll cancels (interrupts) every call and throws
            futures = executor.invokeAll(work);
        } catch (InterruptedException e) {
            executor.shutdownNow();
            // WRONG: before JDK 25 this executor counts a cancelled call as ended while its thread still runs
            while (!executor.isTerminated()) {
                awaitTerminationUninterruptibly(executor);
            }
            throw e;
        }
        executor.close();
        List<Outcome<T>> outcomes = new ArrayList<>(futures.size());
        for (Future<T> future : futures) {
            outcomes.add(future.state() == Future.State.SUCCESS ? new Outcome.Success<>(future.resultNow())
                    : new Outcome.Failure<>(future.exceptionNow()));
        }
        return outcomes;
    }

    private static void awaitTerminationUninterruptibly(ExecutorService executor) {
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException again) {
            // keep waiting: InterruptedException is already on its way
        }
    }

    private static <T> List<Callable<T>> typed(List<? extends Callable<? extends T>> calls) {
        List<Callable<T>> typed = new ArrayList<>(calls.size());
        for (Callable<? extends T> call : List.copyOf(calls)) {
            typed.add(call::call);
        }
        return typed;
    }
}
