/*
 * WRONG: map counts the calls still to finish with --remaining[0] on a shared int[] and waits until the count reaches zero; two threads that finish at once can count as one, and map then waits forever
 * Breaks: map "applies fn ... results in input order" (map never returns them)
 * Caught by: each_input_is_computed_exactly_once_however_the_threads_interleave, never_more_than_parallelism_calls_run_at_once
 * Race: --remaining[0] on a shared int[] counts the calls still to finish
 */
package io.github.threadlab.cpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

public final class ParallelMap {

    private ParallelMap() {
    }

    @SuppressWarnings("unchecked")
    public static <T, R> List<R> map(List<T> inputs, Function<? super T, ? extends R> fn, int parallelism)
            throws InterruptedException, ExecutionException {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(fn, "fn");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism: " + parallelism);
        }
        List<T> work = new ArrayList<>(inputs);
        int n = work.size();
        if (n == 0) {
            return List.of();
        }
        Object[] out = new Object[n];
        Semaphore permits = new Semaphore(parallelism);
        int[] remaining = {n}; // WRONG: a plain int shared by every thread, counted down with --remaining[0] below
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        CountDownLatch settled = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            threads.add(Thread.ofPlatform().unstarted(() -> {
                try {
                    permits.acquire();
                } catch (InterruptedException e) {
                    return; // cancelled while waiting for a permit
                }
                try {
                    if (cancelled.get()) {
                        return;
                    }
                    out[index] = fn.apply(work.get(index));
                    if (--remaining[0] == 0) { // WRONG: read, then write: two threads can count one call
                        settled.countDown();
                    }
                } catch (Throwable t) {
                    if (failure.compareAndSet(null, t)) {
                        cancelled.set(true);
                        settled.countDown();
                    }
                } finally {
                    permits.release();
                }
            }));
        }
        threads.forEach(Thread::start);
        try {
            settled.await();
            if (failure.get() == null) {
                for (Thread thread : threads) {
                    thread.join();
                }
                return (List<R>) Arrays.asList(out);
            }
        } catch (InterruptedException e) {
            cancelAndJoin(cancelled, threads);
            throw e;
        }
        cancelAndJoin(cancelled, threads);
        throw new ExecutionException(failure.get());
    }

    private static void cancelAndJoin(AtomicBoolean cancelled, List<Thread> threads) {
        cancelled.set(true);
        threads.forEach(Thread::interrupt);
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
