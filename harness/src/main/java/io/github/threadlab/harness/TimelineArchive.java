package io.github.threadlab.harness;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the timeline of every graded test that ends while someone is collecting them, by the test's JUnit unique
 * id, until they {@linkplain #take take} it. Graded tests record a timeline only while the archive is
 * {@linkplain #open() open} (the scoreboard listener opens it for its test run), so a run that writes no report,
 * such as the corpus runner's, costs nothing.
 */
public final class TimelineArchive {

    private static final AtomicInteger collectors = new AtomicInteger();
    private static final Map<String, Timeline> finished = new ConcurrentHashMap<>();

    private TimelineArchive() {
    }

    /** Starts collecting; every {@code open} is paired with a {@link #close()}. */
    public static void open() {
        collectors.incrementAndGet();
    }

    /** Stops collecting when the last collector closes, and forgets what nobody took. */
    public static void close() {
        if (collectors.decrementAndGet() <= 0) {
            collectors.set(0);
            finished.clear();
        }
    }

    /** Removes and returns the timeline of the graded test with this unique id, if it recorded one. */
    public static Optional<Timeline> take(String uniqueId) {
        return Optional.ofNullable(finished.remove(uniqueId));
    }

    /** Whether a test starting now should record its timeline. */
    static boolean collecting() {
        return collectors.get() > 0 && Timeline.enabledByProperty();
    }

    static void offer(String uniqueId, Timeline timeline) {
        if (timeline.recording() && collectors.get() > 0) {
            finished.put(uniqueId, timeline);
        }
    }
}
