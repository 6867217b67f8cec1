package io.github.threadlab.harness.race;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The race watch's state for one graded test: the races seen, and how much lingering is left.
 *
 * <p>Lingering is what makes a race show up every run, and what a correct solution pays for being watched: a
 * write that holds a lock while it lingers holds everyone else up. So it is bounded: each place in the code that
 * creates collections may linger {@link #LINGERS_PER_SITE} times per test, for at most {@link #LINGER} each; a racy
 * collection is caught on the first overlaps, which is where the budget goes. Each place that reads, checks or
 * hands over shared state lingers on its first {@link #LINGERS_PER_SITE} accesses, then on the 8th, the 16th, the
 * 32nd and so on: on a busy machine the first accesses are often a lone thread's, its siblings still starting, and
 * a check-then-act in a loop may only meet a second thread later in the run. Graded tests run one at a time, so
 * one current session is enough.
 */
final class Session {

    /** How long a write lingers inside a collection, or a shared read or hand-off before the code goes on. */
    static final Duration LINGER = Duration.ofMillis(Long.getLong("threadlab.raceWatch.lingerMillis", 20));
    /** How many times each place in the code may linger per test. */
    static final int LINGERS_PER_SITE = Integer.getInteger("threadlab.raceWatch.lingersPerSite", 4);

    /** Whether a virtual thread that holds a monitor pins its carrier (before JDK 24, JEP 491). */
    private static final boolean PINNING = Runtime.version().feature() < 24;
    /** The most a {@link RaceWatch#holdLingering() hold} keeps a thread beyond its moment. */
    static final int HOLD_SECONDS = 5;

    private static volatile Session current;
    /** Whether a test holds the lingering threads (see {@link RaceWatch#holdLingering()}). */
    private static volatile boolean held;
    /** The threads a hold keeps, to wake when it ends. */
    private static final Set<Thread> holding = ConcurrentHashMap.newKeySet();

    /** The threads that call the code under test: the test's own, and those a test starts to make a call. */
    private final Set<Thread> callers = ConcurrentHashMap.newKeySet();

    private final Queue<Race> races = new ConcurrentLinkedQueue<>();
    /** Per place that creates watched collections ({@link Watch#createdAt()}). */
    private final Budget<String> collectionLingersLeft = new Budget<>(false);
    /** Per place that reads, checks or hands over shared state (the site numbers of {@link SharedAccess}). */
    private final Budget<Integer> accessLingersLeft = new Budget<>(true);
    private final Map<Integer, AccessSite> accessSites = new ConcurrentHashMap<>();

    static void begin() {
        current = new Session();
    }

    /** The code under test is called from {@code thread}: its accesses linger only once another thread's do there. */
    static void calledFrom(Thread thread) {
        Session session = current;
        if (session != null) {
            session.callers.add(thread);
        }
    }

    /** The races seen since {@link #begin()}, and no session until the next one. */
    static List<Race> end() {
        Session session = current;
        current = null;
        held = false;
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
        if (session != null && session.collectionLingersLeft.mayLinger(watch.createdAt())) {
            linger(watch::raced, false);
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
        AccessSite access = session.accessSites.computeIfAbsent(site, s -> new AccessSite(me));
        boolean mayRace = !session.callers.contains(me) || access.shared(me);
        if (mayRace && session.accessLingersLeft.mayLinger(site)) {
            access.lingerBehindEarlierOnes(me);
        }
    }

    static void hold(boolean on) {
        held = on;
        if (!on) {
            holding.forEach(LockSupport::unpark);
        }
    }

    /**
     * Parks the calling thread for up to {@link #LINGER}, until {@code done} or an interrupt; and on while a test
     * holds the lingering threads, if {@code holdable}. A write inside a collection is never held (it may hold the
     * collection's lock, and a race there shows without a hold), nor a virtual thread before JDK 24, where a
     * virtual thread that holds a monitor keeps its carrier: held, it could stall the very threads the test waits
     * for.
     */
    private static void linger(BooleanSupplier done, boolean holdable) {
        long start = System.nanoTime();
        long deadline = start + LINGER.toNanos();
        long left;
        while (!done.getAsBoolean() && !Thread.currentThread().isInterrupted()
                && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
        if (!held || !holdable || PINNING && Thread.currentThread().isVirtual()) {
            return;
        }
        // One long park (a test sees the thread held up all along), which the end of the hold cuts short.
        Thread me = Thread.currentThread();
        holding.add(me);
        try {
            long holdEnd = start + TimeUnit.SECONDS.toNanos(HOLD_SECONDS);
            while (held && !done.getAsBoolean() && !me.isInterrupted() && (left = holdEnd - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
            }
        } finally {
            holding.remove(me);
        }
    }

    /**
     * Which visits to each place in the code linger in this test: the first {@link #LINGERS_PER_SITE}, and, when
     * {@code thenSparsely}, every visit whose number is a power of two after them (a few more lingers for a long
     * run: about the logarithm of its visits).
     */
    private static final class Budget<K> {
        private final Map<K, AtomicInteger> visits = new ConcurrentHashMap<>();
        private final boolean thenSparsely;

        Budget(boolean thenSparsely) {
            this.thenSparsely = thenSparsely;
        }

        boolean mayLinger(K site) {
            int visit = visits.computeIfAbsent(site, s -> new AtomicInteger()).incrementAndGet();
            return visit <= LINGERS_PER_SITE || thenSparsely && Integer.bitCount(visit) == 1;
        }
    }

    /**
     * Which thread accessed a site first, whether another has since, and which threads linger there now.
     *
     * <p>Threads leave a site in the order they came: one that comes while others still linger there read the same
     * old value as they did, and the race shows when its write lands last (a check-then-act keeps the later task's
     * index, a {@code ++} loses the earlier thread's update). So it stays until those ahead of it have left, and a
     * moment more for their writes, whatever the jitter of waking threads on a busy machine.
     */
    private static final class AccessSite {
        private final Thread first;
        private volatile boolean shared;
        private final Set<Thread> lingering = ConcurrentHashMap.newKeySet();

        AccessSite(Thread first) {
            this.first = first;
        }

        void lingerBehindEarlierOnes(Thread me) {
            List<Thread> ahead = List.copyOf(lingering);
            lingering.add(me);
            try {
                linger(() -> false, true);
                if (!ahead.isEmpty()) {
                    // Long parks, cut short by each leaving thread, so that a test sees this one held up all along.
                    long deadline = System.nanoTime() + LINGER.toNanos();
                    long left;
                    while (ahead.stream().anyMatch(lingering::contains) && !me.isInterrupted()
                            && (left = deadline - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(left);
                    }
                    // A moment more for their writes to land first; a loop, since a wake-up meant for the wait
                    // above may cut one park short.
                    long after = System.nanoTime() + LINGER.toNanos() / 2;
                    while (!me.isInterrupted() && (left = after - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(left);
                    }
                }
            } finally {
                lingering.remove(me);
                lingering.forEach(LockSupport::unpark);
            }
        }

        boolean shared(Thread accessor) {
            if (!shared && accessor != first) {
                shared = true;
            }
            return shared;
        }
    }
}
