/*
 * CORRECT: every call's thread puts what it came to in one ConcurrentSkipListMap keyed by index, a sorted map that
 * is safe to share, whose values are then in input order
 */
package io.github.threadlab.gather;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

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
        return group.outcomes();
    }

    private static <T> List<Callable<? extends T>> checked(List<? extends Callable<? extends T>> calls) {
        Objects.requireNonNull(calls, "calls");
        for (int i = 0; i < calls.size(); i++) {
            Objects.requireNonNull(calls.get(i), "calls[" + i + "]");
        }
        return List.copyOf(calls);
    }

    /**
     * The calls of one gather or gatherAll, each on a virtual thread of its own: what each returned or threw, by
     * index, which call failed first in time, and the threads, so that the caller can stop them and wait until
     * they have ended.
     */
    private static final class CallGroup<T> {

        private final boolean stopOnFailure;
        /** What each call came to, by index: a sorted map, so that its values are in input order. */
        private final Map<Integer, Outcome<T>> outcomes;
        private final AtomicInteger firstFailed = new AtomicInteger(-1);
        private final AtomicInteger running;
        /** Counted down once every call has ended or, when the group stops on failure, once one has failed. */
        private final CountDownLatch settled = new CountDownLatch(1);
        private final List<Thread> threads;

        private CallGroup(int size, boolean stopOnFailure) {
            this.stopOnFailure = stopOnFailure;
            this.outcomes = new ConcurrentSkipListMap<>(); // sorted like a TreeMap, and safe to put in from every thread
            this.running = new AtomicInteger(size);
            this.threads = new ArrayList<>(size);
            if (size == 0) {
                settled.countDown();
            }
        }

        static <T> CallGroup<T> start(List<Callable<? extends T>> calls, boolean stopOnFailure) {
            CallGroup<T> group = new CallGroup<>(calls.size(), stopOnFailure);
            Thread.Builder builder = Thread.ofVirtual().name("gather-", 0);
            try {
                for (int i = 0; i < calls.size(); i++) {
                    int index = i;
                    Callable<? extends T> call = calls.get(i);
                    group.threads.add(builder.start(() -> group.run(index, call)));
                }
            } catch (RuntimeException | Error e) {
                group.interruptAll();
                group.joinUninterruptibly();
                throw e;
            }
            return group;
        }

        private void run(int index, Callable<? extends T> call) {
            try {
                outcomes.put(index, new Outcome.Success<>(call.call()));
            } catch (Throwable failure) {
                outcomes.put(index, new Outcome.Failure<>(failure));
                // The first failure in time wins the race to set firstFailed; later ones find it taken.
                if (firstFailed.compareAndSet(-1, index) && stopOnFailure) {
                    settled.countDown();
                }
            } finally {
                if (running.decrementAndGet() == 0) {
                    settled.countDown();
                }
            }
        }

        /**
         * Waits until the group has settled; when a call failed and the group stops on failure, interrupts every
         * call still running; then waits until every thread has ended.
         */
        void awaitEnd() throws InterruptedException {
            try {
                settled.await();
                if (stopOnFailure && firstFailed.get() >= 0) {
                    interruptAll();
                }
                for (Thread thread : threads) {
                    thread.join();
                }
            } catch (InterruptedException e) {
                interruptAll();
                joinUninterruptibly();
                throw e;
            }
        }

        int firstFailed() {
            return firstFailed.get();
        }

        /** What the calls came to, in input order; call it once every call has ended. */
        List<Outcome<T>> outcomes() {
            return List.copyOf(outcomes.values());
        }

        T value(int index) {
            return outcomes.get(index) instanceof Outcome.Success<T>(T value) ? value : null;
        }

        Throwable error(int index) {
            return outcomes.get(index) instanceof Outcome.Failure<T>(Throwable error) ? error : null;
        }

        private void interruptAll() {
            threads.forEach(Thread::interrupt);
        }

        private void joinUninterruptibly() {
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
}
