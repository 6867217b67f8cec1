/*
 * WRONG: stockLevels stores each level from a thenAccept callback but builds the map once the lookups are done, not once the stores are, so it reads a level that nothing has published to it yet
 * Breaks: stockLevels "The future completes with a map from each sku to its stock level"
 * Caught by: stock_levels_maps_every_sku_in_list_order_and_looks_duplicates_up_once, stock_levels_looks_every_sku_up_at_once
 * Race: levels stored by thenAccept callbacks, read by a stage that nothing orders after the last store
 */
package io.github.threadlab.bridge;

import io.github.threadlab.legacy.Inventory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

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
        Map<String, Integer> answered = new ConcurrentHashMap<>();
        lookups.forEach((sku, lookup) -> lookup.thenAccept(level -> answered.put(sku, level)));
        // WRONG: waits for the lookups, not for the callbacks that store their levels: nothing orders the last
        // lookup's store before the reads below (its thread runs allOf's stage first, and the store after)
        CompletableFuture<?>[] answers = lookups.values().toArray(CompletableFuture<?>[]::new);
        return CompletableFuture.allOf(answers).thenApply(allAnswered -> {
            Map<String, Integer> levels = new LinkedHashMap<>();
            lookups.keySet().forEach(sku -> levels.put(sku, answered.get(sku)));
            return Collections.unmodifiableMap(levels);
        });
    }
}
