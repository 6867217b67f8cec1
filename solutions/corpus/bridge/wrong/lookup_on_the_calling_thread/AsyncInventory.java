/*
 * WRONG: stockLevel makes the legacy call itself, on the calling thread, and returns a completed future
 * Breaks: "AsyncInventory: CompletableFuture<Integer> stockLevel(String sku) (one legacy call through the bridge)"
 * Caught by: stock_level_is_one_legacy_call_through_the_bridge
 */
package io.github.threadlab.bridge;

import io.github.threadlab.legacy.Inventory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

public final class AsyncInventory {

    private final Inventory legacy;
    private final BlockingBridge bridge;

    public AsyncInventory(Inventory legacy, BlockingBridge bridge) {
        this.legacy = Objects.requireNonNull(legacy, "legacy");
        this.bridge = Objects.requireNonNull(bridge, "bridge");
    }

    public CompletableFuture<Integer> stockLevel(String sku) {
        Objects.requireNonNull(sku, "sku");
        // WRONG: the caller blocks on the legacy call; the future is only a wrapper around its answer
        try {
            return CompletableFuture.completedFuture(legacy.stockLevel(sku));
        } catch (java.io.IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public CompletableFuture<Map<String, Integer>> stockLevels(List<String> skus) {
        List<String> all = List.copyOf(skus);
        Map<String, CompletableFuture<Integer>> lookups = new LinkedHashMap<>();
        for (String sku : all) {
            lookups.computeIfAbsent(sku, this::stockLevel);
        }
        return CompletableFuture.allOf(lookups.values().toArray(CompletableFuture<?>[]::new))
                .thenApply(allDone -> {
                    Map<String, Integer> levels = new LinkedHashMap<>();
                    lookups.forEach((sku, lookup) -> levels.put(sku, lookup.join()));
                    return Collections.unmodifiableMap(levels);
                });
    }
}
