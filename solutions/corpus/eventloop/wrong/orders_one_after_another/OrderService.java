/*
 * WRONG: chains every order after the previous one "to keep them in order", so no two orders overlap
 * Breaks: "`CompletableFuture<String> place(String sku)`: may be called from any thread; waits 50 ms of simulated I/O through `loop.delay`, then looks the stock up"
 * Caught by: the_lookups_of_concurrent_orders_run_at_the_same_time
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

    /** The order placed last. */
    private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

    public OrderService(EventLoop loop, Inventory legacy, Executor blocking) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.legacy = Objects.requireNonNull(legacy, "legacy");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
    }

    public synchronized CompletableFuture<String> place(String sku) {
        Objects.requireNonNull(sku, "sku");
        CompletableFuture<String> done = new CompletableFuture<>();
        CompletableFuture<?> previous = last;
        last = done;
        previous.handle((answer, failure) -> null) // WRONG: waits for the previous order, failed or not
                .thenCompose(ignored -> loop.delay(SIMULATED_IO))
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
