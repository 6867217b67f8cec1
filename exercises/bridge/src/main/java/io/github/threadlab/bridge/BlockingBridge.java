package io.github.threadlab.bridge;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

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
 * <p>The story and the contract in plain words: {@code docs/bridge.md}. {@link AsyncInventory} uses this
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
 */
public final class BlockingBridge implements AutoCloseable {

    /**
     * A bridge that runs blocking calls on at most {@code maxThreads} platform threads of its own.
     *
     * <p>Not guaranteed: whether the threads are started here or when the first calls arrive.
     *
     * @param maxThreads how many calls may run at once, at least 1
     * @throws IllegalArgumentException [max-threads-rejected] if {@code maxThreads < 1}
     */
    public BlockingBridge(int maxThreads) {
        throw new UnsupportedOperationException(
                "exercise 4 (bridge): implement BlockingBridge(int maxThreads), see docs/bridge.md");
    }

    /**
     * [call-returns-at-once] Runs {@code blockingCall} on one of this bridge's threads and returns at once, without
     * waiting for it.
     *
     * <p>[call-own-threads] The call runs on one of at most {@code maxThreads} platform threads that this bridge owns:
     * never on the calling thread, never on {@link ForkJoinPool#commonPool()}. [call-queue] While {@code maxThreads}
     * calls are running, further calls wait in a queue, and the next one starts as soon as a thread is free.
     *
     * <p>[call-outcome] The returned future completes with the call's result, or exceptionally with exactly the
     * exception the call threw (not wrapped in another): {@link CompletableFuture#get()} then throws an
     * {@link ExecutionException} whose cause is that exception.
     *
     * <p>[call-after-close] After {@link #close()}: returns a future already failed with
     * {@link RejectedExecutionException}; the call never runs.
     *
     * <p>Not guaranteed: which of the bridge's threads runs a call, the order in which queued calls start, the names
     * of the threads, and whether cancelling the returned future stops the call.
     *
     * @param blockingCall the blocking call to run; not null
     * @param <T>          the call's result type
     * @return a future of the call's outcome
     * @throws NullPointerException [call-null-rejected] if {@code blockingCall} is null; nothing runs then
     */
    public <T> CompletableFuture<T> call(Callable<T> blockingCall) {
        throw new UnsupportedOperationException(
                "exercise 4 (bridge): implement call(Callable), see docs/bridge.md");
    }

    /**
     * [timeout] Like {@link #call(Callable)}, with a time limit: if the call has not finished within {@code timeout} of
     * this method being invoked (time spent waiting in the queue counts), the returned future completes exceptionally
     * with {@link TimeoutException}. [timeout-queued] A call still queued at that moment never starts, not even when a
     * thread becomes free later; [timeout-running] a call already running has its thread interrupted, so that a call
     * that answers interrupts gives its thread back.
     *
     * <p>[timeout-in-time] A call that finishes in time completes the future with its result or its exception, as
     * {@link #call(Callable)} does.
     *
     * <p>Not guaranteed: how a zero timeout behaves, and what a running call does when interrupted (one that ignores
     * interrupts keeps its thread until it ends, but its future has failed already).
     *
     * @param blockingCall the blocking call to run; not null
     * @param timeout      how long the call may take from now, queueing included; not null, positive
     * @param <T>          the call's result type
     * @return a future of the call's outcome
     * @throws NullPointerException     [timeout-null-rejected] if {@code blockingCall} or {@code timeout} is null;
     *                                  nothing runs then
     * @throws IllegalArgumentException [timeout-negative-rejected] if {@code timeout} is negative; nothing runs then
     */
    public <T> CompletableFuture<T> call(Callable<T> blockingCall, Duration timeout) {
        throw new UnsupportedOperationException(
                "exercise 4 (bridge): implement call(Callable, Duration), see docs/bridge.md");
    }

    /**
     * Closes the bridge: from now on {@link #call(Callable)} returns a future failed with
     * {@link RejectedExecutionException}. [close-waits] Waits until every call already accepted, running or queued, has
     * finished, [close-ends-threads] then ends the bridge's threads: none of them is left running.
     * [close-twice] Closing a closed bridge again is harmless.
     *
     * <p>Does not throw {@link InterruptedException}. Not guaranteed: what it does when the calling thread is
     * interrupted while it waits.
     */
    @Override
    public void close() {
        throw new UnsupportedOperationException(
                "exercise 4 (bridge): implement close(), see docs/bridge.md");
    }
}
