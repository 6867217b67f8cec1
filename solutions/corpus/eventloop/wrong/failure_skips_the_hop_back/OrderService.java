/*
 * WRONG: thenApplyAsync(..., loop) in place of handleAsync: the answer is made on the loop, but a failed lookup passes the stage by and fails the order on the executor's thread
 * Breaks: "then completes the returned future on the loop thread with ... or exceptionally with the lookup's exception"
 * Caught by: a_failed_lookup_fails_the_order_with_its_own_exception_on_the_loop
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

    public OrderService(EventLoop loop, Inventory legacy, Executor blocking) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.legacy = Objects.requireNonNull(legacy, "legacy");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
    }

    public CompletableFuture<String> place(String sku) {
        Objects.requireNonNull(sku, "sku");
        return loop.delay(SIMULATED_IO)
                .thenCompose(ignored -> CompletableFuture.supplyAsync(() -> lookUp(sku), blocking))
                // WRONG: an Async stage runs only its function on the loop; a failure skips the function, and with it the
                // hop, and fails the order on the thread where the lookup failed (handleAsync runs either way)
                .thenApplyAsync(stock -> answer(sku, stock), loop);
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
}
