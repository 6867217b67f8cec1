package io.github.threadlab.grader;

import de.jplag.JPlag;
import de.jplag.JPlagComparison;
import de.jplag.JPlagResult;
import de.jplag.clustering.ClusteringOptions;
import de.jplag.exceptions.ExitException;
import de.jplag.java.JavaLanguage;
import de.jplag.options.JPlagOptions;
import de.jplag.reporting.reportobject.ReportObjectFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Compares submissions with each other, one exercise at a time, with JPlag: each submission's files of the
 * exercise's package (the same files {@code grade} would take: the stubs it filled in and classes it added, never
 * a course-provided class) against every other's, with the course's stubs as base code so that the text every
 * student was given is not counted as shared. Writes JPlag's report per exercise, {@code <exercise>.jplag.zip},
 * which JPlag's report viewer opens.
 */
final class SimilarityCheck {

    /** A pair of submissions and how much of their exercise code JPlag found shared. */
    record Pair(String exercise, String first, String second, double similarity, double maxSimilarity,
            int matchedTokens) {
    }

    /** A submission left out of an exercise's comparison, and why. */
    record Skipped(String exercise, String submission, String reason) {
    }

    /** What one exercise's comparison found. */
    record ExerciseResult(String exercise, int compared, List<Pair> pairs, List<Skipped> skipped,
            Optional<Path> report) {
    }

    private final Course course;
    private final Integer minimumTokens;

    /** @param minimumTokens JPlag's minimum match length in tokens, or null for JPlag's default for Java */
    SimilarityCheck(Course course, Integer minimumTokens) {
        this.course = course;
        this.minimumTokens = minimumTokens;
    }

    /** Compares the submissions' code of one exercise; {@code work} is scratch space, {@code out} gets the report. */
    ExerciseResult compare(String exercise, List<Submission> submissions, Path work, Path out) throws IOException {
        Path staged = work.resolve(exercise).resolve("submissions");
        Path base = work.resolve(exercise).resolve("base");
        FileTrees.delete(work.resolve(exercise));
        Files.createDirectories(staged);
        stageBase(exercise, base);
        List<Skipped> skipped = new ArrayList<>();
        // JPlag names a submission by its folder, the submission's safe name; reports use the submission's name.
        Map<String, String> names = new LinkedHashMap<>();
        Set<String> stagedNames = new LinkedHashSet<>();
        for (Submission s : submissions) {
            names.put(s.safeName(), s.name());
            Optional<String> problem = stage(s, exercise, work.resolve("unpacked").resolve(s.safeName()),
                    staged.resolve(s.safeName()));
            if (problem.isPresent()) {
                FileTrees.delete(staged.resolve(s.safeName()));   // JPlag takes every folder it finds
                skipped.add(new Skipped(exercise, s.name(), problem.get()));
            } else {
                stagedNames.add(s.safeName());
            }
        }
        if (stagedNames.size() < 2) {
            stagedNames.forEach(name -> skipped.add(new Skipped(exercise, names.get(name),
                    "not compared: no other submission has code of this exercise")));
            return new ExerciseResult(exercise, 0, List.of(), skipped, Optional.empty());
        }
        JPlagOptions options = new JPlagOptions(new JavaLanguage(), Set.of(staged.toFile()), Set.of())
                .withBaseCodeSubmissionDirectory(base.toFile())
                .withMinimumTokenMatch(minimumTokens)
                .withMaximumNumberOfComparisons(JPlagOptions.SHOW_ALL_COMPARISONS)
                .withClusteringOptions(new ClusteringOptions().withEnabled(false));
        JPlagResult result;
        try {
            result = JPlag.run(options);
        } catch (ExitException e) {
            // JPlag stops when fewer than two submissions have enough code beyond the base code.
            stagedNames.forEach(name -> skipped.add(new Skipped(exercise, names.get(name),
                    "not compared: " + e.getMessage())));
            return new ExerciseResult(exercise, 0, List.of(), skipped, Optional.empty());
        }
        Set<String> compared = new LinkedHashSet<>();
        result.getSubmissions().getSubmissions().forEach(s -> compared.add(s.getName()));
        for (String name : stagedNames) {
            if (!compared.contains(name)) {
                skipped.add(new Skipped(exercise, names.get(name),
                        "not compared: too little code beyond the course's stubs"));
            }
        }
        List<Pair> pairs = new ArrayList<>();
        for (JPlagComparison c : result.getAllComparisons()) {
            pairs.add(new Pair(exercise, names.get(c.firstSubmission().getName()),
                    names.get(c.secondSubmission().getName()),
                    c.similarity(), c.maximalSimilarity(), c.getNumberOfMatchedTokens()));
        }
        pairs.sort(Comparator.comparingDouble(Pair::similarity).reversed()
                .thenComparing(Pair::first).thenComparing(Pair::second));
        Files.createDirectories(out);
        Path report = out.resolve(exercise + ".jplag.zip");
        Files.deleteIfExists(report);
        new ReportObjectFactory(report.toFile()).createAndSaveReport(result);
        return new ExerciseResult(exercise, compared.size(), List.copyOf(pairs), skipped, Optional.of(report));
    }

    /** The course's stubs of the exercise, the base code JPlag subtracts. */
    private void stageBase(String exercise, Path base) throws IOException {
        Path from = course.root().resolve("src/main/java").resolve(Course.BASE_PACKAGE_PATH).resolve(exercise);
        Files.createDirectories(base);
        for (Path file : javaFiles(from)) {
            if (Course.isStub(file)) {
                copy(file, base.resolve(from.relativize(file).toString()));
            }
        }
    }

    /** Copies the submission's files of the exercise that {@code grade} would take; says why when there are none. */
    private Optional<String> stage(Submission s, String exercise, Path scratch, Path into) {
        try {
            Files.createDirectories(scratch);
            Optional<Path> mainJava = s.mainJava(scratch);
            if (mainJava.isEmpty()) {
                return Optional.of(Files.isRegularFile(s.source())
                        ? "no src/main/java in the zip (not a zip, or not of the project)"
                        : "no src/main/java in the submission");
            }
            Path from = mainJava.get().resolve(Course.BASE_PACKAGE_PATH).resolve(exercise);
            Path courseMain = course.root().resolve("src/main/java");
            int taken = 0;
            int unchangedStubs = 0;
            for (Path file : javaFiles(from)) {
                Path relative = mainJava.get().relativize(file);
                Path courseFile = courseMain.resolve(relative.toString());
                if (Files.exists(courseFile) && !Course.isStub(courseFile)) {
                    continue; // course-provided: graded from the course's own copy, not the student's
                }
                if (Files.exists(courseFile) && sameCode(file, courseFile)) {
                    unchangedStubs++;
                }
                copy(file, into.resolve(from.relativize(file).toString()));
                taken++;
            }
            if (taken == 0) {
                return Optional.of("no Java files of package io.github.threadlab." + exercise);
            }
            return taken == unchangedStubs ? Optional.of("only the course's stubs, unchanged") : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("unreadable: " + e.getMessage());
        }
    }

    /** The same text but for white space: a stub handed back as it was given. */
    private static boolean sameCode(Path a, Path b) throws IOException {
        return Files.readString(a).replaceAll("\\s+", "").equals(Files.readString(b).replaceAll("\\s+", ""));
    }

    private static List<Path> javaFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)
                    && !Files.isSymbolicLink(p)).sorted().toList();
        }
    }

    private static void copy(Path file, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
    }
}
