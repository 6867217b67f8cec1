package io.github.threadlab.startup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ThreadFactory} that the tests hand to {@link StartupBenchmark#timeToRun}: it counts the calls, remembers
 * every thread it made in the order it made them, and can take a set time to make its first thread, like a factory
 * that does real work (naming, registering, allocating a stack).
 *
 * <p>Thread-safe: a solution may call it from any thread.
 */
final class CountingFactory implements ThreadFactory {

    private final ThreadFactory delegate;
    private final Duration firstThreadTakes;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Thread> made = new ArrayList<>();

    private CountingFactory(ThreadFactory delegate, Duration firstThreadTakes) {
        this.delegate = delegate;
        this.firstThreadTakes = firstThreadTakes;
    }

    /** Makes platform threads at once. */
    static CountingFactory platform() {
        return new CountingFactory(Thread.ofPlatform().name("startup-test-platform-", 0).factory(), Duration.ZERO);
    }

    /** Makes virtual threads at once. */
    static CountingFactory virtual() {
        return new CountingFactory(Thread.ofVirtual().name("startup-test-virtual-", 0).factory(), Duration.ZERO);
    }

    /** Makes platform threads, and takes {@code duration} to make the first one. */
    static CountingFactory platformWhoseFirstThreadTakes(Duration duration) {
        return new CountingFactory(Thread.ofPlatform().name("startup-test-slow-", 0).factory(), duration);
    }

    @Override
    public Thread newThread(Runnable task) {
        int call = calls.getAndIncrement();
        if (call == 0 && firstThreadTakes.isPositive()) {
            try {
                Thread.sleep(firstThreadTakes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Thread thread = delegate.newThread(task);
        synchronized (made) {
            made.add(thread);
        }
        return thread;
    }

    /** How many times {@link #newThread} was called. */
    int calls() {
        return calls.get();
    }

    /** Every thread made so far, in the order they were made. */
    List<Thread> made() {
        synchronized (made) {
            return List.copyOf(made);
        }
    }

    /** Where {@code thread} stands in {@link #made()}, or -1 if this factory did not make it. */
    int indexOf(Thread thread) {
        synchronized (made) {
            return made.indexOf(thread);
        }
    }
}
