/*
 * WRONG: a hand-written chain that hops back to the loop with a failure but completes the answer on the executor's thread
 * Breaks: "then completes the returned future on the loop thread with `"OK <sku> <stock>"` ..."
 * Caught by: the_order_completes_on_the_loop_thread
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
        loop.delay(SIMULATED_IO).whenComplete((ignored, delayFailed) -> {
            if (delayFailed != null) {
                done.completeExceptionally(delayFailed);
                return;
            }
            blocking.execute(() -> {
                try {
                    int stock = legacy.stockLevel(sku);
                    done.complete(answer(sku, stock)); // WRONG: completes on the executor's thread, not the loop's
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
