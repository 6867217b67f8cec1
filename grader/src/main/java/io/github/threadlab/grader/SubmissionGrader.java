package io.github.threadlab.grader;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Grades one submission: assembles its workspace from the pristine course and the student's exercise sources,
 * scans them, runs the graded tests in a bounded Maven build, and reads the outcome of every graded test of the
 * course from the reports the build itself vouches for. A test without such an outcome has failed, with the
 * reason: nothing the submission does can leave a test unaccounted for.
 *
 * <p>The build runs the course's tests as the pristine course's build compiled them, against the stubs, and
 * compiles only the submission's sources. Where they do not link with the submission (a {@link LinkageErrors
 * linkage error} in a report: a signature differs from the contract), it builds again, the tests compiled against
 * the submission, within what is left of the wall clock: the student then sees the compiler's message, as if the
 * tests had been compiled with the submission from the start. A signature that differs where the class files show
 * it ({@link TestLinkage}) skips the first build.
 */
final class SubmissionGrader {

    private final Course course;
    private final CourseTests tests;
    private final List<String> graded;
    private final Path courseClasses;
    private final Optional<Path> courseTestClasses;
    /** What the compiled tests use, read once for the batch; empty when there are no compiled tests. */
    private final Optional<TestLinkage> linkage;
    private final MavenBuild build;
    private final Limits limits;

    /**
     * @param courseClasses     the pristine course's compiled main classes, which the scan compiles against
     * @param courseTestClasses the pristine course's compiled tests, run against every submission; empty to compile
     *                          them with each submission
     */
    SubmissionGrader(Course course, CourseTests tests, List<String> graded, Path courseClasses,
            Optional<Path> courseTestClasses, MavenBuild build, Limits limits) {
        this.course = course;
        this.tests = tests;
        this.graded = graded;
        this.courseClasses = courseClasses;
        this.courseTestClasses = courseTestClasses;
        this.linkage = courseTestClasses.map(TestLinkage::of);
        this.build = build;
        this.limits = limits;
    }

    SubmissionGrade grade(Submission submission, Path scratch) throws IOException {
        long start = System.nanoTime();
        List<String> notes = new ArrayList<>();
        Optional<Path> mainJava;
        try {
            mainJava = submission.mainJava(scratch);
        } catch (Submission.Refused e) {
            notes.add("submission refused: " + e.getMessage());
            return failedAll(submission, List.of(), notes, "not run: the submission was refused: " + e.getMessage(),
                    start);
        }
        if (mainJava.isEmpty()) {
            notes.add("no src/main/java in the submission: nothing to grade");
            return failedAll(submission, List.of(), notes, "not run: the submission has no src/main/java", start);
        }
        Path workspace = scratch.resolve("workspace");
        List<Path> taken = course.assemble(workspace, graded, mainJava);
        if (taken.isEmpty()) {
            notes.add("no Java file of the graded exercises (" + String.join(", ", graded) + ") in src/main/java: "
                    + "graded as the stubs");
        }
        List<Finding> findings = SourceScan.scan(workspace.resolve("src/main/java"), taken, courseClasses, scratch);
        if (!findings.isEmpty()) {
            String why = findings.get(0).kind().equals(Finding.COMPILATION)
                    ? "not run: the submission does not compile (" + findings.get(0) + ")"
                    : "not run: the submission uses APIs that no solution needs (" + findings.get(0) + ")";
            return failedAll(submission, findings, notes, why, start);
        }
        Path log = scratch.resolve("build.log");
        // A signature that differs from the contract, seen in the class files: no build with tests that cannot link.
        Optional<Path> compiledTests = courseTestClasses
                .filter(t -> linkage.orElseThrow().firstMissing(SourceScan.classes(scratch)).isEmpty());
        MavenBuild.Result result = build.run(workspace, log, compiledTests, limits.wallClock());
        if (compiledTests.isPresent() && !result.killed()
                && LinkageErrors.in(workspace.resolve("target/surefire-reports"))) {
            FileTrees.delete(workspace.resolve("target"));
            Duration left = limits.wallClock().minus(result.elapsed());
            result = build.run(workspace, log, Optional.empty(), left.isNegative() ? Duration.ZERO : left);
        }
        SurefireReports reports = SurefireReports.read(workspace.resolve("target/surefire-reports"),
                result.summaryLines());
        List<String> testCompileErrors = result.summaryLines().stream().filter(l -> l.startsWith("[ERROR] /")).toList();
        String missing = whyMissing(result, testCompileErrors, workspace);
        if (result.killed()) {
            notes.add("stopped at the wall-clock limit of " + limits.wallClock().toSeconds() + " s");
        }
        if (!testCompileErrors.isEmpty()) {
            notes.add("the graded tests do not compile against this submission: " + testCompileErrors.get(0)
                    .replace(workspace.toString() + "/", ""));
        }
        List<TestOutcome> outcomes = new ArrayList<>();
        boolean someMissing = false;
        for (GradedTest test : tests.all()) {
            Optional<SurefireReports.Case> found = reports.find(test.key());
            if (found.isPresent()) {
                outcomes.add(new TestOutcome(test, found.get().passed(), found.get().message()));
            } else {
                someMissing = true;
                String reason = reports.distrust(test.className()).map(d -> "no trusted result: " + d).orElse(missing);
                outcomes.add(new TestOutcome(test, false, reason));
            }
        }
        if (someMissing && testCompileErrors.isEmpty() && (!result.killed() || notes.isEmpty())) {
            notes.add(missing);
        }
        return new SubmissionGrade(submission, outcomes, List.of(), notes, elapsedSince(start));
    }

