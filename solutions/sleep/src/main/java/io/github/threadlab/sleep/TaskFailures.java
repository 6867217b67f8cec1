package io.github.threadlab.sleep;

import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What each task of one call threw, by list index, and the exception the call throws for them: a
 * {@link CompletionException} caused by the failure of the earliest failing task in list order, with the other
 * failures suppressed. Thread-safe: tasks record from whichever thread runs them.
 */
final class TaskFailures {

    private final AtomicReferenceArray<Throwable> byIndex;

    TaskFailures(int tasks) {
        this.byIndex = new AtomicReferenceArray<>(tasks);
    }

    /** Task {@code index} wrapped so that what it throws is recorded here instead of ending its thread. */
    Runnable recording(int index, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable failure) {
                byIndex.set(index, failure);
            }
        };
    }

    /** Throws the failures recorded so far, if any; call it once every task has finished. */
    void throwIfAny() {
        CompletionException thrown = null;
        for (int i = 0; i < byIndex.length(); i++) {
            Throwable failure = byIndex.get(i);
            if (failure == null) {
                continue;
            }
            if (thrown == null) {
                thrown = new CompletionException("task " + i + " of " + byIndex.length() + " failed", failure);
            } else {
                thrown.addSuppressed(failure);
            }
        }
        if (thrown != null) {
            throw thrown;
        }
    }
}
