/*
 * CORRECT: min(parallelism, n) platform threads of its own, each walking the inputs in order and computing those
 * it claims with AtomicIntegerArray.compareAndSet (free to taken), so that exactly one worker claims each input;
 * results at their index in an array; the first failure in an AtomicReference; start and join
 */
package io.github.threadlab.cpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
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
        AtomicIntegerArray taken = new AtomicIntegerArray(n); // 0: free, 1: a worker has claimed it
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(parallelism, n); w++) {
            workers.add(Thread.ofPlatform().name("map-worker-" + w).unstarted(() -> {
                // Every worker walks the inputs in order and computes those it manages to claim; the others it skips.
                for (int i = 0; i < n && failure.get() == null; i++) {
                    if (taken.compareAndSet(i, 0, 1)) { // only one worker turns input i from free to taken
                        try {
                            out[i] = fn.apply((T) in[i]);
                        } catch (Throwable t) {
                            if (failure.compareAndSet(null, t)) {
                                workers.forEach(Thread::interrupt); // the list is complete before any worker starts
                            }
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
