package io.github.threadlab.grader;

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

    @Option(names = "--time-factor", paramLabel = "X", defaultValue = "1",
            description = "scales every graded test's time limit and generous bounds (${DEFAULT-VALUE})")
    double timeFactor;

    @Option(names = "--maven-repo", paramLabel = "DIR",
            description = "the local Maven repository, warmed once by building the course online "
                    + "(default: maven.repo.local or ~/.m2/repository)")
    Path mavenRepo;

    @Option(names = "--regrade",
            description = "grade every submission again; by default a rerun with the same --out keeps the grades of "
                    + "submissions whose Java sources, graded tests and settings have not changed")
    boolean regrade;

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
        ThreadCap threadCap = ThreadCap.detect(maxThreads);
        System.out.println("limits: " + timeoutSeconds + " s per submission, heap " + memory + ", time factor "
                + timeFactor + "; " + threadCap.describe());
        MavenBuild build = new MavenBuild(repository(), limits, threadCap);
        Path work = out.toAbsolutePath().resolve(".work");
        System.out.println("building the pristine course " + pristine.root() + " (exercises " + graded + ")");
        // The course's own build is trusted and must not fail on a busy machine: it gets thrice the wall clock.
        MavenBuild courseBuild = new MavenBuild(repository(),
                new Limits(Duration.ofSeconds(Math.max(300, 3L * timeoutSeconds)), memory, timeFactor), threadCap);
        CourseTests tests = CourseTests.learn(pristine, graded, courseBuild, work);
        // The student's files are compiled for the scan against the pristine course's own classes, built just now.
        Path courseClasses = work.resolve("pristine-course/target/classes");
        HiddenTests.checkMarked(pristine, tests);
        int threads = parallel != null ? Math.max(1, parallel) : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        SubmissionGrader grader = new SubmissionGrader(pristine, tests, graded, courseClasses, build, limits);
        String settings = BatchJournal.settings(tests.all(), graded, limits, pristine.hiddenTests());
        new BatchGrader(grader, tests, threads, keepWorkspaces, System.out, settings, regrade)
                .grade(Submission.in(submissions), out.toAbsolutePath());
        return 0;
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
