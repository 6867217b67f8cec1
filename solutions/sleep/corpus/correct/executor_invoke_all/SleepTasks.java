/*
 * CORRECT: an ExecutorService in try-with-resources: submit on Executors.newThreadPerTaskExecutor with a platform
 * thread factory and on Executors.newVirtualThreadPerTaskExecutor, waiting in close() and checking the interrupt
 * flag after it; invokeAll on Executors.newFixedThreadPool; failures read from the futures (Future.state and
 * Future.exceptionNow)
 */
package io.github.threadlab.sleep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public final class SleepTasks {

    private SleepTasks() {
    }

    public static void runSequentially(List<? extends Runnable> tasks) {
        CompletionException thrown = null;
        for (Runnable task : List.copyOf(tasks)) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                if (thrown == null) {
                    thrown = new CompletionException(e);
                } else {
                    thrown.addSuppressed(e);
                }
            }
        }
        if (thrown != null) {
            throw thrown;
        }
    }

    public static void runOnPlatformThreads(List<? extends Runnable> tasks) throws InterruptedException {
        List<Callable<Object>> calls = callables(tasks);
        List<Future<Object>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory())) {
            for (Callable<Object> call : calls) {
                futures.add(executor.submit(call));
            }
        } // close() waits for every task; interrupted, it stops them with shutdownNow(), waits, sets the flag again
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting for the tasks");
        }
        throwIfAny(futures);
    }

    public static void runOnVirtualThreads(List<? extends Runnable> tasks) throws InterruptedException {
        List<Callable<Object>> calls = callables(tasks);
        List<Future<Object>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Callable<Object> call : calls) {
                futures.add(executor.submit(call));
            }
        } // close() waits for every task; interrupted, it stops them, waits, and sets the interrupt flag again
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting for the tasks");
        }
        throwIfAny(futures);
    }

    public static void runOnFixedPool(List<? extends Runnable> tasks, int poolSize) throws InterruptedException {
        List<Callable<Object>> calls = callables(tasks);
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be positive: " + poolSize);
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(poolSize)) {
            throwIfAny(pool.invokeAll(calls));
        }
    }

    private static List<Callable<Object>> callables(List<? extends Runnable> tasks) {
        return List.copyOf(tasks).stream().map(Executors::callable).toList();
    }

    private static void throwIfAny(List<Future<Object>> futures) {
        CompletionException thrown = null;
        for (Future<Object> future : futures) {
            if (future.state() != Future.State.FAILED) {
                continue;
            }
            Throwable failure = future.exceptionNow();
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
