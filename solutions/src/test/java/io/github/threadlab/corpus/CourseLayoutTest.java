package io.github.threadlab.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Checks that every exercise has all its parts, so that a new one cannot ship half done: for each graded
 * test class ({@code @Exercise(number = N, name = "x")} under {@code exercises/src/test/java}) there must be
 * the stub, the student docs, a line in both READMEs, the reference, and a corpus with enough wrong and
 * correct variants. Each missing part fails with the path it was expected at.
 */
@Tag("corpus")
class CourseLayoutTest {

    /** The fewest wrong and correct variants an exercise's corpus may have. */
    static final int MIN_WRONG = 6;
    static final int MIN_CORRECT = 2;

    private static final Pattern EXERCISE = Pattern.compile(
            "@Exercise\\(\\s*number\\s*=\\s*(\\d+)\\s*,\\s*name\\s*=\\s*\"([a-z0-9]+)\"\\s*\\)");

    private static final Path ROOT = Path.of(System.getProperty("threadlab.root", "..")).toAbsolutePath().normalize();

    @TestFactory
    Stream<DynamicTest> every_exercise_has_stub_tests_docs_reference_and_corpus() {
        List<String> exercises = exercises();
        if (exercises.isEmpty()) {
            throw new AssertionFailedError("no @Exercise test class under " + ROOT.resolve("exercises/src/test/java"));
        }
        return exercises.stream().map(name -> DynamicTest.dynamicTest(name, () -> check(name)));
    }

    private static void check(String name) {
        List<String> missing = new ArrayList<>();
        Path pkg = Path.of("io", "github", "threadlab", name);
        requireJava(missing, "the stub", ROOT.resolve("exercises/src/main/java").resolve(pkg));
        requireFile(missing, "the student docs", ROOT.resolve("exercises/docs/" + name + ".md"));
        requireLink(missing, "the exercise table of the README", ROOT.resolve("README.md"),
                "exercises/docs/" + name + ".md");
        requireLink(missing, "the exercise table of the student README", ROOT.resolve(
                "archetype/src/main/resources/archetype-resources/README.md"), "docs/" + name + ".md");
        requireJava(missing, "the reference solution", ROOT.resolve("solutions/src/main/java").resolve(pkg));
        requireVariants(missing, ROOT.resolve("solutions/corpus/" + name + "/wrong"), MIN_WRONG);
        requireVariants(missing, ROOT.resolve("solutions/corpus/" + name + "/correct"), MIN_CORRECT);
        if (!missing.isEmpty()) {
            throw new AssertionFailedError("exercise '" + name + "' is incomplete (see \"Adding an exercise\" in "
                    + "README.md):\n  " + String.join("\n  ", missing));
        }
    }

    /** The exercise names declared by {@code @Exercise} on the graded test classes, in course order. */
    private static List<String> exercises() {
        record Declared(int number, String name) {
        }
        List<Declared> declared = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("exercises/src/test/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = EXERCISE.matcher(Files.readString(file, StandardCharsets.UTF_8));
                if (m.find()) {
                    declared.add(new Declared(Integer.parseInt(m.group(1)), m.group(2)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return declared.stream().sorted((a, b) -> Integer.compare(a.number(), b.number())).map(Declared::name)
                .distinct().toList();
    }

    private static void requireFile(List<String> missing, String what, Path file) {
        if (!Files.isRegularFile(file)) {
            missing.add(what + ": no file " + ROOT.relativize(file));
        }
    }

    private static void requireJava(List<String> missing, String what, Path folder) {
        if (!Files.isDirectory(folder) || list(folder).stream().noneMatch(p -> p.toString().endsWith(".java"))) {
            missing.add(what + ": no Java source in " + ROOT.relativize(folder));
        }
    }

    private static void requireLink(List<String> missing, String what, Path readme, String target) {
        try {
            if (!Files.readString(readme, StandardCharsets.UTF_8).contains("(" + target + ")")) {
                missing.add(what + ": " + ROOT.relativize(readme) + " has no link to " + target);
            }
        } catch (IOException e) {
            missing.add(what + ": cannot read " + ROOT.relativize(readme) + ": " + e.getMessage());
        }
    }

    private static void requireVariants(List<String> missing, Path folder, int minimum) {
        long count = Files.isDirectory(folder) ? list(folder).stream()
                .filter(p -> Files.isDirectory(p) || VariantSources.isPatch(p)).count() : 0;
        if (count < minimum) {
            missing.add("the corpus: " + count + " variant(s) in " + ROOT.relativize(folder) + ", at least "
                    + minimum + " required");
        }
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> children = Files.list(folder)) {
            return children.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
