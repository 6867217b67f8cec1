/*
 * WRONG: stockLevel runs the legacy call with supplyAsync on the common pool instead of through the bridge
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
        // WRONG: the bridge is not used: the common pool runs the blocking call, with no bound
        return CompletableFuture.supplyAsync(() -> {
            try {
                return legacy.stockLevel(sku);
            } catch (java.io.IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
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
