/*
 * WRONG: stockLevels leaves a sku whose lookup failed out of the map and completes normally
 * Breaks: "AsyncInventory: CompletableFuture<Map<String, Integer>> stockLevels(List<String> skus): ... if any lookup fails it completes exceptionally with a failed lookup's own exception"
 * Caught by: stock_levels_fails_with_the_failed_lookups_own_exception
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
        Map<String, CompletableFuture<Integer>> lookups = new LinkedHashMap<>();
        for (String sku : all) {
            // WRONG: a failed lookup becomes null, and is then left out of the map
            lookups.computeIfAbsent(sku, s -> stockLevel(s).exceptionally(failure -> null));
        }
        return CompletableFuture.allOf(lookups.values().toArray(CompletableFuture<?>[]::new))
                .thenApply(allDone -> {
                    Map<String, Integer> levels = new LinkedHashMap<>();
                    lookups.forEach((sku, lookup) -> {
                        if (lookup.join() != null) {
                            levels.put(sku, lookup.join());
                        }
                    });
                    return Collections.unmodifiableMap(levels);
                });
    }
}
