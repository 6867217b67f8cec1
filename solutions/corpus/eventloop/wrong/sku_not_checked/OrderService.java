/*
 * WRONG: place does not check its sku: place(null) returns a future, and the order looks up the stock of null
 * Breaks: "Every public method rejects a null argument ... with NullPointerException ... before doing any work"
 * Caught by: null_arguments_are_rejected_before_any_work
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
        // WRONG: no Objects.requireNonNull(sku): a null sku is found (or not) by the legacy lookup, 50 ms later
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
        return stock > 0 ? "OK " + sku + " " + stock : "OUT " + sku;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
