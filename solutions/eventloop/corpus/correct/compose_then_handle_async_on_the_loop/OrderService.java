/*
 * CORRECT: thenCompose with supplyAsync on the blocking executor, then handleAsync with the loop as its executor
 * (EventLoop is an Executor); the failure is rethrown as a CompletionException around the lookup's exception
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
                .handleAsync((stock, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(unwrap(failure));
                    }
                    return answer(sku, stock);
                }, loop);
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
