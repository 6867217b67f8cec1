/*
 * WRONG: stockLevels waits for each lookup (join in a loop) before it starts the next, on the calling thread
 * Breaks: "AsyncInventory: CompletableFuture<Map<String, Integer>> stockLevels(List<String> skus): all lookups at once through the bridge"
 * Caught by: stock_levels_looks_every_sku_up_at_once
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
        Map<String, Integer> levels = new LinkedHashMap<>();
        for (String sku : all) {
            // WRONG: join waits for this lookup before the next starts, and blocks the caller meanwhile
            levels.computeIfAbsent(sku, s -> stockLevel(s).join());
        }
        return CompletableFuture.completedFuture(Collections.unmodifiableMap(levels));
    }
}
