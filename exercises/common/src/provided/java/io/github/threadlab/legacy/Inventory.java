package io.github.threadlab.legacy;

/**
 * A blocking legacy API: the stock level of a product, looked up the old way.
 *
 * <p>{@link #stockLevel(String)} blocks the calling thread until the answer arrives (think of a JDBC query or a
 * SOAP call that takes tens of milliseconds to seconds), and it has no asynchronous variant. The exercises
 * that use it ({@code bridge}, {@code eventloop}) are about calling such an API without blocking the threads
 * that must not block.
 *
 * <p>Course-provided: it is part of the contract, not something to implement.
 */
public interface Inventory {

    /**
     * Looks up how many items of {@code sku} are in stock, blocking the calling thread until it knows.
     *
     * @param sku the product's stock-keeping unit
     * @return the number of items in stock
     * @throws java.io.IOException when the lookup fails
     */
    int stockLevel(String sku) throws java.io.IOException;
}
