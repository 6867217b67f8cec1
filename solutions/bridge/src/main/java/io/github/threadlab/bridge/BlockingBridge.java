package io.github.threadlab.bridge;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exercise 4, {@code bridge}: a bridge from blocking calls to {@link CompletableFuture}s, on a bounded pool of
 * platform threads that the bridge owns.
 *
 * <p>Old APIs block: a JDBC query, a SOAP client, a file lock hold the calling thread until they answer. Code
 * that must not block (an event loop, a request handler juggling many requests, a UI thread) cannot call them
 * directly. Python's answer is {@code loop.run_in_executor(pool, blocking_call)} and {@code asyncio.to_thread}:
 * hand the call to a thread pool and get back something to await. The article this exercise follows points out
 * what that costs: the pool has a limit, and once every thread is busy "an operation waits until a thread is
 * free". The limit shows up as queueing delay, not as an error.
 *
 * <p>This class is Java's {@code run_in_executor}. {@link #call(Callable)} returns a {@link CompletableFuture}
 * at once and runs the blocking call on one of at most {@code maxThreads} platform threads; calls beyond that
 * wait in a queue. {@link #call(Callable, Duration)} adds a timeout, because a blocking call that never answers
 * would otherwise hold one of those few threads forever. {@link #close()} lets the accepted calls finish and
 * ends the threads.
 *
 * <p>The trap it avoids: {@code CompletableFuture.supplyAsync(blockingCall)} without an executor runs on the
 * JVM-wide {@link ForkJoinPool#commonPool()}, which is sized for computing ({@code cores - 1} threads, one on a
 * 2-core machine) and shared by every parallel stream and every other {@code *Async} call without an executor.
 * Blocking calls there hold its few threads: they run a few at a time and starve everybody else. A bridge owns its
 * threads, so its limit is yours to choose and its blocking hurts nobody else.
 *
 * <p>The story, the contract in plain words and hints: {@code docs/bridge.md}. {@link AsyncInventory} uses this
 * bridge to give a blocking legacy API an asynchronous face.
 *
 * <pre>
 * HOW TO RUN
 *
 *   ./mvnw test -Dtest='io.github.threadlab.bridge.*Test'
 *
 * To debug, run the test class with your IDE's Debug, or add -Dmaven.surefire.debug to the command and attach a
 * debugger to port 5005: under a debugger every time limit is 60 times as long, so a breakpoint fails no test.
 *
 * The scoreboard printed at the end shows what passes. A failing test says what it saw, what the contract
 * requires and why; the tests hold your calls at gates and watch them (which thread ran each, how many ran at
 * once, which were interrupted), they do not time your machine.
 * </pre>
 *
 * <p>The contract of each public member is the stub's javadoc, which this class does not repeat.
 */
public final class BlockingBridge implements AutoCloseable {

    private static final AtomicInteger BRIDGES = new AtomicInteger();

    /** Runs the calls: maxThreads platform threads, and a queue for the calls that wait for one. */
    private final ThreadPoolExecutor pool;
    /** Fires the timeouts; one platform thread, started with the first call that has a timeout. */
    private final ScheduledThreadPoolExecutor timeouts;
    /** Every thread this bridge started, so that close can wait until they have ended. */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    public BlockingBridge(int maxThreads) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("maxThreads must be at least 1, was " + maxThreads);
        }
        String name = "bridge-" + BRIDGES.incrementAndGet();
        pool = new ThreadPoolExecutor(maxThreads, maxThreads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                recorded(Thread.ofPlatform().name(name + "-worker-", 0).daemon(true).factory()));
        timeouts = new ScheduledThreadPoolExecutor(1,
                recorded(Thread.ofPlatform().name(name + "-timeouts").daemon(true).factory()));
        timeouts.setRemoveOnCancelPolicy(true);
    }

    public <T> CompletableFuture<T> call(Callable<T> blockingCall) {
        return submit(Objects.requireNonNull(blockingCall, "blockingCall"), null);
    }

    public <T> CompletableFuture<T> call(Callable<T> blockingCall, Duration timeout) {
        Objects.requireNonNull(blockingCall, "blockingCall");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return submit(blockingCall, timeout);
    }

    @Override
    public void close() {
        pool.shutdown(); // accepts no more calls; the accepted ones, running or queued, still run
        boolean interrupted = false;
        while (!pool.isTerminated()) {
            try {
                pool.awaitTermination(1, TimeUnit.DAYS);
            } catch (InterruptedException e) {
                // Left open by the contract; like ExecutorService.close(): stop the calls, keep waiting for their
                // threads, and set the interrupt flag again when done.
                if (!interrupted) {
                    interrupted = true;
                    for (Runnable neverStarted : pool.shutdownNow()) {
                        ((BridgedCall<?>) neverStarted).abandon(
                                new CancellationException("the bridge was closed by an interrupted thread"));
                    }
                }
            }
        }
        // Every call has ended, so no timeout is left to fire.
        timeouts.shutdownNow();
        // A pool reports itself terminated a moment before its last thread has died.
        for (Thread thread : threads) {
            while (thread != Thread.currentThread() && thread.isAlive()) {
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

    /**
     * Accepts the call or, once the bridge is closed, returns a future failed with RejectedExecutionException.
     * The timeout is scheduled before the call is queued, so it counts from now, and so that a closed bridge
     * (whose timer has stopped) is noticed before anything is queued.
     */
    private <T> CompletableFuture<T> submit(Callable<T> blockingCall, Duration timeout) {
        BridgedCall<T> bridged = new BridgedCall<>(blockingCall);
        ScheduledFuture<?> timer = null;
        try {
            if (timeout != null) {
                timer = timeouts.schedule(() -> bridged.timeOut(timeout), nanos(timeout), TimeUnit.NANOSECONDS);
            }
            pool.execute(bridged);
        } catch (RejectedExecutionException closed) {
            if (timer != null) {
                timer.cancel(false);
            }
            return CompletableFuture.failedFuture(new RejectedExecutionException("the bridge is closed", closed));
        }
        if (timer != null) {
            ScheduledFuture<?> pending = timer;
            bridged.result.whenComplete((value, failure) -> pending.cancel(false));
        }
        bridged.result.whenComplete((value, failure) -> {
            if (failure instanceof CancellationException) {
                bridged.stop(); // not required by the contract, but cancelling a call should not leave it running
            }
        });
        return bridged.result;
    }

    /** The timeout in nanoseconds; about 292 years and longer count as forever. */
    private static long nanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private ThreadFactory recorded(ThreadFactory factory) {
        return task -> {
            Thread thread = factory.newThread(task);
            threads.add(thread);
            return thread;
        };
    }

    /**
     * One call on its way through the bridge: queued, then running, then done. A timeout (or a cancellation) fails
     * the future first, then stops the call: a queued call never starts, a running one is interrupted. The state
     * and the running thread change under this object's lock, so an interrupt meant for this call never reaches
     * the next call that the same thread runs.
     */
    private static final class BridgedCall<T> implements Runnable {
        private static final int QUEUED = 0;
        private static final int RUNNING = 1;
        private static final int DONE = 2;

        final CompletableFuture<T> result = new CompletableFuture<>();
        private final Callable<T> call;
        private int state = QUEUED; // guarded by this
        private Thread runner; // guarded by this

        BridgedCall(Callable<T> call) {
            this.call = call;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (state != QUEUED || result.isDone()) {
                    state = DONE; // timed out (or cancelled) while it waited in the queue: it never starts
                    return;
                }
                state = RUNNING;
                runner = Thread.currentThread();
            }
            try {
                result.complete(call.call());
            } catch (Throwable failure) {
                result.completeExceptionally(failure); // exactly what the call threw, unwrapped
            } finally {
                synchronized (this) {
                    state = DONE;
                    runner = null;
                    Thread.interrupted(); // an interrupt meant for this call stays with this call
                }
            }
        }

        void timeOut(Duration timeout) {
            // Fail the future first, then interrupt: the call, interrupted, may throw, and the future must report
            // the timeout, not what the interrupt made the call throw.
            if (result.completeExceptionally(new TimeoutException("the call did not finish within " + timeout))) {
                stop();
            }
        }

        void abandon(Throwable why) {
            result.completeExceptionally(why);
            stop();
        }

        synchronized void stop() {
            if (state == RUNNING) {
                runner.interrupt();
            } else if (state == QUEUED) {
                state = DONE;
            }
        }
    }
}
