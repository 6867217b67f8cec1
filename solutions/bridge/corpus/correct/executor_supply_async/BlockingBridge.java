/*
 * CORRECT: Executors.newFixedThreadPool with CompletableFuture.supplyAsync(..., pool), a
 * ScheduledExecutorService for the timeouts, shutdown and awaitTermination on close
 */
package io.github.threadlab.bridge;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

public final class BlockingBridge implements AutoCloseable {

    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final ExecutorService pool;
    private final ScheduledExecutorService timer;

    public BlockingBridge(int maxThreads) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("maxThreads " + maxThreads);
        }
        pool = Executors.newFixedThreadPool(maxThreads, recorded(Thread.ofPlatform().name("supply-", 0).factory()));
        timer = Executors.newSingleThreadScheduledExecutor(recorded(Thread.ofPlatform().name("timer").factory()));
    }

    public <T> CompletableFuture<T> call(Callable<T> blockingCall) {
        Objects.requireNonNull(blockingCall);
        return start(blockingCall, null);
    }

    public <T> CompletableFuture<T> call(Callable<T> blockingCall, Duration timeout) {
        Objects.requireNonNull(blockingCall);
        Objects.requireNonNull(timeout);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout " + timeout);
        }
        return start(blockingCall, timeout);
    }

    private <T> CompletableFuture<T> start(Callable<T> blockingCall, Duration timeout) {
        Running running = new Running();
        CompletableFuture<T> future;
        try {
            // supplyAsync does not run the supplier if the future is already done when its turn comes.
            future = CompletableFuture.supplyAsync(() -> running.run(blockingCall), pool);
        } catch (RejectedExecutionException closed) {
            return CompletableFuture.failedFuture(closed);
        }
        if (timeout != null) {
            CompletableFuture<T> timed = future;
            try {
                var expiry = timer.schedule(() -> {
                    if (timed.completeExceptionally(new TimeoutException("after " + timeout))) {
                        running.interrupt();
                    }
                }, timeout.toNanos(), TimeUnit.NANOSECONDS);
                future.whenComplete((v, e) -> expiry.cancel(false));
            } catch (RejectedExecutionException closing) {
                // closed between the two: the call runs without a timeout; close waits for it
            }
        }
        return future;
    }

    @Override
    public void close() {
        pool.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
                pool.shutdownNow();
            }
        }
        timer.shutdownNow();
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private ThreadFactory recorded(ThreadFactory factory) {
        return r -> {
            Thread t = factory.newThread(r);
            threads.add(t);
            return t;
        };
    }

    /** The thread running a call, so that its timeout can interrupt it and nothing else. */
    private static final class Running {
        private Thread thread;
        private boolean over;

        <T> T run(Callable<T> call) {
            synchronized (this) {
                thread = Thread.currentThread();
            }
            try {
                return call.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            } finally {
                synchronized (this) {
                    over = true;
                    thread = null;
                    Thread.interrupted();
                }
            }
        }

        synchronized void interrupt() {
            if (thread != null && !over) {
                thread.interrupt();
            }
        }
    }
}
