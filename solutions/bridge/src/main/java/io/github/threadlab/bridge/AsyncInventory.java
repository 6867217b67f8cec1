package io.github.threadlab.bridge;

import io.github.threadlab.legacy.Inventory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Exercise 4, {@code bridge}: an asynchronous face for the blocking {@link Inventory}, through a
 * {@link BlockingBridge}.
 *
 * <p>The legacy {@link Inventory#stockLevel(String)} blocks its caller until the answer arrives and has no
 * asynchronous variant. Wrapped in the bridge, each lookup becomes a {@link CompletableFuture}: the caller goes on
 * at once, and {@link #stockLevels(List)} looks many products up at the same time, as far as the bridge's threads
 * allow, then combines the answers into one map. It is Python's
 * {@code await asyncio.gather(*(asyncio.to_thread(stock_level, sku) for sku in skus))}.
 *
 * <p>The story, the contract in plain words and hints: {@code docs/bridge.md}.
 *
 * <pre>
 * HOW TO RUN
 *
 *   ./mvnw test -Dtest='io.github.threadlab.bridge.*Test'
 *
 * To debug, run the test class with your IDE's Debug, or add -Dmaven.surefire.debug to the command and attach a
 * debugger to port 5005: under a debugger every time limit is 60 times as long, so a breakpoint fails no test.
 * </pre>
 *
 * <p>The contract of each public member is the stub's javadoc, which this class does not repeat.
 */
public final class AsyncInventory {

    private final Inventory legacy;
    private final BlockingBridge bridge;

    public AsyncInventory(Inventory legacy, BlockingBridge bridge) {
        this.legacy = Objects.requireNonNull(legacy, "legacy");
        this.bridge = Objects.requireNonNull(bridge, "bridge");
    }

    public CompletableFuture<Integer> stockLevel(String sku) {
        Objects.requireNonNull(sku, "sku");
        return bridge.call(() -> legacy.stockLevel(sku));
    }

    public CompletableFuture<Map<String, Integer>> stockLevels(List<String> skus) {
        List<String> all = List.copyOf(skus); // a null list or element: NullPointerException, before any lookup
        // One lookup per distinct sku, all started now; a LinkedHashMap keeps the order of first occurrences.
        Map<String, CompletableFuture<Integer>> lookups = new LinkedHashMap<>();
        for (String sku : all) {
            lookups.computeIfAbsent(sku, this::stockLevel);
        }
        // allOf completes once every lookup has; if one failed, exceptionally with that lookup's exception as cause.
        return CompletableFuture.allOf(lookups.values().toArray(CompletableFuture<?>[]::new))
                .thenApply(allDone -> {
                    Map<String, Integer> levels = new LinkedHashMap<>();
                    lookups.forEach((sku, lookup) -> levels.put(sku, lookup.join()));
                    return Collections.unmodifiableMap(levels);
                });
    }
}
