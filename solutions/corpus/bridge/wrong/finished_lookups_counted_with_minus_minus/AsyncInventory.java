/*
 * WRONG: stockLevels counts the lookups still to answer down with --unanswered[0] on a shared int[] in callbacks that run on several bridge threads at once; two answers can count as one, and the future never completes
 * Breaks: stockLevels "The future completes with a map from each sku to its stock level"
 * Caught by: stock_levels_looks_every_sku_up_at_once
 * Race: --unanswered[0] on a shared int[] counts the lookups still to answer
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
        List<String> all = List.copyOf(skus); // a null list or element: NullPointerException, before any lookup
        Map<String, CompletableFuture<Integer>> lookups = new LinkedHashMap<>();
        for (String sku : all) {
            lookups.computeIfAbsent(sku, this::stockLevel);
        }
        if (lookups.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        CompletableFuture<Map<String, Integer>> levels = new CompletableFuture<>();
        // The lookups answer on the bridge's threads, several at the same time; the last to answer builds the map.
        int[] unanswered = {lookups.size()}; // WRONG: a plain int, counted down with --unanswered[0] below
        for (CompletableFuture<Integer> lookup : lookups.values()) {
            lookup.whenComplete((level, failure) -> {
                if (failure != null) {
                    levels.completeExceptionally(failure);
                } else if (--unanswered[0] == 0) { // WRONG: read, then write: two answers can count as one
                    Map<String, Integer> inOrder = new LinkedHashMap<>();
                    lookups.forEach((sku, answered) -> inOrder.put(sku, answered.join()));
                    levels.complete(Collections.unmodifiableMap(inOrder));
                }
            });
        }
        return levels;
    }
}
