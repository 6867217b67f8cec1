package io.github.threadlab.harness.http;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds the requests whose {@link Reply} is {@linkplain Reply#heldAt(RequestGate) held at it} until the test
 * {@linkplain #open() opens} it: the request has arrived and counts as in flight, but its reply is not written.
 * It lets a test keep requests in flight for as long as it likes, look at the client, then let them go.
 *
 * <p>A gate never holds forever: a request still held after the safety limit (30 s by default) goes through, and
 * closing the server releases every request it holds, so a broken test cannot hang the run.
 */
public final class RequestGate {

    private static final Duration SAFETY_LIMIT = Duration.ofSeconds(30);

    private final CountDownLatch opened = new CountDownLatch(1);
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger arrived = new AtomicInteger();
    private final Duration safetyLimit;

    private RequestGate(Duration safetyLimit) {
        this.safetyLimit = safetyLimit;
    }

    /** A closed gate. */
    public static RequestGate closed() {
        return new RequestGate(SAFETY_LIMIT);
    }

    /** A closed gate with another safety limit: a request held that long goes through anyway. */
    public static RequestGate closedAtMost(Duration safetyLimit) {
        if (safetyLimit.isNegative()) {
            throw new IllegalArgumentException("a negative safety limit: " + safetyLimit);
        }
        return new RequestGate(safetyLimit);
    }

    /** Lets every request held now, and every later one, through. */
    public void open() {
        opened.countDown();
    }

    /** Whether the gate is open. */
    public boolean isOpen() {
        return opened.getCount() == 0;
    }

    /** How many requests are held at the gate now. */
    public int waiting() {
        return waiting.get();
    }

    /** How many requests have reached the gate so far, held or not. */
    public int arrived() {
        return arrived.get();
    }

    /** Blocks the server's connection thread until the gate opens, the safety limit passes, or an interrupt. */
    void pass() throws InterruptedException {
        arrived.incrementAndGet();
        waiting.incrementAndGet();
        try {
            opened.await(safetyLimit.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            waiting.decrementAndGet();
        }
    }

    @Override
    public String toString() {
        return (isOpen() ? "an open gate" : "a closed gate") + " (" + waiting() + " waiting)";
    }
}
