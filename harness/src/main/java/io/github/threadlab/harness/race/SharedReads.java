package io.github.threadlab.harness.race;

/**
 * What the rewritten course code calls right after it reads a field or an array element (see
 * {@link WatchingRewrite}): a chance to linger, so that a read-modify-write or a check-then-act by two threads
 * interleaves nearly every run instead of once in many thousand.
 */
public final class SharedReads {

    private SharedReads() {
    }

    /** {@code site} numbers the place in the code; the value read stays on the caller's operand stack. */
    public static void afterRead(int site) {
        Session.lingerAfterRead(site);
    }
}
