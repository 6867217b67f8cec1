/*
 * WRONG: stockLevels puts each level into the map as its lookup completes, so the map iterates in completion order
 * Breaks: "AsyncInventory: CompletableFuture<Map<String, Integer>> stockLevels(List<String> skus): ... the map iterates in the order of skus"
 * Caught by: stock_levels_maps_every_sku_in_list_order_and_looks_duplicates_up_once
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
        return bridge.call(() -> legacy.stockLevel(sku));
    }

    public CompletableFuture<Map<String, Integer>> stockLevels(List<String> skus) {
        List<String> all = List.copyOf(skus);
        Map<String, Integer> levels = Collections.synchronizedMap(new LinkedHashMap<>());
        Map<String, CompletableFuture<Integer>> lookups = new LinkedHashMap<>();
        for (String sku : all) {
            // WRONG: each level is added when its lookup completes: the map is in completion order
            lookups.computeIfAbsent(sku, s -> stockLevel(s).thenApply(level -> {
                levels.put(s, level);
                return level;
            }));
        }
        return CompletableFuture.allOf(lookups.values().toArray(CompletableFuture<?>[]::new))
                .thenApply(allDone -> levels);
    }
}
