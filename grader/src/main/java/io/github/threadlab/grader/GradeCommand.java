package io.github.threadlab.grader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grade}: grades every submission (a folder or a zip) in a folder. */
@Command(name = "grade", mixinStandardHelpOptions = true,
        description = "Grades every submission (a project folder or a zip of one) in SUBMISSIONS against the "
                + "pristine course, and writes OUT/<submission>/results.json, feedback.md, build.log and "
                + "OUT/gradebook.csv, a row as each submission ends. Run again with the same --out, it grades only "
                + "the submissions not graded yet (or changed since).")
final class GradeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SUBMISSIONS", description = "a folder of submissions")
    Path submissions;

    @Option(names = "--course", required = true, paramLabel = "DIR",
            description = "the pristine course: a project generated from the archetype")
    Path course;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "grades", description = "where reports go (${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--exercises", split = ",", paramLabel = "NAME",
            description = "the exercises to grade (default: every exercise of the course)")
    List<String> exercises;

    @Option(names = "--hidden-tests", paramLabel = "DIR",
            description = "instructor-only graded tests, a src/test/java-like tree, added at grading")
    Path hiddenTests;

    @Option(names = "--parallel", paramLabel = "N",
            description = "submissions graded at once (default: half the cores, at least 1: each build uses two "
                    + "cores while it compiles, and timing tests must not starve)")
    Integer parallel;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "80",
            description = "wall-clock limit per submission, after which its process tree is killed (${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "512m",
            description = "maximum heap of the submission's JVMs (${DEFAULT-VALUE})")
    String memory;

    @Option(names = "--max-threads", paramLabel = "N", defaultValue = "2000",
            description = "threads and processes a submission's build may have at once, where a pids cgroup can be "
                    + "made (${DEFAULT-VALUE})")
    int maxThreads;

    @Option(names = "--cpus", paramLabel = "X",
            description = "CPU time per build, in cores, where a cpu cgroup can be made; builds share the cores by "
                    + "equal weights besides (default: twice the cores divided by --parallel, at most the cores)")
    Double cpus;

    @Option(names = "--build-memory", paramLabel = "SIZE", defaultValue = "3g",
            description = "memory of a whole build (every JVM, and its tmpfs in the sandbox), where a memory cgroup "
                    + "can be made (${DEFAULT-VALUE})")
    String buildMemory;

    @Option(names = "--disk", paramLabel = "SIZE", defaultValue = "512m",
            description = "what a sandboxed build may write to its workspace's target (classes, reports, the tests' "
                    + "output) and its temporary files; its home and /tmp get another 16 MB each (${DEFAULT-VALUE})")
    String disk;

    @Option(names = "--time-factor", paramLabel = "X", defaultValue = "1",
            description = "scales every graded test's time limit and generous bounds (${DEFAULT-VALUE})")
    double timeFactor;

    @Option(names = "--maven-repo", paramLabel = "DIR",
            description = "the local Maven repository, warmed once by building the course online "
                    + "(default: maven.repo.local or ~/.m2/repository)")
    Path mavenRepo;

    @Option(names = "--no-sandbox", description = "build without bubblewrap even where it is installed (to compare "
            + "timings, or where the whole grading already runs in a throw-away container)")
    boolean noSandbox;

    @Option(names = "--regrade",
            description = "grade every submission again; by default a rerun with the same --out keeps the grades of "
                    + "submissions whose Java sources, graded tests and settings have not changed")
    boolean regrade;

    @Option(names = "--prepared", paramLabel = "DIR",
            description = "where the pristine course's build is kept and used again by later runs while the course, "
                    + "the exercises and the hidden tests are the same (default: OUT/.work/pristine-course); the "
                    + "Gradescope bundle's setup.sh prepares one, so that a submission costs one build, not two")
    Path prepared;

    @Option(names = "--keep-workspaces", description = "keep each submission's assembled workspace in OUT/.work")
    boolean keepWorkspaces;

    @Override
    public Integer call() throws Exception {
        Course pristine = new Course(course, Optional.ofNullable(hiddenTests));
        List<String> graded = exercises == null ? pristine.exercises() : exercises;
        List<String> unknown = graded.stream().filter(e -> !pristine.exercises().contains(e)).toList();
        if (!unknown.isEmpty()) {
            System.err.println("no exercise called " + unknown + "; the course has " + pristine.exercises());
            return 2;
        }
        Limits limits = new Limits(Duration.ofSeconds(timeoutSeconds), memory, timeFactor);
        int threads = parallel != null ? Math.max(1, parallel) : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        // Builds share the cores by equal cgroup weights, so a spinning one cannot take its neighbours' share; the
        // quota lets a build use idle cores up to twice its share (a quota of exactly its share made builds on a
        // busy 2-core machine 24% slower: scripts/sandbox-cost.sh).
        int cores = Runtime.getRuntime().availableProcessors();
        double cpusPerBuild = cpus != null ? cpus : Math.max(1.0, Math.min(cores, 2.0 * cores / threads));
        BuildGroups groups = BuildGroups.detect(new BuildGroups.Caps(maxThreads, cpusPerBuild, bytes(buildMemory)));
        long target = bytes(disk);
        Optional<Sandbox> sandbox = noSandbox ? Optional.empty() : Sandbox.detect(repository(), new Sandbox.DiskCap(target, 16L * 1024 * 1024));
        System.out.println("limits: " + timeoutSeconds + " s per submission, heap " + memory + ", time factor "
                + timeFactor + "; " + groups.describe());
        System.out.println(sandbox.map(Sandbox::describe)
                .orElseGet(() -> noSandbox ? "not sandboxed (--no-sandbox)" : Sandbox.missing()));
        MavenBuild build = new MavenBuild(repository(), limits, groups, sandbox);
        Path work = out.toAbsolutePath().resolve(".work");
        System.out.println("the pristine course " + pristine.root() + " (exercises " + graded + ")");
        // The course's own build is trusted and must not fail on a busy machine: it gets thrice the wall clock, and
        // it runs alone: every core.
        MavenBuild courseBuild = new MavenBuild(repository(),
                new Limits(Duration.ofSeconds(Math.max(300, 3L * timeoutSeconds)), memory, timeFactor),
                BuildGroups.detect(new BuildGroups.Caps(maxThreads, Runtime.getRuntime().availableProcessors(),
                        bytes(buildMemory))), sandbox.map(Sandbox::trusted));
        Path courseWorkspace = prepared != null ? prepared.toAbsolutePath() : work.resolve("pristine-course");
        CourseTests tests = CourseTests.learn(pristine, graded, courseBuild, courseWorkspace,
                work.resolve("pristine-course.log"));
        // The student's files are compiled for the scan against the pristine course's own classes.
        Path courseClasses = courseWorkspace.resolve("target/classes");
        HiddenTests.checkMarked(pristine, tests);
        // Each submission's build runs the tests as the course's build compiled them (see SubmissionGrader).
        Path courseTestClasses = courseWorkspace.resolve("target/test-classes");
        SubmissionGrader grader = new SubmissionGrader(pristine, tests, graded, courseClasses,
                Optional.of(courseTestClasses).filter(Files::isDirectory), build, limits);
        String settings = BatchJournal.settings(tests.all(), graded, limits, pristine.hiddenTests());
        new BatchGrader(grader, tests, threads, keepWorkspaces, System.out, settings, regrade)
                .grade(Submission.in(submissions), out.toAbsolutePath());
        return 0;
    }

    /** "512m", "3g", "1024k" or bytes. */
    static long bytes(String size) {
        String s = size.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
    }

    private Path repository() {
        if (mavenRepo != null) {
            return mavenRepo.toAbsolutePath();
        }
        String property = System.getProperty("maven.repo.local");
        return property != null && !property.isBlank() ? Path.of(property)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }
}
