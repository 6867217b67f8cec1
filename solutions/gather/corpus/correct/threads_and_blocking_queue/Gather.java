/*
 * CORRECT: raw Thread.ofVirtual() threads that each put what their call came to on a LinkedBlockingQueue; the
 * caller takes one message per call, in the order they finish, and stops everything at the first failure
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
        try {
            for (int received = 0; received < work.size(); received++) {
                Done next = done.take();
                if (next.error() != null) {
                    stop(threads);
                    throw new ExecutionException(next.error());
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
