/*
 * WRONG: map sets its caller's interrupt flag whenever it returns, as if "restore the interrupt" were always right
 * Breaks: "an interrupt of the calling thread while it waits is answered with InterruptedException" (an interrupt comes from someone; map must not make one up)
 * Caught by: map_returns_only_once_its_threads_have_ended
 */
package io.github.threadlab.cpu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

public final class ParallelMap {

    private ParallelMap() {
    }

    public static <T, R> List<R> map(List<T> inputs, Function<? super T, ? extends R> fn, int parallelism)
            throws InterruptedException, ExecutionException {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(fn, "fn");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        List<T> work = new ArrayList<>(inputs); // a copy nobody changes while we work; null elements are fine
        int n = work.size();
        if (n == 0) {
            return List.of();
        }

        // The pool's own threads, so that map can wait until they have ended: a pool reports itself terminated a
        // moment before its last worker thread has died.
        List<Thread> poolThreads = new CopyOnWriteArrayList<>();
        ThreadFactory platform = Thread.ofPlatform().name("cpu-worker-", 0).factory();
        ThreadFactory recorded = task -> {
            Thread thread = platform.newThread(task);
            poolThreads.add(thread);
            return thread;
        };
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, n), recorded);
        CompletionService<R> completions = new ExecutorCompletionService<>(pool);
        Map<Future<R>, Integer> indexOf = new HashMap<>();
        List<R> results = new ArrayList<>(Collections.nCopies(n, null));
        try {
            for (int i = 0; i < n; i++) {
                T input = work.get(i);
                indexOf.put(completions.submit(() -> fn.apply(input)), i);
            }
            // Take the calls as they finish: the first failure is seen as soon as it happens, whatever its index.
            for (int done = 0; done < n; done++) {
                Future<R> finished = completions.take();
                int index = indexOf.get(finished);
                try {
                    results.set(index, finished.get());
                } catch (ExecutionException failed) {
                    throw new ExecutionException("fn threw for input " + index + " of " + n, failed.getCause());
                }
            }
        } finally {
            // Normally every call has finished and this only lets the threads go. After a failure or an interrupt
            // it interrupts the calls still running, and the inputs still queued never start.
            pool.shutdownNow();
            awaitUninterruptibly(pool, poolThreads);
        }
        return Collections.unmodifiableList(results);
    }

    private static void awaitUninterruptibly(ExecutorService pool, List<Thread> poolThreads) {
        boolean interrupted = false;
        while (true) {
            try {
                while (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                    // keep waiting: a cancelled call takes as long as it takes to notice its interrupt
                }
                for (Thread thread : poolThreads) {
                    thread.join();
                }
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        // WRONG: "always restore the interrupt": the caller is left interrupted after every map, interrupted or not
        Thread.currentThread().interrupt();
    }
}
