package io.github.threadlab.harness.race;

import io.github.threadlab.harness.Timeline;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * One watched collection's state: which thread is inside a writing method right now, and which wrote last.
 *
 * <p>Guaranteed: a second thread entering while one is inside a write (or reading while one writes) is recorded
 * as a {@link Race} of the running test, never thrown at the code under test. The second thread then waits, up to
 * {@link #TURN}, for the first to leave, and goes on: the test fails for the race whatever happens next, and the
 * collection stays whole. Without that wait, two threads inside a {@code TreeMap} or {@code HashMap} at once can
 * leave it with a cycle that the next call follows for ever: the thread spins on its core, and a virtual thread
 * spinning there keeps its carrier, so every later test of the run starves. A thread re-entering its own
 * collection (e.g. {@code addAll} calling {@code add}) is no race. Not guaranteed: that every overlap is seen;
 * only overlaps inside the collection's own methods are, which is why a write that follows another thread's
 * lingers (see {@link Session#lingerInside}).
 */
public final class Watch {

    /**
     * The methods that change a JDK collection's structure; the others only read it, or, like a list's
     * {@code set}, a map's {@code replace} and a {@code put} of a key it already has, change one element's value,
     * which the JDK's javadoc allows from several threads at once (e.g. each thread setting its own index of a
     * list filled beforehand), as long as nobody changes the structure meanwhile.
     */
    private static final Set<String> WRITES = Set.of("add", "addAll", "addFirst", "addLast", "remove",
            "removeAll", "removeIf", "removeFirst", "removeLast", "retainAll", "clear", "replaceAll", "sort", "put",
            "putAll", "putIfAbsent", "putFirst", "putLast", "compute", "computeIfAbsent", "computeIfPresent", "merge",
            "offer", "offerFirst", "offerLast", "poll", "pollFirst", "pollLast", "pollFirstEntry",
            "pollLastEntry", "push", "pop", "trimToSize", "ensureCapacity");

    /**
     * The most a racing thread waits for the one inside to leave: far longer than a write and its linger take,
     * short enough that a writer that waits for the racing thread itself (a {@code computeIfAbsent} whose function
     * waits for it) only costs that long.
     */
    static final Duration TURN = Duration.ofSeconds(1);
    /** How often a racing thread looks again: the thread inside is not woken for it. */
    private static final long TURN_POLL_NANOS = 100_000;

    private static final VarHandle WRITER;
    /** Set once: two intruders at the same moment must not both report the collection's race. */
    private static final VarHandle RACED;

    static {
        try {
            WRITER = MethodHandles.lookup().findVarHandle(Watch.class, "writer", Thread.class);
            RACED = MethodHandles.lookup().findVarHandle(Watch.class, "raced", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object owner;
    private final String collection;
    private final String createdAt;
    private volatile Thread writer;
    private volatile Thread lastWriter;
    private volatile boolean raced;
    // Only the thread that holds 'writer' reads or writes these.
    private String writerMethod;
    private int depth;
    private long enteredNanos;

    private Watch(Object owner) {
        this.owner = owner;
        this.collection = owner.getClass().getSuperclass().getName();
        this.createdAt = CodeSite.ofCaller();
        this.lastWriter = Thread.currentThread();
    }

    /** Called by a watched collection's constructor, once its own constructor has run. */
    public static Watch create(Object collection) {
        return new Watch(collection);
    }

    /**
     * Called as a watched collection's {@code method} begins; true if {@link #exit(Watch, boolean)} has work to do
     * when it ends. {@code watch} is null while a JDK constructor calls an overridable method (e.g.
     * {@code TreeSet(Collection)} calls {@code addAll}) before the watched constructor has created it.
     */
    public static boolean enter(Watch watch, Object self, String method) {
        return watch != null && watch.enter(self, method);
    }

    /** {@link #enter(Watch, Object, String)} for a map's {@code put}: a key it already has changes no structure. */
    public static boolean enterPut(Watch watch, Object self, Object key) {
        if (watch == null) {
            return false;
        }
        return watch.enter(self, ((Map<?, ?>) self).containsKey(key) ? "put (a key it has)" : "put");
    }

    /** Called as a watched collection's method ends, normally or not. */
    public static void exit(Watch watch, boolean entered) {
        if (entered) {
            watch.exit();
        }
    }

    /**
     * Called as {@code self}'s method {@code method} begins; true if the caller must call {@link #exit()} when it
     * ends. {@code self} differs from the owner in a clone, which copied the field: a clone is not watched.
     */
    boolean enter(Object self, String method) {
        if (self != owner) {
            return false;
        }
        Thread me = Thread.currentThread();
        Thread inside = writer;
        if (!WRITES.contains(method)) {
            if (inside != null && inside != me) {
                raced(inside, me, method);
                awaitNoWriter(me);
            }
            return false;
        }
        if (inside == me) {
            depth++;
            return true;
        }
        if (inside != null || !WRITER.compareAndSet(this, null, me)) {
            raced(writer, me, method);
            if (!awaitTurn(me)) {
                return false;
            }
        }
        writerMethod = method;
        depth = 1;
        enteredNanos = System.nanoTime();
        Thread previous = lastWriter;
        lastWriter = me;
        if (previous != me) {
            Session.lingerInside(this);
        }
        return true;
    }

    /** Called as a method for which {@link #enter} returned true ends, normally or not. */
    void exit() {
        if (--depth == 0) {
            writerMethod = null;
            writer = null;
        }
    }

    boolean raced() {
        return raced;
    }

    /** Takes the writer's place once the thread inside has left; false if {@link #TURN} passed first. */
    private boolean awaitTurn(Thread me) {
        long deadline = System.nanoTime() + TURN.toNanos();
        while (!WRITER.compareAndSet(this, null, me)) {
            if (System.nanoTime() - deadline > 0 || me.isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(TURN_POLL_NANOS);
        }
        return true;
    }

    /** Waits until no thread is inside a write, or {@link #TURN} has passed. */
    private void awaitNoWriter(Thread me) {
        long deadline = System.nanoTime() + TURN.toNanos();
        while (writer != null && writer != me && System.nanoTime() - deadline < 0 && !me.isInterrupted()) {
            LockSupport.parkNanos(TURN_POLL_NANOS);
        }
    }

    String createdAt() {
        return createdAt;
    }

    private void raced(Thread inside, Thread intruder, String intruderMethod) {
        if (inside == null || !RACED.compareAndSet(this, false, true)) {
            return;
        }
        String insideMethod = writerMethod == null ? "a write" : writerMethod;
        long now = System.nanoTime();
        Timeline timeline = Timeline.current();
        String simpleName = collection.substring(collection.lastIndexOf('.') + 1);
        timeline.bar(simpleName + "." + insideMethod + " (race)", inside, enteredNanos, now, true);
        timeline.bar(simpleName + "." + intruderMethod + " (race)", intruder, now, now + 1_000_000, true);
        Session.raced(new Race(collection, createdAt, inside.getName(), insideMethod, intruder.getName(),
                intruderMethod), inside);
    }
}
