/*
 * CORRECT: CompletableFuture.runAsync on an executor of its own (a thread per task, virtual threads, a fixed
 * pool), CompletableFuture.allOf(...).get() to wait, and each future's failure read with handle
 */
package io.github.threadlab.sleep;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

public final class SleepTasks {

    private SleepTasks() {
    }

    public static void runSequentially(List<? extends Runnable> tasks) {
        List<Runnable> work = List.copyOf(tasks);
        List<CompletableFuture<Void>> futures = work.stream()
                .map(task -> CompletableFuture.runAsync(task, Runnable::run)) // runs it right here
                .toList();
        throwIfAny(futures);
    }

    public static void runOnPlatformThreads(List<? extends Runnable> tasks) throws InterruptedException {
        List<Runnable> work = List.copyOf(tasks);
        runAll(work, Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory()));
    }

    public static void runOnVirtualThreads(List<? extends Runnable> tasks) throws InterruptedException {
        List<Runnable> work = List.copyOf(tasks);
        runAll(work, Executors.newVirtualThreadPerTaskExecutor());
    }

    public static void runOnFixedPool(List<? extends Runnable> tasks, int poolSize) throws InterruptedException {
        List<Runnable> work = List.copyOf(tasks);
        if (poolSize <= 0) {
            throw new IllegalArgumentException("poolSize must be >= 1 but was " + poolSize);
        }
        runAll(work, Executors.newFixedThreadPool(poolSize));
    }

    private static void runAll(List<Runnable> work, ExecutorService executor) throws InterruptedException {
        try (executor) {
            List<CompletableFuture<Void>> futures = work.stream()
                    .map(task -> CompletableFuture.runAsync(task, executor))
                    .toList();
            try {
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
            } catch (ExecutionException someFailed) {
                // allOf completes once every future has; each one's failure is read below
            } catch (InterruptedException e) {
                executor.shutdownNow(); // interrupts the running tasks; close() then waits for them
                throw e;
            }
            throwIfAny(futures);
        }
    }

    private static void throwIfAny(List<CompletableFuture<Void>> futures) {
        CompletionException thrown = null;
        for (CompletableFuture<Void> future : futures) {
            Throwable failure = future.handle((ok, error) -> error).join();
            if (failure instanceof CompletionException wrapped && wrapped.getCause() != null) {
                failure = wrapped.getCause();
            }
            if (failure == null) {
                continue;
            }
            if (thrown == null) {
                thrown = new CompletionException(failure);
            } else {
                thrown.addSuppressed(failure);
            }
        }
        if (thrown != null) {
            throw thrown;
        }
    }
}
