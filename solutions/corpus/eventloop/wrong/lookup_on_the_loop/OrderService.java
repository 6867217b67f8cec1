/*
 * WRONG: runs the blocking lookup on the loop thread, in a thenApply after the delay
 * Breaks: "looks the stock up with the blocking legacy call on `blocking` (never on the loop thread)"
 * Caught by: the_lookup_runs_on_the_blocking_executor_never_on_the_loop, the_loop_never_stalls_while_hundreds_of_orders_are_in_flight
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
                .thenApply(ignored -> lookUp(sku)) // WRONG: the delay completes on the loop, so this blocks the loop
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
