package io.github.threadlab.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the threads of one graded test did, for the picture in the test report: a bar per piece of work (which
 * thread ran it, virtual or not, from when to when), counts over time such as tasks or requests in flight, the
 * limits the test asserts on those counts, and instants such as an event loop's ticks.
 *
 * <p>Every graded test has its own timeline, {@link #current()}; probes record into it by themselves. Code that
 * the probes do not see, such as a loopback server counting requests or a semaphore handing out permits, records
 * through the same methods:
 *
 * <pre>{@code
 * Timeline timeline = Timeline.current();
 * timeline.limit("requests in flight", concurrency, "concurrency");
 * ...                                           // in the server, for each request:
 * timeline.count("requests in flight", inFlight.incrementAndGet());
 * try (Timeline.Span span = timeline.begin("GET /item/" + i)) { ... }
 * timeline.count("requests in flight", inFlight.decrementAndGet());
 * }</pre>
 *
 * <p>Thread-safe and cheap: recording appends to fixed-size buffers with one atomic increment and no lock, so a
 * test of 10,000 tasks is not slowed noticeably. Beyond {@value #MAX_BARS} bars, {@value #MAX_SAMPLES} count
 * samples or {@value #MAX_TICKS} ticks, further ones are counted but not kept, and the report says so. Outside a
 * graded test, when no report is being written, or with {@code -Dthreadlab.timeline=false}, {@link #current()}
 * is a timeline that records nothing.
 */
public final class Timeline {

    /** The system property that turns recording off with {@code false}. */
    public static final String ENABLED_PROPERTY = "threadlab.timeline";
    /** The label of the bar that spans the test method itself, on the caller's lane. */
    static final String TEST_BODY = "the test";
    static final int MAX_BARS = 20_000;
    static final int MAX_SAMPLES = 50_000;
    static final int MAX_TICKS = 10_000;

    private static final Timeline OFF = new Timeline(0, false);

    private final long originNanos;
    private final boolean recording;
    private final AtomicReferenceArray<Bar> bars;
    private final AtomicInteger barsOffered = new AtomicInteger();
    private final AtomicReferenceArray<Sample> samples;
    private final AtomicInteger samplesOffered = new AtomicInteger();
    private final AtomicReferenceArray<Tick> ticks;
    private final AtomicInteger ticksOffered = new AtomicInteger();
    private final Map<String, Limit> limits = new ConcurrentHashMap<>();
    private final AtomicInteger probes = new AtomicInteger();
    private volatile long callerThreadId = -1;
    private volatile long endNanos = -1;

    private Timeline(long originNanos, boolean recording) {
        this.originNanos = originNanos;
        this.recording = recording;
        this.bars = new AtomicReferenceArray<>(recording ? MAX_BARS : 0);
        this.samples = new AtomicReferenceArray<>(recording ? MAX_SAMPLES : 0);
        this.ticks = new AtomicReferenceArray<>(recording ? MAX_TICKS : 0);
    }

    /** A timeline that starts now and records. */
    static Timeline startingNow() {
        return new Timeline(System.nanoTime(), true);
    }

    /** A timeline that records nothing. */
    static Timeline off() {
        return OFF;
    }

    /** Whether {@code -Dthreadlab.timeline=false} has not turned recording off. */
    static boolean enabledByProperty() {
        return !"false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY));
    }

    /** The running graded test's timeline, or one that records nothing. */
    public static Timeline current() {
        return TestContext.currentTimeline();
    }

    /** Whether this timeline keeps what it is told. */
    public boolean recording() {
        return recording;
    }

    /** Starts a bar on the calling thread's lane; it ends when the span is {@linkplain Span#close() closed}. */
    public Span begin(String label) {
        return new Span(this, label, Thread.currentThread(), System.nanoTime());
    }

    /**
     * Records a bar: {@code thread} ran the work named {@code label} from {@code startNanos} to {@code endNanos}
     * (both {@link System#nanoTime()}; {@code endNanos} -1 if it was still running when the test ended).
     */
    public void bar(String label, Thread thread, long startNanos, long endNanos, boolean failed) {
        bar(label, -1, thread, startNanos, endNanos, failed);
    }

    /** A bar labelled {@code kind + index}, e.g. "task 3"; the label is only built if the bar is drawn. */
    void bar(String kind, int index, Thread thread, long startNanos, long endNanos, boolean failed) {
        if (!recording) {
            return;
        }
        int slot = barsOffered.getAndIncrement();
        if (slot < MAX_BARS) {
            bars.lazySet(slot, new Bar(thread.threadId(), thread.getName(), thread.isVirtual(), startNanos - originNanos,
                    endNanos < 0 ? -1 : endNanos - originNanos, kind, index, failed));
        }
    }

    /** Records that the count named {@code series} (e.g. "requests in flight") is {@code value} now. */
    public void count(String series, int value) {
        if (!recording) {
            return;
        }
        int slot = samplesOffered.getAndIncrement();
        if (slot < MAX_SAMPLES) {
            samples.lazySet(slot, new Sample(series, System.nanoTime() - originNanos, value));
        }
    }

    /**
     * Declares the limit the test asserts on the count named {@code series}, drawn as a line over it; {@code
     * name} says where the limit comes from, e.g. "poolSize".
     */
    public void limit(String series, int limit, String name) {
        if (recording) {
            limits.put(series, new Limit(series, limit, name));
        }
    }

    /** Records an instant on the calling thread's lane, e.g. one tick of a loop. */
    public void tick(String series) {
        if (!recording) {
            return;
        }
        int slot = ticksOffered.getAndIncrement();
        if (slot < MAX_TICKS) {
            Thread me = Thread.currentThread();
            ticks.lazySet(slot, new Tick(series, me.threadId(), me.getName(), me.isVirtual(),
                    System.nanoTime() - originNanos));
        }
    }

    /**
     * A name for the count of the next probe of this test. A test that runs the code under test several times (once
     * per mode, say) watches each run with a probe of its own, and each count gets a line of its own: "tasks
     * running", then "tasks running, run 2", "tasks running, run 3", ...
     */
    String nextProbeSeries() {
        int n = probes.incrementAndGet();
        return n == 1 ? "tasks running" : "tasks running, run " + n;
    }

    void caller(Thread thread) {
        callerThreadId = thread.threadId();
    }

    void end() {
        if (recording && endNanos < 0) {
            endNanos = System.nanoTime() - originNanos;
        }
    }

    /** This timeline as a self-contained SVG picture, as the test report draws it. */
    public String toSvg() {
        return TimelineSvg.draw(this).svg();
    }

    /** One sentence that says what the picture shows, e.g. how many tasks ran on which threads, and the peaks. */
    public String caption() {
        return TimelineSvg.draw(this).caption();
    }

    // ------------------------------------------------------------------------------------------ what was kept

    long callerThreadId() {
        return callerThreadId;
    }

    /** Nanoseconds from the test's start to its end (or to now, if it has not ended). */
    long durationNanos() {
        long end = endNanos;
        return end >= 0 ? end : System.nanoTime() - originNanos;
    }

    List<Bar> bars() {
        return kept(bars, barsOffered.get(), MAX_BARS);
    }

    int barsDropped() {
        return Math.max(0, barsOffered.get() - MAX_BARS);
    }

    List<Sample> samples() {
        return kept(samples, samplesOffered.get(), MAX_SAMPLES);
    }

    int samplesDropped() {
        return Math.max(0, samplesOffered.get() - MAX_SAMPLES);
    }

    List<Tick> ticks() {
        return kept(ticks, ticksOffered.get(), MAX_TICKS);
    }

    Map<String, Limit> limits() {
        return Map.copyOf(limits);
    }

    private static <T> List<T> kept(AtomicReferenceArray<T> buffer, int offered, int max) {
        int n = Math.min(offered, max);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            T item = buffer.get(i);
            if (item != null) { // a slot taken by a thread that has not filled it yet
                out.add(item);
            }
        }
        return out;
    }

    /** Work in progress on one thread; closing it records its bar. */
    public static final class Span implements AutoCloseable {
        private final Timeline timeline;
        private final String label;
        private final Thread thread;
        private final long startNanos;
        private boolean failed;

        private Span(Timeline timeline, String label, Thread thread, long startNanos) {
            this.timeline = timeline;
            this.label = label;
            this.thread = thread;
            this.startNanos = startNanos;
        }

        /** Marks the work as failed, drawn in red. */
        public Span failed() {
            failed = true;
            return this;
        }

        /** Ends the bar now. */
        @Override
        public void close() {
            timeline.bar(label, thread, startNanos, System.nanoTime(), failed);
        }
    }

    /**
     * A piece of work on one thread; times in nanoseconds from the test's start, {@code end} -1 if unfinished;
     * labelled {@code kind} alone, or {@code kind + index} when the index is not negative.
     */
    record Bar(long threadId, String threadName, boolean virtual, long start, long end, String kind, int index,
            boolean failed) {

        String label() {
            return index < 0 ? kind : kind + index;
        }

        Bar shifted(long by) {
            return new Bar(threadId, threadName, virtual, start - by, end < 0 ? -1 : end - by, kind, index, failed);
        }
    }

    /** The value of a count at a moment. */
    record Sample(String series, long at, int value) {
    }

    /** The limit a test asserts on a count. */
    record Limit(String series, int value, String name) {
    }

    /** An instant on a thread. */
    record Tick(String series, long threadId, String threadName, boolean virtual, long at) {
    }
}