    private String whyMissing(MavenBuild.Result result, List<String> testCompileErrors, Path workspace) {
        if (result.summaryLines().stream().anyMatch(l -> l.contains(MavenBuild.TIMEOUT))) {
            return "no result: the tests were stopped at the submission's time limit of "
                    + limits.testPhase().toSeconds() + " s before this test's class finished (stuck code, e.g. "
                    + "ignoring interrupts, or a deadlock)";
        }
        if (result.summaryLines().stream().anyMatch(l -> l.contains(MavenBuild.NO_MORE_THREADS))) {
            return "no result: the test JVM could not start another native thread (the threads of a submission's "
                    + "build are capped) before this test's class finished: threads started without bound?";
        }
        if (result.summaryLines().stream().anyMatch(l -> l.contains(MavenBuild.OUT_OF_MEMORY)
                || l.contains("OutOfMemoryError"))) {
            return "no result: the test JVM ran out of memory (its heap is capped at " + limits.heap()
                    + ") before this test's class finished";
        }
        if (result.summaryLines().stream().anyMatch(l -> l.contains(MavenBuild.NO_SPACE))) {
            return "no result: the build filled the space it may write (--disk; the tests' output counts) before "
                    + "this test's class finished: printing without end?";
        }
        if (result.memoryExhausted()) {
            return "no result: the build reached its memory limit (all its JVMs and what it wrote, together) before "
                    + "this test's class finished";
        }
        if (result.summaryLines().stream().anyMatch(l -> l.contains(MavenBuild.CRASH))) {
            return "no result: the test JVM ended before this test's class finished (System.exit, Runtime.halt, "
                    + "a crash, or threads or memory exhausted)";
        }
        if (result.killed()) {
            return "no result: the submission's build was stopped at its wall-clock limit of "
                    + limits.wallClock().toSeconds() + " s before this test's class finished (stuck code, e.g. "
                    + "ignoring interrupts, or a deadlock)";
        }
        if (!testCompileErrors.isEmpty()) {
            return "not run: the graded tests do not compile against this submission (a signature differs from the "
                    + "contract): " + testCompileErrors.get(0).replace(workspace.toString() + "/", "");
        }
        return "no result: the test JVM ended before this test's class finished (System.exit, Runtime.halt or a "
                + "crash); see the build log";
    }

    private SubmissionGrade failedAll(Submission submission, List<Finding> findings, List<String> notes, String why,
            long start) {
        List<TestOutcome> outcomes = tests.all().stream().map(t -> new TestOutcome(t, false, why)).toList();
        return new SubmissionGrade(submission, outcomes, findings, notes, elapsedSince(start));
    }

    private static Duration elapsedSince(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
