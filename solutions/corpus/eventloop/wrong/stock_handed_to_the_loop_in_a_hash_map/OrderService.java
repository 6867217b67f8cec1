/*
 * WRONG: the lookup hands the stock to the loop through a HashMap of the service, which the executor's threads write at once
 * Breaks: "then completes the returned future on the loop thread with `"OK <sku> <stock>"` when stock > 0" (for every order in flight at once)
 * Caught by: the_lookups_of_concurrent_orders_run_at_the_same_time, the_loop_never_stalls_while_hundreds_of_orders_are_in_flight
 * Race: a HashMap of the service, written by the lookups on the executor's threads and read on the loop
 */
package io.github.threadlab.eventloop;

import io.github.threadlab.legacy.Inventory;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

public final class OrderService {

    private static final Duration SIMULATED_IO = Duration.ofMillis(50);

    private final EventLoop loop;
    private final Inventory legacy;
    private final Executor blocking;
    /** Numbers the orders, so that two orders in flight for the same sku have keys of their own. */
    private final AtomicLong orders = new AtomicLong();
    /** The stock each order's lookup found, by order number, until the loop answers with it. */
    private final Map<Long, Integer> foundStock = new HashMap<>(); // WRONG: written by every executor thread at once

    public OrderService(EventLoop loop, Inventory legacy, Executor blocking) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.legacy = Objects.requireNonNull(legacy, "legacy");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
    }

    public CompletableFuture<String> place(String sku) {
        Objects.requireNonNull(sku, "sku");
        CompletableFuture<String> done = new CompletableFuture<>();
        long order = orders.incrementAndGet();
        loop.delay(SIMULATED_IO).whenComplete((ignored, delayFailed) -> {
            if (delayFailed != null) {
                done.completeExceptionally(delayFailed);
                return;
            }
            blocking.execute(() -> {
                try {
                    foundStock.put(order, legacy.stockLevel(sku));
                    loop.execute(() -> done.complete(answer(sku, foundStock.remove(order))));
                } catch (IOException | RuntimeException e) {
                    loop.execute(() -> done.completeExceptionally(e));
                }
            });
        });
        return done;
    }

    private int lookUp(String sku) {
        try {
            return legacy.stockLevel(sku);
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    private String answer(String sku, int stock) {
        return stock > 0 ? "OK " + sku + " " + stock : "OUT " + sku;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
