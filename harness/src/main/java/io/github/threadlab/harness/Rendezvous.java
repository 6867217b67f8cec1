package io.github.threadlab.harness;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A meeting point that proves how many tasks ran at once, without timing them: each task
 * {@link #arrive() arrives} and waits for all {@code parties} to be there. If they all meet, all of them
 * were running at the same moment. If they do not, the first to give up (after a generous patience) marks
 * the rendezvous as missed and nobody after it waits, so a sequential solution costs one patience, not one
 * per task.
 *
 * <pre>{@code
 * Rendezvous all = Rendezvous.of(10);
 * SleepTasks.runOnVirtualThreads(probe.tasks(10, i -> all::arrive));
 * Expect.that(all.met(), "only " + all.mostPresent() + " of 10 tasks were running at once ...");
 * }</pre>
 */
public final class Rendezvous {

    private static final Duration PATIENCE = Duration.ofSeconds(3);

    private final int parties;
    private final Duration patience;
    private final CountDownLatch everyone;
    private final AtomicInteger present = new AtomicInteger();
    private final AtomicInteger mostPresent = new AtomicInteger();
    private volatile boolean missed;

    private Rendezvous(int parties, Duration patience) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties " + parties);
        }
        this.parties = parties;
        this.patience = patience;
        this.everyone = new CountDownLatch(parties);
    }

    /** A rendezvous of {@code parties} tasks, each waiting at most 3 s (scaled) for the others. */
    public static Rendezvous of(int parties) {
        return new Rendezvous(parties, PATIENCE);
    }

    /** The same rendezvous with another patience (before scaling by the time factor). */
    public Rendezvous withPatience(Duration generous) {
        return new Rendezvous(parties, generous);
    }

    /** Arrives and waits (at most the patience, scaled) for the others; never throws but for an interrupt. */
    public void arrive() {
        mostPresent.accumulateAndGet(present.incrementAndGet(), Math::max);
        everyone.countDown();
        try {
            if (!missed && !everyone.await(TimeLimits.scaled(patience).toMillis(), TimeUnit.MILLISECONDS)) {
                missed = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Work.Interrupted("interrupted at a rendezvous");
        } finally {
            present.decrementAndGet();
        }
    }

    /** Whether all parties were there at once. */
    public boolean met() {
        return everyone.getCount() == 0 && !missed;
    }

    /** The most tasks that were present at the same moment. */
    public int mostPresent() {
        return mostPresent.get();
    }

    /** How many parties were expected. */
    public int parties() {
        return parties;
    }

    /** Work that arrives here. */
    public Runnable asWork() {
        return this::arrive;
    }
}
