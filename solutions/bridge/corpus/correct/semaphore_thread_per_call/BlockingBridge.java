/*
 * CORRECT: a new platform thread per call that waits for one of maxThreads permits of a fair Semaphore before it
 * runs the call; CompletableFuture.delayedExecutor for the timeouts; close joins every thread it started
 */
package io.github.threadlab.bridge;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

public final class BlockingBridge implements AutoCloseable {

    private final Semaphore permits;
    private final Set<Thread> threads = new HashSet<>(); // guarded by this
    private boolean closed; // guarded by this

    public BlockingBridge(int maxThreads) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("maxThreads " + maxThreads);
        }
        permits = new Semaphore(maxThreads, true);
    }

    public <T> CompletableFuture<T> call(Callable<T> blockingCall) {
        return start(Objects.requireNonNull(blockingCall), null);
    }

    public <T> CompletableFuture<T> call(Callable<T> blockingCall, Duration timeout) {
        Objects.requireNonNull(blockingCall);
        if (timeout.compareTo(Duration.ZERO) < 0) {
            throw new IllegalArgumentException("timeout " + timeout);
        }
        return start(blockingCall, timeout);
    }

    private <T> CompletableFuture<T> start(Callable<T> call, Duration timeout) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new RejectedExecutionException("closed"));
            }
            thread = Thread.ofPlatform().name("gated-call").unstarted(() -> runWithPermit(call, result));
            threads.add(thread);
            thread.start();
        }
        if (timeout != null) {
            CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
                if (result.completeExceptionally(new TimeoutException("after " + timeout))) {
                    thread.interrupt(); // the thread is this call's alone: waiting for a permit or running it
                }
            });
        }
        return result;
    }

    private <T> void runWithPermit(Callable<T> call, CompletableFuture<T> result) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            result.completeExceptionally(new CancellationException("interrupted while queued"));
            ended();
            return;
        }
        try {
            if (!result.isDone()) {
                result.complete(call.call());
            }
        } catch (Throwable t) {
            result.completeExceptionally(t);
        } finally {
            permits.release();
            ended();
        }
    }

    private synchronized void ended() {
        threads.remove(Thread.currentThread());
    }

    @Override
    public void close() {
        List<Thread> started;
        synchronized (this) {
            closed = true;
            started = List.copyOf(threads);
        }
        boolean interrupted = false;
        for (Thread thread : started) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
