package io.github.threadlab.harness.race;

/**
 * What the rewritten course code calls right after it reads or writes shared state (see {@link WatchingRewrite}):
 * a chance to linger, so that a read-modify-write, a check-then-act or a hand-off through a field by two threads
 * interleaves nearly every run instead of once in many thousand.
 */
public final class SharedAccess {

    private SharedAccess() {
    }

    /** {@code site} numbers the place in the code; the value read stays on the caller's operand stack. */
    public static void afterRead(int site) {
        Session.lingerAfterAccess(site);
    }

    /**
     * {@code site} numbers a write of a field that another method of the class reads: a value handed over to code
     * that runs later, maybe on another thread, which a second writer can overwrite in between.
     */
    public static void afterWrite(int site) {
        Session.lingerAfterAccess(site);
    }
}
