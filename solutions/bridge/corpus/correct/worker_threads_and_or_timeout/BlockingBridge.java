/*
 * CORRECT: maxThreads worker threads of its own taking jobs from a LinkedBlockingQueue, a poison pill per
 * worker on close; CompletableFuture.orTimeout for the timeouts, interrupting the worker in a callback;
 * AsyncInventory combines the lookups in list order with a chain of thenCombine
 */
package io.github.threadlab.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

public final class BlockingBridge implements AutoCloseable {

    private static final Job<?> STOP = new Job<>(() -> null);

    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private boolean closed; // guarded by this

    public BlockingBridge(int maxThreads) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("maxThreads " + maxThreads);
        }
        for (int i = 0; i < maxThreads; i++) {
            workers.add(Thread.ofPlatform().name("worker-" + i).daemon().start(this::work));
        }
    }

    public <T> CompletableFuture<T> call(Callable<T> blockingCall) {
        Job<T> job = enqueue(Objects.requireNonNull(blockingCall));
        return job == null ? rejected() : job.result;
    }

    public <T> CompletableFuture<T> call(Callable<T> blockingCall, Duration timeout) {
        Objects.requireNonNull(blockingCall);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout " + timeout);
        }
        Job<T> job = enqueue(blockingCall);
        if (job == null) {
            return rejected();
        }
        job.result.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((v, e) -> {
            if (e instanceof TimeoutException) {
                job.interrupt(); // a queued job sees its future done and never starts
            }
        });
        return job.result;
    }

    private static <T> CompletableFuture<T> rejected() {
        return CompletableFuture.failedFuture(new RejectedExecutionException("the bridge is closed"));
    }

    /** The job, queued; null when the bridge is closed. */
    private synchronized <T> Job<T> enqueue(Callable<T> call) {
        if (closed) {
            return null;
        }
        Job<T> job = new Job<>(call);
        queue.add(job);
        return job;
    }

    private void work() {
        while (true) {
            Job<?> job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                continue; // a stray interrupt; only STOP ends a worker
            }
            if (job == STOP) {
                return;
            }
            job.run();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (!closed) {
                closed = true;
                for (int i = 0; i < workers.size(); i++) {
                    queue.add(STOP); // behind every accepted job
                }
            }
        }
        boolean interrupted = false;
        for (Thread worker : workers) {
            while (worker.isAlive()) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Job<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final Callable<T> call;
        private Thread runner; // guarded by this

        Job(Callable<T> call) {
            this.call = call;
        }

        void run() {
            synchronized (this) {
                if (result.isDone()) {
                    return; // timed out in the queue
                }
                runner = Thread.currentThread();
            }
            try {
                result.complete(call.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                synchronized (this) {
                    runner = null;
                    Thread.interrupted();
                }
            }
        }

        synchronized void interrupt() {
            if (runner != null) {
                runner.interrupt();
            }
        }
    }
}
