package io.github.threadlab.gather;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

final class CallGroup<T> {

    private final boolean stopOnFailure;
    private final AtomicReferenceArray<T> values;
    private final AtomicReferenceArray<Throwable> errors;
    private final AtomicInteger firstFailed = new AtomicInteger(-1);
    private final AtomicInteger running;
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
        return values.get(index);
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
