package io.github.threadlab.gather;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The calls of one {@code gather} or {@code gatherAll}, each on a virtual thread of its own: what each returned
 * or threw, by index, which call failed first in time, and the threads, so that the caller can stop them and
 * wait until they have ended. No thread of a group outlives {@link #awaitEnd()}.
 *
 * @param <T> the type of the results
 */
final class CallGroup<T> {

    private final boolean stopOnFailure;
    private final AtomicReferenceArray<T> values;
    private final AtomicReferenceArray<Throwable> errors;
    private final AtomicInteger firstFailed = new AtomicInteger(-1);
    private final AtomicInteger running;
    /** Counted down once every call has ended or, when the group stops on failure, once one has failed. */
    private final CountDownLatch settled = new CountDownLatch(1);
    private final List<Thread> threads;

    private CallGroup(int size, boolean stopOnFailure) {
        this.stopOnFailure = stopOnFailure;
        this.values = new AtomicReferenceArray<>(size);
        this.errors = new AtomicReferenceArray<>(size);
        this.running = new AtomicInteger(size);
        this.threads = new ArrayList<>(size);
        if (size == 0) {
            settled.countDown();
        }
    }

    /**
     * Starts every call on a virtual thread of its own, all of them before anyone waits.
     *
     * @param stopOnFailure whether the first failure settles the group (gather) or every call is waited for
     *                      (gatherAll)
     */
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
            // e.g. OutOfMemoryError halfway through: stop what did start before giving up
            group.interruptAll();
            group.joinUninterruptibly();
            throw e;
        }
        return group;
    }

    private void run(int index, Callable<? extends T> call) {
        try {
            values.set(index, call.call());
        } catch (Throwable failure) {
            errors.set(index, failure);
            // The first failure in time wins the race to set firstFailed; later ones (among them the calls that
            // fail because they were interrupted) find it taken.
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
     * Waits until the group has settled; when a call failed and the group stops on failure, interrupts every call
     * still running; then waits until every thread has ended.
     *
     * @throws InterruptedException if the calling thread was interrupted while waiting: every call still running
     *                              has been interrupted and every thread has ended by then
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

    /** The index of the first call to fail in time, or -1 when none has failed. */
    int firstFailed() {
        return firstFailed.get();
    }

    /** What call {@code index} returned (null if it returned null or has not returned). */
    T value(int index) {
        return values.get(index);
    }

    /** What call {@code index} threw, or null. */
    Throwable error(int index) {
        return errors.get(index);
    }

    private void interruptAll() {
        threads.forEach(Thread::interrupt);
    }

    /**
     * Waits until every thread has ended, even if the calling thread is interrupted meanwhile; the interrupt is
     * not lost but set again afterwards.
     */
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
