package io.github.threadlab.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.opentest4j.AssertionFailedError;

/**
 * Prints the per-exercise scoreboard at the end of every test run that contains graded tests, and writes
 * it as Gradescope's {@code results.json} to the path in the system property {@value #RESULTS_PROPERTY}
 * (default {@value #DEFAULT_RESULTS}), as GitHub Classroom's per-exercise results ({@link ClassroomResults}) into
 * the folder in {@value #CLASSROOM_PROPERTY} (default {@value #DEFAULT_CLASSROOM}), and the HTML test report with a timeline of every graded test to the
 * path in {@code threadlab.report} (default {@code target/threadlab/report.html}; see {@code HtmlReport}). While
 * it listens, graded tests record their timelines ({@link TimelineArchive}); a report that cannot be written is
 * reported on the console and the run goes on. Each failure on the scoreboard ends with its timeline's link.
 *
 * <p>Registered the standard way, through {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener},
 * so every launcher (Maven Surefire, an IDE, the console launcher) picks it up. Every graded test in the
 * plan counts towards the maximum, including one that never ran because its class failed to start.
 */
public final class ScoreboardListener implements TestExecutionListener {

    /** The system property naming the results file. */
    public static final String RESULTS_PROPERTY = "threadlab.results";
    /** Where the results file goes by default, relative to the working directory. */
    public static final String DEFAULT_RESULTS = "target/threadlab/results.json";
    /** The system property naming the folder of GitHub Classroom's results. */
    public static final String CLASSROOM_PROPERTY = "threadlab.classroom";
    /** Where GitHub Classroom's results go by default, relative to the working directory. */
    public static final String DEFAULT_CLASSROOM = "target/threadlab/classroom";
    private static final int MAX_OUTPUT = 8_000;

    private final PrintStream console;
    private final Map<String, Entry> graded = new LinkedHashMap<>();
    private final Map<String, String> containerFailures = new LinkedHashMap<>();
    private TestPlan plan;
    private long startNanos;

    public ScoreboardListener() {
        this(System.out);
    }

    ScoreboardListener(PrintStream console) {
        this.console = console;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        TimelineArchive.open();
        plan = testPlan;
        startNanos = System.nanoTime();
        graded.clear();
        containerFailures.clear();
        for (TestIdentifier root : testPlan.getRoots()) {
            for (TestIdentifier id : testPlan.getDescendants(root)) {
                gradedMethod(id).ifPresent(method -> graded.put(id.getUniqueId(), new Entry(id, method)));
            }
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        Entry entry = graded.get(id.getUniqueId());
        if (entry != null) {
            entry.finish(false, "skipped: " + reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Entry entry = graded.get(id.getUniqueId());
        if (entry != null) {
            boolean passed = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
            entry.finish(passed, passed ? "" : explain(result));
            entry.timeline = TimelineArchive.take(id.getUniqueId()).orElse(null);
        } else if (id.isContainer() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            containerFailures.put(id.getUniqueId(), explain(result));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        TimelineArchive.close();
        if (graded.isEmpty()) {
            return;
        }
        List<GradedResult> results = new ArrayList<>();
        Map<GradedResult, Timeline> timelines = new IdentityHashMap<>();
        for (Entry entry : graded.values()) {
            GradedResult result = entry.result(this::whyNotRun);
            results.add(result);
            if (entry.timeline != null) {
                timelines.put(result, entry.timeline);
            }
        }
        Scoreboard board = new Scoreboard(results);
        Path file = Path.of(System.getProperty(RESULTS_PROPERTY, DEFAULT_RESULTS));
        try {
            GradescopeResults.write(board, Duration.ofNanos(System.nanoTime() - startNanos), file);
        } catch (IOException e) {
            console.println("threadlab: could not write " + file + ": " + e);
        }
        Path classroom = Path.of(System.getProperty(CLASSROOM_PROPERTY, DEFAULT_CLASSROOM));
        try {
            ClassroomResults.write(board, classroom);
        } catch (IOException e) {
            console.println("threadlab: could not write " + classroom + ": " + e);
        }
        String report = writeReport(board, timelines);
        console.print(board.render(file.toString(), report,
                r -> report != null && timelines.containsKey(r) ? report + "#" + HtmlReport.anchor(r) : null));
        console.flush();
    }

    /** Writes the HTML report and returns its path, or null when it could not: the run goes on without it. */
    private String writeReport(Scoreboard board, Map<GradedResult, Timeline> timelines) {
        Path report = HtmlReport.file();
        try {
            HtmlReport.write(board, timelines, report);
            return report.toString();
        } catch (IOException | RuntimeException e) {
            console.println("threadlab: could not write the test report " + report + ": " + e);
            return null;
        }
    }

    private String whyNotRun(TestIdentifier id) {
        Optional<TestIdentifier> parent = plan.getParent(id);
        while (parent.isPresent()) {
            String failure = containerFailures.get(parent.get().getUniqueId());
            if (failure != null) {
                return "did not run: " + failure;
            }
            parent = plan.getParent(parent.get());
        }
        return "did not run";
    }

    private static String explain(TestExecutionResult result) {
        Throwable t = result.getThrowable().orElse(null);
        if (t == null) {
            return String.valueOf(result.getStatus());
        }
        // The link a failure's message ends with (FailureTimeline) is for the console: the results file's reader
        // cannot open the student's files, and the report shows the timeline next to the message.
        String text = t instanceof AssertionError && t.getMessage() != null
                ? FailureTimeline.withoutLink(t.getMessage()) : Expect.describe(t);
        return text.length() <= MAX_OUTPUT ? text : text.substring(0, MAX_OUTPUT) + "\n... (cut)";
    }

    private static Optional<Method> gradedMethod(TestIdentifier id) {
        if (!id.isTest() || !(id.getSource().orElse(null) instanceof MethodSource source)) {
            return Optional.empty();
        }
        try {
            Method method = source.getJavaMethod();
            return method.isAnnotationPresent(Graded.class) ? Optional.of(method) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A graded test of the plan and, once it has run, how it went. */
    private static final class Entry {
        private final TestIdentifier id;
        private final Method method;
        private Boolean passed;
        private String output = "";
        private Timeline timeline;

        Entry(TestIdentifier id, Method method) {
            this.id = id;
            this.method = method;
        }

        void finish(boolean passed, String output) {
            this.passed = passed;
            this.output = output;
        }

        GradedResult result(java.util.function.Function<TestIdentifier, String> whyNotRun) {
            Graded graded = method.getAnnotation(Graded.class);
            Class<?> testClass = method.getDeclaringClass();
            Exercise exercise = TestNames.exerciseAnnotation(testClass);
            int number = exercise != null ? exercise.number() : Integer.MAX_VALUE;
            boolean ran = passed != null;
            return new GradedResult(TestNames.exercise(testClass), number,
                    TestNames.readable(id.getDisplayName(), method), graded.points(), ran && passed,
                    ran ? output : whyNotRun.apply(id), graded.visibility());
        }
    }
}
