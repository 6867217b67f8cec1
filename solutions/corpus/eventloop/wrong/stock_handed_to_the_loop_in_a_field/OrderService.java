/*
 * WRONG: the lookup hands the stock to the loop through a field of the service, which every order in flight writes
 * Breaks: "then completes the returned future on the loop thread with `"OK <sku> <stock>"` when stock > 0" (its own stock, however many orders are in flight)
 * Caught by: the_lookups_of_concurrent_orders_run_at_the_same_time
 * Race: an int field of the service, written by every lookup on the executor's threads and read on the loop
 */
package io.github.threadlab.eventloop;

import io.github.threadlab.legacy.Inventory;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

public final class OrderService {

    private static final Duration SIMULATED_IO = Duration.ofMillis(50);

    private final EventLoop loop;
    private final Inventory legacy;
    private final Executor blocking;
    /** The stock the last lookup found, for the loop to answer with. */
    private int lastStock; // WRONG: one field for every order in flight, written on the executor's threads

    public OrderService(EventLoop loop, Inventory legacy, Executor blocking) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.legacy = Objects.requireNonNull(legacy, "legacy");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
    }

    public CompletableFuture<String> place(String sku) {
        Objects.requireNonNull(sku, "sku");
        CompletableFuture<String> done = new CompletableFuture<>();
        loop.delay(SIMULATED_IO).whenComplete((ignored, delayFailed) -> {
            if (delayFailed != null) {
                done.completeExceptionally(delayFailed);
                return;
            }
            blocking.execute(() -> {
                try {
                    lastStock = legacy.stockLevel(sku);
                    loop.execute(() -> done.complete(answer(sku, lastStock))); // by now, maybe another order's
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
