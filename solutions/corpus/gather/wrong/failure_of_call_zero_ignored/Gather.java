/*
 * WRONG: gather checks the failed call's index with "> 0" where -1 means "no failure": a failure of call 0 is ignored and gather returns the results
 * Breaks: "When a call throws, every call still running is interrupted, gather waits until they have all ended, then throws ExecutionException whose cause is that call's exception"
 * Caught by: gather_interrupts_every_call_still_running_when_one_fails
 */
package io.github.threadlab.gather;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

public final class Gather {

    private Gather() {
    }

    public static <T> List<T> gather(List<? extends Callable<? extends T>> calls)
            throws InterruptedException, ExecutionException {
        List<Callable<? extends T>> work = checked(calls);
        CallGroup<T> group = CallGroup.start(work, true);
        group.awaitEnd();
        int failed = group.firstFailed();
        if (failed > 0) { // WRONG: call 0 is a call too: "> 0" takes a failure of the first call for "no failure"
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

    private static <T> List<Callable<? extends T>> checked(List<? extends Callable<? extends T>> calls) {
        Objects.requireNonNull(calls, "calls");
        for (int i = 0; i < calls.size(); i++) {
            Objects.requireNonNull(calls.get(i), "calls[" + i + "]");
        }
        return List.copyOf(calls);
    }
}
