package io.github.threadlab.gather;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * Exercise 3, {@code gather}: Python's {@code asyncio.gather} in Java. Run every call at once, collect the
 * results in the order the calls were given, and when one fails, cancel the rest.
 *
 * <p>The Python article this exercise follows ran 1000 tasks that each sleep 3 s. On the event loop, with
 * {@code asyncio.gather}, all of them took 3.08 s: they all waited at the same time. On a
 * {@code ThreadPoolExecutor} of the default size, {@code min(32, cpu_count + 4)} = 20 workers on that 16-core
 * machine, they took 150 s: 20 at a time, 50 rounds of 3 s. The pool, not the work, set the pace. On a 2-core
 * machine the default pool has 6 workers, and the same 1000 tasks would take 167 rounds, about 500 s.
 *
 * <p>Virtual threads make the event loop's trick available to plain blocking Java code: a virtual thread that
 * waits costs almost nothing, so every call can have one of its own, and nothing sets the pace but the calls.
 * That is {@link #gather}: start every call, each on its own virtual thread, wait, return the results in input
 * order, whatever order they finished in.
 *
 * <p>The hard part is failure. If one call of a thousand fails, the result is lost anyway, and the other 999
 * should not run on with nobody waiting for them. {@code gather} interrupts every call still running, waits until
 * they have all ended, and only then throws, with the first failure as the cause. No thread outlives the call
 * that started it: this is <em>structured concurrency</em>, which the JDK's {@code StructuredTaskScope} (still a
 * preview API) packages, built here from what is stable.
 *
 * <p>Sometimes every answer matters, failures included: {@link #gatherAll} is {@code asyncio.gather(...,
 * return_exceptions=True)}. It waits for every call and returns an {@link Outcome} for each, success or failure;
 * a failure cancels nothing.
 *
 * <p>The story, the contract in plain words and hints: {@code docs/gather.md}.
 *
 * <pre>
 * HOW TO RUN
 *
 *   ./mvnw test -Dtest='io.github.threadlab.gather.*Test'
 *
 * To debug, run the test class with your IDE's Debug, or add -Dmaven.surefire.debug to the command and attach a
 * debugger to port 5005: under a debugger every time limit is 60 times as long, so a breakpoint fails no test.
 *
 * The scoreboard printed at the end shows what passes. A failing test says what it saw, what the contract
 * requires and why; the tests hold your calls at gates they open themselves and watch which thread ran each
 * call, how many ran at once and which were interrupted; they do not time your machine.
 * </pre>
 *
 * <p>The contract of each public member is the stub's javadoc, which this class does not repeat.
 */
public final class Gather {

    private Gather() {
    }

    public static <T> List<T> gather(List<? extends Callable<? extends T>> calls)
            throws InterruptedException, ExecutionException {
        List<Callable<? extends T>> work = checked(calls);
        CallGroup<T> group = CallGroup.start(work, true);
        group.awaitEnd();
        int failed = group.firstFailed();
        if (failed >= 0) {
            throw new ExecutionException("call " + failed + " of " + work.size() + " failed", group.error(failed));
        }
        List<T> results = new ArrayList<>(work.size());
        for (int i = 0; i < work.size(); i++) {
            results.add(group.value(i));
        }
        return Collections.unmodifiableList(results); // List.copyOf would reject a null result
    }

    public static <T> List<Outcome<T>> gatherAll(List<? extends Callable<? extends T>> calls)
            throws InterruptedException {
        List<Callable<? extends T>> work = checked(calls);
        CallGroup<T> group = CallGroup.start(work, false);
        group.awaitEnd();
        List<Outcome<T>> outcomes = new ArrayList<>(work.size());
        for (int i = 0; i < work.size(); i++) {
            Throwable error = group.error(i);
            outcomes.add(error == null ? new Outcome.Success<>(group.value(i)) : new Outcome.Failure<>(error));
        }
        return List.copyOf(outcomes);
    }

    /** The calls as an immutable list, after checking that neither the list nor an element is null. */
    private static <T> List<Callable<? extends T>> checked(List<? extends Callable<? extends T>> calls) {
        Objects.requireNonNull(calls, "calls");
        for (int i = 0; i < calls.size(); i++) {
            Objects.requireNonNull(calls.get(i), "calls[" + i + "]");
        }
        return List.copyOf(calls);
    }
}
