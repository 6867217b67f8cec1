package io.github.threadlab.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code mvnw test} in an assembled workspace, in a child process, offline, with a heap cap on every JVM it
 * starts, the harness's per-test time limit, surefire's fork timeout and a wall-clock limit after which the whole
 * process tree is killed. The test output goes to files (surefire's redirectTestOutputToFile), so nothing the
 * student's code prints can pass for a line of Maven's own output.
 */
final class MavenBuild {

    /** What the build left: how it ended and surefire's own per-class summary lines. */
    record Result(int exitCode, boolean killed, Duration elapsed, List<String> summaryLines, Path log) {
    }

    /** What surefire prints when it stops the test JVM at its fork timeout. */
    static final String TIMEOUT = "There was a timeout in the fork";
    /** What surefire prints when the test JVM ends on its own before the tests are done. */
    static final String CRASH = "The forked VM terminated without properly saying goodbye";

    /** What surefire prints when the test JVM's heap ran out where the tests could not catch it. */
    static final String OUT_OF_MEMORY = "Java heap space";

    /** What the JVM says when it cannot start another thread (the pids cap, or the machine's limits). */
    static final String NO_MORE_THREADS = "unable to create native thread";

    private static final long MAX_LOG_BYTES = 2L * 1024 * 1024;

    private final Path mavenRepository;
    private final Limits limits;
    private final ThreadCap threadCap;

    MavenBuild(Path mavenRepository, Limits limits, ThreadCap threadCap) {
        this.mavenRepository = mavenRepository;
        this.limits = limits;
        this.threadCap = threadCap;
    }

    /** Surefire's per-class summaries, and the compiler's errors (the tests may not compile against a submission). */
    static boolean worthKeeping(String line) {
        return (line.contains("Tests run:") && line.contains(" in ")) || line.startsWith("[ERROR] /")
                || line.contains(TIMEOUT) || line.contains(CRASH) || line.contains(OUT_OF_MEMORY)
                || line.contains("OutOfMemoryError") || line.contains(NO_MORE_THREADS);
    }

    Result run(Path workspace, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(workspace.resolve("mvnw").toString());
        command.addAll(List.of("-o", "-B", "-ntp",
                "-Dmaven.repo.local=" + mavenRepository,
                "-Dmaven.test.failure.ignore=true",
                "-Dmaven.test.redirectTestOutputToFile=true",
                "-Dsurefire.timeout=" + limits.testPhase().toSeconds(),
                "-Dsurefire.exitTimeout=5",
                "-Dthreadlab.timeFactor=" + String.format(Locale.ROOT, "%.2f", limits.timeFactor()),
                // Nobody sees the test report of a graded build: no timelines to record, and so no failure
                // message ending with a link to one, a file of the grading machine, in the student's feedback.
                "-Dthreadlab.timeline=false",
                "test"));
        Optional<Path> group = threadCap.newGroup();
        try {
            return run(workspace, logFile, group.map(g -> ThreadCap.wrap(g, command)).orElse(command));
        } finally {
            group.ifPresent(ThreadCap::remove);
        }
    }

    private Result run(Path workspace, Path logFile, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.toFile()).redirectErrorStream(true);
        // Every JVM of the build picks this up: Maven's own and surefire's forked test JVM.
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Xmx" + limits.heap());
        // Maven's own JVM is short-lived: the quick compiler tier and the serial collector start it faster.
        builder.environment().put("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        long start = System.nanoTime();
        Process process;
        try {
            workspace.resolve("mvnw").toFile().setExecutable(true, false);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + String.join(" ", command), e);
        }
        BoundedLog log = new BoundedLog(MAX_LOG_BYTES, MavenBuild::worthKeeping);
        Thread drainer = Thread.ofVirtual().start(() -> {
            try {
                log.drain(process.getInputStream(), logFile);
            } catch (IOException ignored) {
                // the process was killed: what was read so far is what there is
            }
        });
        boolean killed = false;
        try {
            if (!process.waitFor(limits.wallClock().toMillis(), TimeUnit.MILLISECONDS)) {
                killed = true;
                ProcessTree.kill(process.toHandle());
            }
            drainer.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            ProcessTree.kill(process.toHandle());
            Thread.currentThread().interrupt();
            killed = true;
        }
        // A build that ended by itself may still have left a test JVM behind (surefire gives up on it).
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        int exit = killed ? -1 : process.exitValue();
        return new Result(exit, killed, Duration.ofNanos(System.nanoTime() - start), log.keptLines(), logFile);
    }
}
