/*
 * CORRECT: stockLevels counts the lookups still to answer down with an AtomicInteger in whenComplete callbacks,
 * on the bridge's threads; the one that brings it to zero builds the map in list order, a failure completes it
 * exceptionally at once
 */
package io.github.threadlab.bridge;

import io.github.threadlab.legacy.Inventory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

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
        AtomicInteger unanswered = new AtomicInteger(lookups.size());
        for (CompletableFuture<Integer> lookup : lookups.values()) {
            lookup.whenComplete((level, failure) -> {
                if (failure != null) {
                    levels.completeExceptionally(failure);
                } else if (unanswered.decrementAndGet() == 0) {
                    Map<String, Integer> inOrder = new LinkedHashMap<>();
                    lookups.forEach((sku, answered) -> inOrder.put(sku, answered.join()));
                    levels.complete(Collections.unmodifiableMap(inOrder));
                }
            });
        }
        return levels;
    }
}
