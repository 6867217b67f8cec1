package io.github.threadlab.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code mvnw test} in an assembled workspace, in a child process, offline, with a heap cap on every JVM it
 * starts, the harness's per-test time limit, surefire's fork timeout and a wall-clock limit after which the whole
 * process tree is killed. The test output goes to files (surefire's redirectTestOutputToFile), so nothing the
 * student's code prints can pass for a line of Maven's own output.
 *
 * <p>Given the course's tests already compiled (the pristine course's {@code target/test-classes}), it runs
 * {@code mvnw compile surefire:test} instead: only the main sources are compiled, and the tests run as they were
 * compiled against the stubs, read-only in the sandbox.
 */
final class MavenBuild {

    /** What the build left: how it ended and surefire's own per-class summary lines. */
    record Result(int exitCode, boolean killed, Duration elapsed, List<String> summaryLines, Path log,
            boolean memoryExhausted) {
    }

    /** What surefire prints when it stops the test JVM at its fork timeout. */
    static final String TIMEOUT = "There was a timeout in the fork";
    /** What surefire prints when the test JVM ends on its own before the tests are done. */
    static final String CRASH = "The forked VM terminated without properly saying goodbye";

    /** What surefire prints when the test JVM's heap ran out where the tests could not catch it. */
    static final String OUT_OF_MEMORY = "Java heap space";

    /** What the JVM says when it cannot start another thread (the pids cap, or the machine's limits). */
    static final String NO_MORE_THREADS = "unable to create native thread";

    /** What the build says when it filled its capped tmpfs (the sandbox's disk cap). */
    static final String NO_SPACE = "No space left on device";

    private static final long MAX_LOG_BYTES = 2L * 1024 * 1024;

    private final Path mavenRepository;
    private final Limits limits;
    private final BuildGroups groups;
    private final Optional<Sandbox> sandbox;

    MavenBuild(Path mavenRepository, Limits limits, BuildGroups groups, Optional<Sandbox> sandbox) {
        this.mavenRepository = mavenRepository;
        this.limits = limits;
        this.groups = groups;
        this.sandbox = sandbox;
    }

    /** Surefire's per-class summaries, and the compiler's errors (the tests may not compile against a submission). */
    static boolean worthKeeping(String line) {
        return (line.contains("Tests run:") && line.contains(" in ")) || line.startsWith("[ERROR] /")
                || line.contains(TIMEOUT) || line.contains(CRASH) || line.contains(OUT_OF_MEMORY)
                || line.contains("OutOfMemoryError") || line.contains(NO_MORE_THREADS) || line.contains(NO_SPACE);
    }

    /** A whole build: compiles the main sources and the tests, and runs the tests, within the wall clock. */
    Result run(Path workspace, Path logFile) {
        return run(workspace, logFile, Optional.empty(), limits.wallClock());
    }

    /**
     * A build that compiles the main sources only and runs {@code compiledTests} (a {@code test-classes} folder built
     * by the same course) when given, or a whole build when empty; killed after {@code wallClock}.
     */
    Result run(Path workspace, Path logFile, Optional<Path> compiledTests, Duration wallClock) {
        List<String> goals = compiledTests.isPresent() ? List.of("compile", "surefire:test") : List.of("test");
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
                "-Dthreadlab.timeline=false"));
        command.addAll(goals);
        Map<String, String> environment = new LinkedHashMap<>();
        // Every JVM of the build picks this up: Maven's own and surefire's forked test JVM.
        environment.put("JAVA_TOOL_OPTIONS", "-Xmx" + limits.heap());
        // Maven's own JVM is short-lived: the quick compiler tier and the serial collector start it faster.
        environment.put("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        // Maven runs on the grader's own JDK (21 or newer, with javac: see threadlab-grader), whatever JAVA_HOME or
        // the PATH's java is. The course's toolchain then takes that very JDK (select-jdk-toolchain uses the running
        // one when it fits), and javac runs inside Maven's JVM; under a Maven on Java 17 it would start twice more.
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        Optional<BuildGroups.Group> group = groups.newGroup();
        try {
            if (compiledTests.isPresent() && sandbox.isEmpty()) {
                FileTrees.copy(compiledTests.get(), workspace.resolve("target/test-classes"));
            }
            List<String> sandboxed = sandbox.isPresent()
                    ? sandbox.get().wrap(workspace, compiledTests, command, environment) : command;
            Result result = run(workspace, logFile,
                    group.map(g -> g.wrap(sandboxed)).orElse(sandboxed), environment, wallClock);
            boolean exhausted = group.map(BuildGroups.Group::memoryExhausted).orElse(false);
            return new Result(result.exitCode(), result.killed(), result.elapsed(), result.summaryLines(),
                    result.log(), exhausted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            group.ifPresent(BuildGroups.Group::remove);
        }
    }

    private Result run(Path workspace, Path logFile, List<String> command, Map<String, String> environment,
            Duration wallClock) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.toFile())
                .redirectErrorStream(sandbox.isEmpty());
        builder.environment().putAll(environment);
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
        // A sandboxed build's target is a tmpfs that ends with it: the reports come out on stderr (see Sandbox).
        StringBuilder sandboxMessage = new StringBuilder();
        Thread reports = Thread.ofVirtual().start(() -> {
            if (sandbox.isPresent()) {
                if (!sandbox.get().streamsReports()) {
                    drainQuietly(process.getErrorStream(), sandboxMessage);
                    return;
                }
                try {
                    sandboxMessage.append(ReportsChannel.unpack(process.getErrorStream(), workspace.resolve("target"),
                            sandbox.get().maxReportBytes()));
                } catch (IOException e) {
                    sandboxMessage.append("the sandbox's reports could not be read: ").append(e);
                }
            }
        });
        boolean killed = false;
        try {
            if (!process.waitFor(wallClock.toMillis(), TimeUnit.MILLISECONDS)) {
                killed = true;
                ProcessTree.kill(process.toHandle());
            }
            drainer.join(Duration.ofSeconds(10));
            reports.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            ProcessTree.kill(process.toHandle());
            Thread.currentThread().interrupt();
            killed = true;
        }
        // A build that ended by itself may still have left a test JVM behind (surefire gives up on it).
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        int exit = killed ? -1 : process.exitValue();
        List<String> kept = new ArrayList<>(log.keptLines());
        if (!sandboxMessage.isEmpty()) {
            kept.add("[sandbox] " + sandboxMessage);
            appendToLog(logFile, "\n[sandbox] " + sandboxMessage + "\n");
        }
        return new Result(exit, killed, Duration.ofNanos(System.nanoTime() - start), kept, logFile, false);
    }

    /** What a sandbox that writes its reports in place still says on stderr (bubblewrap's own errors). */
    private static void drainQuietly(java.io.InputStream in, StringBuilder into) {
        try {
            into.append(new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8).strip());
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the process was killed
        }
    }

    private static void appendToLog(Path logFile, String text) {
        try {
            Files.writeString(logFile, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is for people; the kept lines have it too
        }
    }
}
