/*
 * CORRECT: min(parallelism, n) platform threads of its own taking the next input index from an AtomicInteger; the
 * results gathered into one HashMap from index to result, each put inside synchronized (results); the list built
 * from the map in index order after join
 */
package io.github.threadlab.cpu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

public final class ParallelMap {

    private ParallelMap() {
    }

    @SuppressWarnings("unchecked")
    public static <T, R> List<R> map(List<T> inputs, Function<? super T, ? extends R> fn, int parallelism)
            throws InterruptedException, ExecutionException {
        Objects.requireNonNull(fn, "fn");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism < 1: " + parallelism);
        }
        Object[] in = inputs.toArray(); // NullPointerException for a null list; null elements are fine
        int n = in.length;
        Map<Integer, Object> results = new HashMap<>(); // index to result; null results are fine
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(parallelism, n); w++) {
            workers.add(Thread.ofPlatform().name("map-worker-" + w).unstarted(() -> {
                int i;
                while (failure.get() == null && (i = next.getAndIncrement()) < n) {
                    try {
                        Object result = fn.apply((T) in[i]);
                        synchronized (results) { // the workers put at the same time: one at a time inside
                            results.put(i, result);
                        }
                    } catch (Throwable t) {
                        if (failure.compareAndSet(null, t)) {
                            workers.forEach(Thread::interrupt); // the list is complete before any worker starts
                        }
                    }
                }
            }));
        }
        workers.forEach(Thread::start);
        try {
            for (Thread worker : workers) {
                worker.join();
            }
        } catch (InterruptedException e) {
            failure.compareAndSet(null, e); // no worker takes another input
            workers.forEach(Thread::interrupt);
            joinUninterruptibly(workers);
            throw e;
        }
        if (failure.get() != null) {
            throw new ExecutionException(failure.get());
        }
        // join's happens-before makes the workers' puts visible, and no worker puts any more.
        List<R> inOrder = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            inOrder.add((R) results.get(i));
        }
        return inOrder;
    }

    private static void joinUninterruptibly(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException again) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
