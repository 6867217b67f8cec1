package io.github.threadlab.harness;

import io.github.threadlab.harness.race.Race;
import io.github.threadlab.harness.race.RaceWatch;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;

/**
 * Runs every {@link Graded} test under two rules of the course's contracts:
 * <ul>
 *   <li><b>A time limit.</b> The test body runs on its own thread; if it has not finished after
 *   {@link Graded#timeLimitSeconds()} (scaled by the time factor), that thread is interrupted and the test
 *   fails with what timed out and a dump of the threads that were stuck. A solution that ignores the
 *   interrupt is abandoned, not waited for, so one stuck test never stops the run.</li>
 *   <li><b>No thread left running.</b> After the test, every thread its probes saw run work and every
 *   platform thread it created must end within a short grace period (a pool reports itself terminated a
 *   moment before its last worker has died); one that does not fails the test, and is interrupted.</li>
 *   <li><b>No data race.</b> While the test runs, the {@linkplain RaceWatch race watch} watches the collections
 *   the code under test creates; two threads inside one at once fails the test, whatever else it checked,
 *   with where the collection was created and both threads.</li>
 * </ul>
 * A test that fails while its timeline is recorded fails with a message that ends with the place in the test
 * report where its timeline will be, {@code timeline: target/threadlab/report.html#<test>} (see
 * {@link FailureTimeline}), so that the failure the build prints points at the picture.
 */
final class GradedTestExtension implements BeforeEachCallback, AfterEachCallback, InvocationInterceptor,
        TestExecutionExceptionHandler {

    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(GradedTestExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(TestContext.class, TestContext.begin());
        RaceWatch.beginTest();
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context) throws Throwable {
        TestContext test = testContext(context);
        Graded graded = context.getRequiredTestMethod().getAnnotation(Graded.class);
        Duration limit = TimeLimits.scaled(Duration.ofSeconds(graded == null ? 10 : graded.timeLimitSeconds()));

        Throwable[] thrown = new Throwable[1];
        Timeline timeline = test.timeline();
        Thread body = new Thread(() -> {
            try (Timeline.Span span = timeline.begin(Timeline.TEST_BODY)) {
                invocation.proceed();
            } catch (Throwable t) {
                thrown[0] = t;
            }
        }, "threadlab-test " + context.getRequiredTestMethod().getName());
        test.testThread(body);
        RaceWatch.calledFrom(body);
        body.start();
        try {
            if (!body.join(limit)) {
                throw timedOut(context, test, body, limit);
            }
        } catch (InterruptedException e) {
            body.interrupt();
            throw e;
        }
        List<Race> races = RaceWatch.endTest();
        if (!races.isEmpty()) {
            throw raced(races, thrown[0]);
        }
        if (thrown[0] != null) {
            throw thrown[0];
        }
    }

    /** A race is the root cause of whatever else went wrong, so it comes first; the test's own failure is kept. */
    private static AssertionFailedError raced(List<Race> races, Throwable thrown) {
        StringBuilder message = new StringBuilder(races.get(0).explain());
        if (races.size() > 1) {
            message.append(" (").append(races.size() - 1).append(" more shared collection(s) raced too, e.g. one ")
                    .append("created at ").append(races.get(1).createdAt()).append(')');
        }
        AssertionFailedError failure = new AssertionFailedError(message.toString());
        if (thrown != null) {
            failure.addSuppressed(thrown);
        }
        return failure;
    }

    private static AssertionFailedError timedOut(ExtensionContext context, TestContext test, Thread body,
            Duration limit) throws InterruptedException {
        Set<Thread> stuck = new LinkedHashSet<>();
        stuck.add(body);
        stuck.addAll(test.startedThreads());
        String dump = ThreadDump.of(stuck);
        body.interrupt();
        body.join(TimeLimits.scaled(GRACE));
        test.startedThreads().forEach(Thread::interrupt);
        return new AssertionFailedError(context.getDisplayName() + " did not finish within "
                + Durations.format(limit) + " (time factor " + TimeLimits.factor() + "): the code under test is "
                + "stuck or far too slow, e.g. waiting for work that never ends, or running one task after "
                + "another where they should overlap. The threads at that moment:\n" + dump);
    }

    /** Ends a failure's message with its timeline's link; see {@link FailureTimeline}. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        TestContext test = context.getStore(NAMESPACE).get(TestContext.class, TestContext.class);
        throw test == null ? thrown : withTimelineLink(context, test, thrown);
    }

    /** {@code thrown}, with the link to the test's timeline if it is a failure and the timeline is recorded. */
    private static Throwable withTimelineLink(ExtensionContext context, TestContext test, Throwable thrown) {
        if (!test.timeline().recording()) {
            return thrown;
        }
        Method method = context.getRequiredTestMethod();
        return FailureTimeline.withLink(thrown, FailureTimeline.link(TestNames.exercise(method.getDeclaringClass()),
                TestNames.readable(context.getDisplayName(), method)));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        TestContext test = testContext(context);
        try {
            List<Thread> stillRunning = stillRunningAfterGrace(test.startedThreads());
            if (!stillRunning.isEmpty() && context.getExecutionException().isEmpty()) {
                String dump = ThreadDump.of(stillRunning);
                stillRunning.forEach(Thread::interrupt);
                AssertionFailedError leak = new AssertionFailedError(stillRunning.size() + " thread(s) started during "
                        + "this test were still running " + Durations.format(TimeLimits.scaled(GRACE)) + " after it "
                        + "returned; the contract requires that no method leaves a thread it started running (shut "
                        + "the pool down, join the threads): a leaked thread keeps holding memory and, if it is not "
                        + "a daemon, keeps the JVM from exiting.\n" + dump);
                throw (AssertionFailedError) withTimelineLink(context, test, leak);
            }
            stillRunning.forEach(Thread::interrupt);
        } finally {
            RaceWatch.endTest();
            TestContext.end(test);
            TimelineArchive.offer(context.getUniqueId(), test.finishTimeline());
        }
    }

    private static List<Thread> stillRunningAfterGrace(Set<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeLimits.scaled(GRACE).toNanos();
        List<Thread> alive = new ArrayList<>();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                thread.join(Duration.ofNanos(left));
            }
            if (thread.isAlive()) {
                alive.add(thread);
            }
        }
        return alive;
    }

    private static TestContext testContext(ExtensionContext context) {
        TestContext test = context.getStore(NAMESPACE).get(TestContext.class, TestContext.class);
        if (test == null) {
            throw new IllegalStateException("no test context: is " + GradedTestExtension.class.getSimpleName()
                    + " registered for " + context.getDisplayName() + "?");
        }
        return test;
    }

}
