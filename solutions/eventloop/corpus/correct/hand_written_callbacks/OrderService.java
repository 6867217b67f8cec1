/*
 * CORRECT: a hand-written callback chain: the delay's whenComplete hands the lookup to blocking.execute, which hands the
 * answer or the failure back with loop.execute to a CompletableFuture it completes there
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
                    loop.execute(() -> done.complete(answer(sku, stock)));
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
