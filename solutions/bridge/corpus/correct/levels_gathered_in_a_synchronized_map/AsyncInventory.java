/*
 * CORRECT: stockLevels stores each level from a thenAccept callback, on the bridge's threads, into a HashMap
 * wrapped in Collections.synchronizedMap; allOf of those callbacks' futures, then the map in list order
 */
package io.github.threadlab.bridge;

import io.github.threadlab.legacy.Inventory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
        List<String> all = List.copyOf(skus); // a null list or element: NullPointerException, before any lookup
        Map<String, CompletableFuture<Integer>> lookups = new LinkedHashMap<>();
        for (String sku : all) {
            lookups.computeIfAbsent(sku, this::stockLevel);
        }
        // Each lookup stores its level as it answers, on the bridge thread that ran it: several at the same time.
        Map<String, Integer> answered = Collections.synchronizedMap(new HashMap<>()); // one put at a time
        List<CompletableFuture<Void>> stored = new ArrayList<>();
        lookups.forEach((sku, lookup) -> stored.add(lookup.thenAccept(level -> answered.put(sku, level))));
        // Once every level is stored (or one lookup has failed), the map in list order.
        return CompletableFuture.allOf(stored.toArray(CompletableFuture<?>[]::new)).thenApply(allStored -> {
            Map<String, Integer> levels = new LinkedHashMap<>();
            lookups.keySet().forEach(sku -> levels.put(sku, answered.get(sku)));
            return Collections.unmodifiableMap(levels);
        });
    }
}
