package io.github.threadlab.harness.race;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The race watch's state for one graded test: the races seen, and how much lingering is left.
 *
 * <p>Lingering is what makes a race show up every run, and what a correct solution pays for being watched: a
 * write that holds a lock while it lingers holds everyone else up. So it is bounded: each place in the code that
 * creates collections, and each place that reads or hands over shared fields, may linger {@link #LINGERS_PER_SITE} times per
 * test, for at most {@link #LINGER} each. A racy solution is caught on the first overlaps, which is where the
 * budget goes. Graded tests run one at a time, so one current session is enough.
 */
final class Session {

    /** How long a write lingers inside a collection, or a shared read or hand-off before the code goes on. */
    static final Duration LINGER = Duration.ofMillis(Long.getLong("threadlab.raceWatch.lingerMillis", 20));
    /** How many times each place in the code may linger per test. */
    static final int LINGERS_PER_SITE = Integer.getInteger("threadlab.raceWatch.lingersPerSite", 4);

    private static volatile Session current;

    /** The thread that calls the code under test; null until {@link #calledFrom} says. */
    private volatile Thread caller;

    private final Queue<Race> races = new ConcurrentLinkedQueue<>();
    private final Map<Object, AtomicInteger> lingersLeft = new ConcurrentHashMap<>();
    private final Map<Integer, ReadSite> readSites = new ConcurrentHashMap<>();

    static void begin() {
        current = new Session();
    }

    /** The code under test is called from {@code thread}: its reads linger only once another thread reads there. */
    static void calledFrom(Thread thread) {
        Session session = current;
        if (session != null) {
            session.caller = thread;
        }
    }

    /** The races seen since {@link #begin()}, and no session until the next one. */
    static List<Race> end() {
        Session session = current;
        current = null;
        return session == null ? List.of() : List.copyOf(session.races);
    }

    static void raced(Race race, Thread inside) {
        Session session = current;
        if (session != null) {
            session.races.add(race);
        }
        LockSupport.unpark(inside);
    }

    /** A write that follows another thread's lingers until another thread comes in too, or the time is up. */
    static void lingerInside(Watch watch) {
        Session session = current;
        if (session == null || !session.mayLinger(watch.createdAt())) {
            return;
        }
        long deadline = System.nanoTime() + LINGER.toNanos();
        long left;
        while (!watch.raced() && !Thread.currentThread().isInterrupted()
                && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(watch, left);
        }
    }

    /**
     * A read or write at {@code site} lingers on a thread the code under test started (it may be racing with its
     * siblings from the first access on), or once two threads have been there; the caller's own accesses in code
     * that runs on one thread only never linger.
     */
    static void lingerAfterAccess(int site) {
        Session session = current;
        if (session == null) {
            return;
        }
        Thread me = Thread.currentThread();
        ReadSite read = session.readSites.computeIfAbsent(site, s -> new ReadSite(me));
        boolean mayRace = me != session.caller || read.shared(me);
        if (mayRace && session.mayLinger(site)) {
            long deadline = System.nanoTime() + LINGER.toNanos();
            long left;
            while (!Thread.currentThread().isInterrupted() && (left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
            }
        }
    }

    private boolean mayLinger(Object site) {
        return lingersLeft.computeIfAbsent(site, s -> new AtomicInteger(LINGERS_PER_SITE)).getAndDecrement() > 0;
    }

    /** Which thread read at a site first, and whether another has since. */
    private static final class ReadSite {
        private final Thread first;
        private volatile boolean shared;

        ReadSite(Thread first) {
            this.first = first;
        }

        boolean shared(Thread reader) {
            if (!shared && reader != first) {
                shared = true;
            }
            return shared;
        }
    }
}
