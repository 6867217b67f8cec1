/*
 * WRONG: a stock of 0 answers "OK <sku> 0": the test for "in stock" is stock >= 0 instead of stock > 0
 * Breaks: "completes the returned future on the loop thread with `"OK <sku> <stock>"` when stock > 0, `"OUT <sku>"` when it is 0"
 * Caught by: orders_answer_OK_with_the_stock_or_OUT_when_there_is_none
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
        CompletableFuture<String> done = new CompletableFuture<>();
        loop.delay(SIMULATED_IO)
                .thenCompose(ignored -> CompletableFuture.supplyAsync(() -> lookUp(sku), blocking))
                .whenComplete((stock, failure) -> loop.execute(() -> {
                    if (failure != null) {
                        done.completeExceptionally(unwrap(failure));
                    } else {
                        done.complete(answer(sku, stock));
                    }
                }));
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
        return stock >= 0 ? "OK " + sku + " " + stock : "OUT " + sku; // WRONG: 0 in stock is "OUT <sku>", not "OK <sku> 0"
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
