package io.github.threadlab.eventloop;

import io.github.threadlab.legacy.Inventory;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The reference solution of exercise 6: the delay through the loop's timer, the lookup on the blocking
 * executor with {@code supplyAsync}, and a hop back to the loop with {@code loop.execute} to complete a future
 * of our own.
 *
 * <p>The contract of each public member is the stub's javadoc, which this class does not repeat.
 */
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
        CompletableFuture<String> answer = new CompletableFuture<>();
        loop.delay(SIMULATED_IO)
                .thenCompose(ignored -> CompletableFuture.supplyAsync(() -> lookUp(sku), blocking))
                .whenComplete((stock, failure) -> onLoop(() -> {
                    if (failure != null) {
                        answer.completeExceptionally(unwrap(failure));
                    } else {
                        answer.complete(stock > 0 ? "OK " + sku + " " + stock : "OUT " + sku);
                    }
                }, answer));
        return answer;
    }

    /** The blocking lookup, with its checked exception carried through the future. */
    private int lookUp(String sku) {
        try {
            return legacy.stockLevel(sku);
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    /** Runs {@code step} on the loop; if the loop is closed, fails {@code answer} instead of losing it. */
    private void onLoop(Runnable step, CompletableFuture<String> answer) {
        try {
            loop.execute(step);
        } catch (RejectedExecutionException e) {
            answer.completeExceptionally(e);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
