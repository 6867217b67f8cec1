package io.github.threadlab.harness;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gate the test opens: work that {@link #pass() passes} it blocks until the test calls {@link #open()}.
 * It lets a test hold tasks running for as long as it likes, look at them, then let them go, without
 * guessing how long anything takes.
 *
 * <p>A gate never blocks forever: a task still waiting after a generous safety limit (30 s, scaled) goes
 * through, so a broken test cannot hang the run. An interrupted waiter ends with {@link Work.Interrupted}.
 */
public final class Gate {

    private static final Duration SAFETY_LIMIT = Duration.ofSeconds(30);

    private final CountDownLatch opened = new CountDownLatch(1);
    private final AtomicInteger waiting = new AtomicInteger();

    private Gate() {
    }

    /** A closed gate. */
    public static Gate closed() {
        return new Gate();
    }

    /** Lets every present and future waiter through. */
    public void open() {
        opened.countDown();
    }

    /** Whether the gate is open. */
    public boolean isOpen() {
        return opened.getCount() == 0;
    }

    /** How many are waiting at the gate now. */
    public int waiting() {
        return waiting.get();
    }

    /** Blocks until the gate is open. */
    public void pass() {
        waiting.incrementAndGet();
        try {
            opened.await(TimeLimits.scaled(SAFETY_LIMIT).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Work.Interrupted("interrupted while waiting at a gate");
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Work that passes this gate. */
    public Runnable asWork() {
        return this::pass;
    }
}
