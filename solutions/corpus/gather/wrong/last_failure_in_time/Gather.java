/*
 * WRONG: gather interrupts the others at the first failure, but each later failure replaces it: the last to fail is the cause
 * Breaks: "When a call throws, every call still running is interrupted, gather waits until they have all ended, then throws ExecutionException whose cause is that call's exception (the first to fail in time)"
 * Caught by: gather_reports_what_the_first_call_to_fail_in_time_threw
 */
package io.github.threadlab.gather;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

public final class Gather {

    private Gather() {
    }

    /** What call {@code index} came to: its value, or what it threw. */
    private record Done(int index, Object value, Throwable error) {
    }

    public static <T> List<T> gather(List<? extends Callable<? extends T>> calls)
            throws InterruptedException, ExecutionException {
        List<Callable<? extends T>> work = List.copyOf(calls);
        BlockingQueue<Done> done = new LinkedBlockingQueue<>();
        List<Thread> threads = startAll(work, done);
        Object[] results = new Object[work.size()];
        Throwable failure = null;
        try {
            for (int received = 0; received < work.size(); received++) {
                Done next = done.take();
                if (next.error() != null) {
                    if (failure == null) {
                        threads.forEach(Thread::interrupt);
                    }
                    failure = next.error(); // WRONG: each failure replaces the one before: the last to fail wins
                }
                results[next.index()] = next.value();
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            stop(threads);
            throw e;
        }
        if (failure != null) {
            throw new ExecutionException(failure);
        }
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) Arrays.asList(results);
        return list;
    }

    public static <T> List<Outcome<T>> gatherAll(List<? extends Callable<? extends T>> calls)
            throws InterruptedException {
        List<Callable<? extends T>> work = List.copyOf(calls);
        BlockingQueue<Done> done = new LinkedBlockingQueue<>();
        List<Thread> threads = startAll(work, done);
        List<Outcome<T>> outcomes = new ArrayList<>(work.size());
        for (int i = 0; i < work.size(); i++) {
            outcomes.add(null);
        }
        try {
            for (int received = 0; received < work.size(); received++) {
                Done next = done.take();
                @SuppressWarnings("unchecked")
                T value = (T) next.value();
                outcomes.set(next.index(), next.error() == null ? new Outcome.Success<>(value)
                        : new Outcome.Failure<>(next.error()));
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            stop(threads);
            throw e;
        }
        return outcomes;
    }

    private static List<Thread> startAll(List<? extends Callable<?>> work, BlockingQueue<Done> done) {
        List<Thread> threads = new ArrayList<>(work.size());
        for (int i = 0; i < work.size(); i++) {
            int index = i;
            Callable<?> call = work.get(i);
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    done.add(new Done(index, call.call(), null));
                } catch (Throwable t) {
                    done.add(new Done(index, null, t));
                }
            }));
        }
        return threads;
    }

    /** Interrupts every thread and waits until all have ended, even if interrupted meanwhile. */
    private static void stop(List<Thread> threads) {
        threads.forEach(Thread::interrupt);
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
