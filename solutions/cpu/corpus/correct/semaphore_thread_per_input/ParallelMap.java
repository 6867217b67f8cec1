/*
 * CORRECT: a platform thread per input (Thread.ofPlatform), each holding one of parallelism Semaphore permits
 * while it calls fn, so there are more threads than parallelism but never more calls at once; a CountDownLatch
 * that the last call or the first failure opens; a cancelled flag that a thread checks once it has its permit;
 * every thread interrupted when needed, and joined
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
import java.util.concurrent.atomic.AtomicInteger;
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
        AtomicInteger remaining = new AtomicInteger(n);
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
                    if (remaining.decrementAndGet() == 0) {
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
