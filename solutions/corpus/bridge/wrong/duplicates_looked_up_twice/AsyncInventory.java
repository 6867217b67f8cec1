/*
 * WRONG: stockLevels starts a lookup for every element of the list, duplicates included, and merges the answers
 * Breaks: "AsyncInventory: CompletableFuture<Map<String, Integer>> stockLevels(List<String> skus): ... (duplicates looked up once)"
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
        // WRONG: one lookup per element, so a sku named twice is looked up twice
        List<CompletableFuture<Integer>> lookups = all.stream().map(this::stockLevel).toList();
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture<?>[]::new))
                .thenApply(allDone -> {
                    Map<String, Integer> levels = new LinkedHashMap<>();
                    for (int i = 0; i < all.size(); i++) {
                        levels.putIfAbsent(all.get(i), lookups.get(i).join());
                    }
                    return Collections.unmodifiableMap(levels);
                });
    }
}
