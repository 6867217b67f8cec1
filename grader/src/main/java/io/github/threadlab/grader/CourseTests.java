package io.github.threadlab.grader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The graded tests of the course, learnt by building the pristine course once, stubs and all: its own harness
 * writes results.json (names, exercises, points, visibility) and surefire says which class and method each one
 * is. Nothing of a submission is involved, so both can be believed. This also proves, before any submission is
 * graded, that the course builds offline with the local repository.
 */
public final class CourseTests {

    private static final String RESULTS = "target/threadlab/results.json";

    private final List<GradedTest> tests;

    private CourseTests(List<GradedTest> tests) {
        this.tests = List.copyOf(tests);
    }

    public List<GradedTest> all() {
        return tests;
    }

    /** The exercises, in course order, with their graded tests. */
    public Map<String, List<GradedTest>> byExercise() {
        Map<String, List<GradedTest>> map = new LinkedHashMap<>();
        tests.stream().sorted(java.util.Comparator.comparingInt(GradedTest::number).thenComparing(GradedTest::exercise))
                .forEach(t -> map.computeIfAbsent(t.exercise(), e -> new ArrayList<>()).add(t));
        return map;
    }

    public int maxScore() {
        return tests.stream().mapToInt(GradedTest::points).sum();
    }

    /**
     * Builds the pristine course in {@code workspace} (stubs and all) and reads its graded tests; or, when
     * {@code workspace} already holds a finished build of exactly the same files ({@link PreparedCourse}), reads
     * them from that build without building again.
     */
    static CourseTests learn(Course course, List<String> graded, MavenBuild build, Path workspace, Path log)
            throws IOException {
        // A folder of this run's own: runs at once that share a prepared build each check it without the others.
        Path assembling = workspace.resolveSibling(workspace.getFileName() + ".assembling-" + UUID.randomUUID());
        course.assemble(assembling, graded, Optional.empty());
        String fingerprint;
        try {
            fingerprint = PreparedCourse.fingerprint(assembling);
        } catch (IOException | RuntimeException e) {
            FileTrees.delete(assembling);
            throw e;
        }
        List<String> summary;
        if (PreparedCourse.matches(workspace, fingerprint)) {
            FileTrees.delete(assembling);
            System.out.println("  its build in " + workspace + " is of these very files: used as it is");
            summary = PreparedCourse.summaryLines(workspace);
        } else {
            System.out.println("  building it in " + workspace);
            FileTrees.delete(workspace);
            Files.createDirectories(workspace.getParent());
            Files.createDirectories(log.getParent());
            Files.move(assembling, workspace);
            MavenBuild.Result result = build.run(workspace, log);
            if (result.killed() || !Files.isRegularFile(workspace.resolve(RESULTS))) {
                throw new IllegalStateException("the pristine course did not build (exit " + result.exitCode()
                        + (result.killed() ? ", killed at the time limit" : "") + "); see " + result.log()
                        + ". Is the local Maven repository warm? Build the course once online: ./mvnw test");
            }
            PreparedCourse.record(workspace, fingerprint, result.summaryLines());
            summary = result.summaryLines();
        }
        Path resultsFile = workspace.resolve(RESULTS);
        JsonNode results = new ObjectMapper().readTree(resultsFile.toFile());
        SurefireReports reports = SurefireReports.read(workspace.resolve("target/surefire-reports"), summary);
        List<String[]> cases = testCases(workspace.resolve("target/surefire-reports"));
        List<GradedTest> tests = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (JsonNode entry : results.get("tests")) {
            String fullName = entry.get("name").asText();
            int colon = fullName.indexOf(": ");
            String exercise = fullName.substring(0, colon);
            String readable = fullName.substring(colon + 2);
            String[] match = cases.stream()
                    .filter(c -> !used.contains(c[0] + "#" + c[1]))
                    .filter(c -> c[1].replace('_', ' ').equals(readable) || c[1].equals(readable))
                    .filter(c -> packageOf(c[0]).equals(exercise))
                    .findFirst()
                    .or(() -> cases.stream().filter(c -> !used.contains(c[0] + "#" + c[1]))
                            .filter(c -> c[1].replace('_', ' ').equals(readable) || c[1].equals(readable)).findFirst())
                    .orElseThrow(() -> new IllegalStateException("the graded test '" + fullName
                            + "' has no test case in surefire's reports"));
            used.add(match[0] + "#" + match[1]);
            tests.add(new GradedTest(match[0], match[1], exercise, entry.get("number").asInt(), readable,
                    entry.get("max_score").asInt(), entry.get("visibility").asText("visible")));
        }
        if (tests.isEmpty()) {
            throw new IllegalStateException("the course has no graded test for " + graded);
        }
        tests.stream().filter(t -> reports.distrust(t.className()).isPresent()).findFirst().ifPresent(t -> {
            throw new IllegalStateException("the pristine course's report of " + t.className() + " cannot be read: "
                    + reports.distrust(t.className()).get());
        });
        return new CourseTests(tests);
    }

    private static String packageOf(String className) {
        String pkg = className.substring(0, Math.max(0, className.lastIndexOf('.')));
        return pkg.substring(pkg.lastIndexOf('.') + 1);
    }

    /** {class, method} of every test case in the reports. */
    private static List<String[]> testCases(Path reportsDir) throws IOException {
        List<String[]> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(reportsDir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList()) {
                String className = file.getFileName().toString().replaceFirst("^TEST-", "").replaceFirst("\\.xml$", "");
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("<testcase name=\"([^\"]*)\"")
                        .matcher(Files.readString(file));
                while (m.find()) {
                    cases.add(new String[] {className, m.group(1)});
                }
            }
        }
        return cases;
    }
}
