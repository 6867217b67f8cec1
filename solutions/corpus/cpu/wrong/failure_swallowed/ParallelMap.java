/*
 * WRONG: map catches what fn throws and leaves a null result in its place
 * Breaks: map "when fn throws, the remaining work is cancelled and ExecutionException with that cause is thrown"
 * Caught by: a_failure_is_thrown_as_ExecutionException_caused_by_what_fn_threw
 */
package io.github.threadlab.cpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
        Object[] out = new Object[n];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(parallelism, n); w++) {
            workers.add(Thread.ofPlatform().name("map-worker-" + w).unstarted(() -> {
                int i;
                while (failure.get() == null && (i = next.getAndIncrement()) < n) {
                    try {
                        out[i] = fn.apply((T) in[i]);
                    } catch (Throwable t) {
                        out[i] = null; // WRONG: the failure is dropped; a null result hides it
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
        return (List<R>) Arrays.asList(out); // join's happens-before makes the workers' writes visible
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
