package io.github.threadlab.bridge;

import io.github.threadlab.legacy.Inventory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

public final class AsyncInventory {

    private final Inventory legacy;
    private final BlockingBridge bridge;

    public AsyncInventory(Inventory legacy, BlockingBridge bridge) {
        this.legacy = Objects.requireNonNull(legacy);
        this.bridge = Objects.requireNonNull(bridge);
    }

    public CompletableFuture<Integer> stockLevel(String sku) {
        Objects.requireNonNull(sku);
        return bridge.call(() -> legacy.stockLevel(sku));
    }

    public CompletableFuture<Map<String, Integer>> stockLevels(List<String> skus) {
        for (String sku : skus) {
            Objects.requireNonNull(sku);
        }
        Map<String, CompletableFuture<Integer>> started = new LinkedHashMap<>();
        for (String sku : skus) {
            if (!started.containsKey(sku)) {
                started.put(sku, stockLevel(sku));
            }
        }
        CompletableFuture<Map<String, Integer>> levels = CompletableFuture.completedFuture(new LinkedHashMap<>());
        for (Map.Entry<String, CompletableFuture<Integer>> lookup : started.entrySet()) {
            levels = levels.thenCombine(lookup.getValue(), (map, level) -> {
                map.put(lookup.getKey(), level);
                return map;
            });
        }
        return levels;
    }
}
