package io.github.threadlab.harness.race;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.List;

/**
 * The race watch's switch: installs the rewrite of the course's classes once per JVM, and tells each graded test
 * the races seen while it ran. See the package documentation for what is watched and why.
 *
 * <p>The rewrite needs the JVM's {@link Instrumentation}, which the Mockito agent the build already loads
 * ({@code -javaagent:mockito-core.jar}, see the pom's argLine) hands out; without it (a run that does not load
 * the agent) the watch says so once and the tests run unwatched. {@code -Dthreadlab.raceWatch=false} turns it
 * off, e.g. to measure what it costs.
 */
public final class RaceWatch {

    /** The system property that turns the watch off with {@code false}. */
    public static final String PROPERTY = "threadlab.raceWatch";

    private static final boolean INSTALLED = install();

    private RaceWatch() {
    }

    /** Whether the course's classes are watched in this JVM. */
    public static boolean installed() {
        return INSTALLED;
    }

    /** Starts watching for the graded test about to run; races seen before are forgotten. */
    public static void beginTest() {
        if (INSTALLED) {
            Session.begin();
        }
    }

    /**
     * The running test calls the code under test from {@code caller}, its own thread or one it started for the call
     * (see {@link #beginTest()}): code that only the callers run is not racing, so it never lingers.
     */
    public static void calledFrom(Thread caller) {
        Session.calledFrom(caller);
    }

    /**
     * Keeps every thread that the watch holds inside shared state there, once its moment is up, until the returned
     * hold is closed (at most {@value Session#HOLD_SECONDS} s): a test that lets a second thread in while the first
     * is held (a second failure close behind the first) no longer depends on how fast a busy machine wakes the
     * second. Threads then leave in the order they came. Costs a correct solution nothing but that wait; a no-op
     * when the watch is not installed.
     *
     * <pre>
     * try (RaceWatch.Hold hold = RaceWatch.holdLingering()) {
     *     secondMayFail.countDown();
     *     awaitEndedOrHeldUp(second);
     * }
     * </pre>
     */
    public static Hold holdLingering() {
        Session.hold(true);
        return () -> Session.hold(false);
    }

    /** What {@link #holdLingering()} returns: closing it lets the held threads go. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /** The races seen since {@link #beginTest()}, at most one per collection; none when not installed. */
    public static List<Race> endTest() {
        return Session.end();
    }

    private static boolean install() {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            return false;
        }
        Instrumentation instrumentation = instrumentation();
        if (instrumentation == null) {
            System.err.println("threadlab: the race watch is off: no Java agent gave it the JVM's instrumentation "
                    + "(the build loads Mockito's with -javaagent; see the pom's argLine)");
            return false;
        }
        CourseClassTransformer transformer =
                new CourseClassTransformer(new WatchingRewrite(WatchedCollections.define()));
        instrumentation.addTransformer(transformer, true);
        // A course class loaded before the first graded test (e.g. while the test classes were verified) is
        // rewritten now; only method bodies change, which retransformation allows.
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (instrumentation.isModifiableClass(loaded) && CourseClassTransformer.isCourseCode(
                    loaded.getName().replace('.', '/'), loaded.getProtectionDomain())) {
                try {
                    instrumentation.retransformClasses(loaded);
                } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                    System.err.println("threadlab: the race watch left " + loaded.getName() + " unwatched: " + e);
                }
            }
        }
        return true;
    }

    private static Instrumentation instrumentation() {
        try {
            return org.mockito.internal.PremainAttachAccess.getInstrumentation();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
