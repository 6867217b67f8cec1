package io.github.threadlab.harness.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the server waits before writing part of a {@link Reply}: until a {@link RequestGate} opens (if there
 * is one), then for a delay (if there is one). A reply has one hold before its head and one before its body.
 *
 * @param gate  the gate to pass first, or null for none
 * @param delay how long to wait after the gate, zero for no wait
 */
record Hold(RequestGate gate, Duration delay) {

    /** No wait at all. */
    static final Hold NONE = new Hold(null, Duration.ZERO);

    Hold {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a negative delay: " + delay);
        }
    }

    /** The same hold with {@code delay} after the gate. */
    Hold after(Duration delay) {
        return new Hold(gate, Objects.requireNonNull(delay, "delay"));
    }

    /** The same hold, at {@code gate} before the delay. */
    Hold at(RequestGate gate) {
        return new Hold(Objects.requireNonNull(gate, "gate"), delay);
    }

    /** Whether the server waits at all. */
    boolean waits() {
        return gate != null || !delay.isZero();
    }

    /**
     * Blocks the connection's thread for the hold; an interrupt (the server closing) ends it early with
     * {@link InterruptedException}.
     */
    void await() throws InterruptedException {
        if (gate != null) {
            gate.pass();
        }
        if (!delay.isZero()) {
            Thread.sleep(delay);
        }
    }

    /**
     * How the hold reads in {@link Reply#toString()}: {@code " after 100 ms, held at a gate"} for the head
     * ({@code part} empty), {@code ", body after 100 ms, body held at a gate"} for the body ({@code part} "body");
     * empty for no hold.
     */
    String describe(String part) {
        String named = part.isEmpty() ? "" : part + " ";
        String text = delay.isZero() ? "" : (part.isEmpty() ? " " : ", " + named) + "after " + delay.toMillis() + " ms";
        return text + (gate == null ? "" : ", " + named + "held at a gate");
    }
}
