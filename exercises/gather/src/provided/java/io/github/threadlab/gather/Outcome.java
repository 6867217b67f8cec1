package io.github.threadlab.gather;

import java.util.Objects;

/**
 * What one call came to when {@link Gather#gatherAll gatherAll} ran it: the value it returned, or the exception
 * it threw. Python's {@code asyncio.gather(..., return_exceptions=True)} puts results and exceptions side by
 * side in one list; Java gives them a type each, so that nobody mistakes an exception for a result.
 *
 * <pre>{@code
 * for (Outcome<String> outcome : Gather.gatherAll(calls)) {
 *     switch (outcome) {
 *         case Outcome.Success<String>(String page) -> System.out.println(page.length() + " characters");
 *         case Outcome.Failure<String>(Throwable error) -> System.out.println("failed: " + error);
 *     }
 * }
 * }</pre>
 *
 * <p>The interface is sealed, so a {@code switch} over an outcome needs no {@code default}: there is nothing
 * else it can be. Records compare by value: two successes with equal values are equal, and two failures are
 * equal when they hold the same exception object.
 *
 * <p>Course-provided: it is part of the contract, not something to implement.
 *
 * @param <T> the type of a call's result
 */
public sealed interface Outcome<T> permits Outcome.Success, Outcome.Failure {

    /**
     * A call that returned.
     *
     * @param value what it returned; may be null, when the call returned null
     * @param <T>   the type of a call's result
     */
    record Success<T>(T value) implements Outcome<T> {
    }

    /**
     * A call that threw.
     *
     * @param error exactly what the call threw, not wrapped in another exception; never null
     * @param <T>   the type the call's result would have had
     */
    record Failure<T>(Throwable error) implements Outcome<T> {

        /**
         * @throws NullPointerException if {@code error} is null: a failure always has its exception
         */
        public Failure {
            Objects.requireNonNull(error, "error");
        }
    }
}
