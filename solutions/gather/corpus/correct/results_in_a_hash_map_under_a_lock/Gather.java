/*
 * CORRECT: the results in a plain HashMap keyed by index, every put and get inside a ReentrantLock; the first
 * failure and the count of calls still running in atomics
 */
package io.github.threadlab.gather;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

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
        /** What each call returned, by index; guarded by valuesLock. */
        private final Map<Integer, T> values;
        private final Lock valuesLock = new ReentrantLock();
        private final AtomicReferenceArray<Throwable> errors;
        private final AtomicInteger firstFailed = new AtomicInteger(-1);
        private final AtomicInteger running;
        /** Counted down once every call has ended or, when the group stops on failure, once one has failed. */
        private final CountDownLatch settled = new CountDownLatch(1);
        private final List<Thread> threads;

        private CallGroup(int size, boolean stopOnFailure) {
            this.stopOnFailure = stopOnFailure;
            this.values = new HashMap<>();
            this.errors = new AtomicReferenceArray<>(size);
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
                T value = call.call();
                valuesLock.lock();
                try {
                    values.put(index, value);
                } finally {
                    valuesLock.unlock();
                }
            } catch (Throwable failure) {
                errors.set(index, failure);
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

        T value(int index) {
            valuesLock.lock();
            try {
                return values.get(index);
            } finally {
                valuesLock.unlock();
            }
        }

        Throwable error(int index) {
            return errors.get(index);
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
