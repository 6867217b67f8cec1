package io.github.threadlab.eventloop;

import io.github.threadlab.legacy.Inventory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Exercise 6, {@code eventloop}: never block the event loop. Place an order the way an asyncio coroutine
 * would: wait for some I/O, look the stock up with a blocking legacy call, answer, and never hold up the one
 * thread that every other order shares.
 *
 * <p>The Python article this exercise follows ends with its lesson: "everything you call from a coroutine
 * should be non-blocking or you stall the system". A coroutine that calls {@code time.sleep} or a blocking
 * driver freezes the event loop, and with it every other coroutine, for as long as the call takes. The fix is
 * to wait without blocking ({@code await asyncio.sleep}) and to hand blocking calls to a thread pool
 * ({@code run_in_executor}), then come back to the loop with the answer.
 *
 * <p>{@link EventLoop} (provided) is such a loop in Java: one thread running callbacks in order, a
 * {@link EventLoop#delay delay} that waits without blocking, and a heartbeat that measures how long the loop was
 * stalled. {@link #place} must use all three rules: delay without sleeping, offload the blocking lookup, complete
 * back on the loop.
 *
 * <p>The story and the contract in plain words: {@code docs/eventloop.md}.
 *
 * <pre>
 * HOW TO RUN
 *
 *   ./mvnw test -Dtest='io.github.threadlab.eventloop.*Test'
 *
 * To debug, run the test class with your IDE's Debug, or add -Dmaven.surefire.debug to the command and attach a
 * debugger to port 5005: under a debugger every time limit is 60 times as long, so a breakpoint fails no test.
 *
 * The scoreboard printed at the end shows what passes. The tests hand you an Inventory whose lookups they
 * hold at gates and watch (which thread ran each, how many at once), and they read the loop's heartbeat;
 * a failing test says what it saw, what the contract requires and why.
 * </pre>
 */
public final class OrderService {

    /**
     * An order service whose orders run on {@code loop} and look the stock up in {@code legacy} on threads of
     * {@code blocking}.
     *
     * @param loop     the event loop that every step of an order but the lookup runs on
     * @param legacy   the blocking stock lookup
     * @param blocking the executor that runs the blocking lookups, never the loop
     * @throws NullPointerException [constructor-null-rejected] if an argument is null
     */
    public OrderService(EventLoop loop, Inventory legacy, Executor blocking) {
        // exercise 6: keep what place needs, after checking it
    }

    /**
     * [returns-at-once] Places an order for {@code sku} and returns at once with a future of its answer.
     *
     * <p>[delay-then-lookup] The order first waits 50 ms of simulated I/O through {@link EventLoop#delay}, then looks
     * the stock up with {@link Inventory#stockLevel} [lookup-on-blocking] on a thread of the {@code blocking} executor
     * (never on the loop thread), [completes-on-loop] then completes the returned future on the loop thread:
     * [answer] with {@code "OK <sku> <stock>"} when the stock is above 0, {@code "OUT <sku>"} when it is 0,
     * [lookup-failure] or exceptionally with exactly the exception the lookup threw ({@code get()} throws an
     * {@link java.util.concurrent.ExecutionException} with that cause). [lookup-once] The stock is looked up once per
     * order.
     *
     * <p>[never-blocks] May be called from any thread, the loop's included. Neither the caller nor the loop thread ever
     * blocks on the order: the loop stays free to run every other order's callbacks.
     *
     * <p>Not guaranteed: the answer for a negative stock, the order in which concurrent orders complete, and
     * whether the failed future holds the lookup's exception itself or a
     * {@link java.util.concurrent.CompletionException} around it (through {@code get()} the cause is the same).
     *
     * @param sku the product to order
     * @return a future of the order's answer, completed on the loop thread
     * @throws NullPointerException [sku-null-rejected] if {@code sku} is null; nothing has started then
     */
    public CompletableFuture<String> place(String sku) {
        throw new UnsupportedOperationException("exercise 6 (eventloop): implement place, see docs/eventloop.md");
    }
}
