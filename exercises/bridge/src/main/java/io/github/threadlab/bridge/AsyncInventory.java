package io.github.threadlab.bridge;

import io.github.threadlab.legacy.Inventory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Exercise 4, {@code bridge}: an asynchronous face for the blocking {@link Inventory}, through a
 * {@link BlockingBridge}.
 *
 * <p>The legacy {@link Inventory#stockLevel(String)} blocks its caller until the answer arrives and has no
 * asynchronous variant. Wrapped in the bridge, each lookup becomes a {@link CompletableFuture}: the caller goes on
 * at once, and {@link #stockLevels(List)} looks many products up at the same time, as far as the bridge's threads
 * allow, then combines the answers into one map. It is Python's
 * {@code await asyncio.gather(*(asyncio.to_thread(stock_level, sku) for sku in skus))}.
 *
 * <p>The story and the contract in plain words: {@code docs/bridge.md}.
 *
 * <pre>
 * HOW TO RUN
 *
 *   ./mvnw test -Dtest='io.github.threadlab.bridge.*Test'
 *
 * To debug, run the test class with your IDE's Debug, or add -Dmaven.surefire.debug to the command and attach a
 * debugger to port 5005: under a debugger every time limit is 60 times as long, so a breakpoint fails no test.
 * </pre>
 */
public final class AsyncInventory {

    /**
     * An asynchronous inventory that looks stock levels up in {@code legacy}, always through {@code bridge}.
     *
     * @param legacy the blocking inventory; not null
     * @param bridge the bridge every lookup goes through; not null
     * @throws NullPointerException [inventory-null-rejected] if {@code legacy} or {@code bridge} is null
     */
    public AsyncInventory(Inventory legacy, BlockingBridge bridge) {
        throw new UnsupportedOperationException(
                "exercise 4 (bridge): implement AsyncInventory(Inventory, BlockingBridge), see docs/bridge.md");
    }

    /**
     * [lookup-through-bridge] Looks the stock level of {@code sku} up with one legacy call through the bridge, and
     * returns at once.
     *
     * <p>[lookup-outcome] The future completes with the legacy call's answer, or exceptionally with the exception it
     * threw (an {@link java.io.IOException}, say): {@link CompletableFuture#get()} then throws an
     * {@link ExecutionException} whose cause is that exception.
     *
     * @param sku the product's stock-keeping unit; not null
     * @return a future of its stock level
     * @throws NullPointerException [lookup-null-rejected] if {@code sku} is null; nothing is looked up then
     */
    public CompletableFuture<Integer> stockLevel(String sku) {
        throw new UnsupportedOperationException(
                "exercise 4 (bridge): implement stockLevel(String), see docs/bridge.md");
    }

    /**
     * [levels-at-once] Looks the stock levels of all {@code skus} up at once, each with one legacy call through the
     * bridge, and returns at once. [levels-duplicates-once] A sku that occurs more than once in the list is looked up
     * once.
     *
     * <p>[levels-map] The future completes with a map from each sku to its stock level that iterates in the order of
     * {@code skus} (first occurrences), whatever order the lookups finish in. [levels-failure] If any lookup fails, the
     * future completes exceptionally with a failed lookup's own exception: {@link CompletableFuture#get()} then throws
     * an {@link ExecutionException} whose cause is that exception.
     *
     * <p>Not guaranteed: which failure is reported when several lookups fail; whether the future fails as soon as
     * one lookup has failed or once all have ended; whether the map can be modified.
     *
     * @param skus the products' stock-keeping units; neither the list nor an element may be null
     * @return a future of the stock levels, in the order of {@code skus}
     * @throws NullPointerException [levels-null-rejected] if {@code skus} or one of its elements is null; nothing is
     *                              looked up then
     */
    public CompletableFuture<Map<String, Integer>> stockLevels(List<String> skus) {
        throw new UnsupportedOperationException(
                "exercise 4 (bridge): implement stockLevels(List), see docs/bridge.md");
    }
}
