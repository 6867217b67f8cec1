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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Checks that every exercise has all its parts, so that a new one cannot ship half done: for each graded
 * test class ({@code @Exercise(number = N, name = "x")} under {@code exercises/src/test/java}) there must be
 * the stub, the student docs, a line in both READMEs, the reference, and a corpus with enough wrong and
 * correct variants. Each missing part fails with the path it was expected at. Each document's hints are a ladder
 * that the archetype can cut down ({@code -Dhints=all|nudges|none}), and the command that runs one exercise's tests
 * is written one way wherever a student reads it.
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
        requireHintLadder(missing, ROOT.resolve("exercises/docs/" + name + ".md"));
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

    /** The one way to run one exercise's tests: {@code -Dtest='io.github.threadlab.<exercise>.*Test'}. */
    static final String ONE_EXERCISE = "*Test";

    /** {@code -Dtest=} naming a package of the course: the exercise, and what follows its name. */
    private static final Pattern EXERCISE_FILTER = Pattern.compile(
            "-Dtest=['\"]?io\\.github\\.threadlab\\.([\\w<>${}]+)\\.([^'\"\\s,]*)");

    /**
     * Where a student (or a Classroom workflow) reads how to run one exercise's tests: the student README, the
     * exercise documents, the stubs' and references' HOW TO RUN blocks, the post-generate script that writes the
     * Classroom workflow, and the authors' guide. Surefire 3 accepts {@code .**} as well, but one form is easier to
     * trust. The course README's measurement commands, which name several packages at once, are not for students.
     */
    /**
     * The contract is written once, in the stub's javadoc: a reference that repeated it on its public members would
     * drift from it unseen (the Fetcher's copy once had). A reference's own helpers keep their javadoc.
     */
    @Test
    void the_references_do_not_repeat_the_contract() throws IOException {
        Pattern documentedPublic = Pattern.compile("(?m)^    /\\*\\*(?:(?!\\*/)[\\s\\S])*\\*/\\n"
                + "(?:    @\\w+[^\\n]*\\n)*    (?:public|protected) ([^\\n(=]*)");
        List<String> copies = new ArrayList<>();
        for (String name : exercises()) {
            Path stubs = ROOT.resolve("exercises/src/main/java/io/github/threadlab").resolve(name);
            Path references = ROOT.resolve("solutions/src/main/java/io/github/threadlab").resolve(name);
            try (Stream<Path> files = Files.list(stubs)) {
                for (Path stub : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Path reference = references.resolve(stub.getFileName().toString());
                    if (!Files.isRegularFile(reference)) {
                        continue;
                    }
                    Matcher m = documentedPublic.matcher(Files.readString(reference));
                    while (m.find()) {
                        copies.add(ROOT.relativize(reference) + ": " + m.group(1).strip());
                    }
                }
            }
        }
        if (!copies.isEmpty()) {
            throw new AssertionFailedError("a reference repeats the stub's javadoc on a public member; the contract "
                    + "is the stub's alone, so remove the copy:\n  " + String.join("\n  ", copies));
        }
    }

    @Test
    void one_exercise_is_run_one_way_everywhere_a_student_reads_it() {
        List<Path> places = new ArrayList<>();
        places.add(ROOT.resolve("archetype/src/main/resources/archetype-resources/README.md"));
        places.add(ROOT.resolve("archetype/src/main/resources/META-INF/archetype-post-generate.groovy"));
        places.add(ROOT.resolve("AUTHORING.md"));
        for (String tree : List.of("exercises/docs", "exercises/src/main/java", "solutions/src/main/java")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(tree))) {
                files.filter(f -> f.toString().endsWith(".md") || f.toString().endsWith(".java")).forEach(places::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<String> other = new ArrayList<>();
        int found = 0;
        for (Path place : places) {
            List<String> lines = readLines(place);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = EXERCISE_FILTER.matcher(lines.get(i));
                while (m.find()) {
                    found++;
                    if (!m.group(2).equals(ONE_EXERCISE)) {
                        other.add(ROOT.relativize(place) + ":" + (i + 1) + ": " + m.group());
                    }
                }
            }
        }
        if (found == 0) {
            throw new AssertionFailedError("no -Dtest='io.github.threadlab.<exercise>." + ONE_EXERCISE + "' in "
                    + places.size() + " files: has the command moved?");
        }
        if (!other.isEmpty()) {
            throw new AssertionFailedError("one exercise's tests are run with -Dtest='io.github.threadlab.<exercise>."
                    + ONE_EXERCISE + "' everywhere a student reads it; these say otherwise:\n  "
                    + String.join("\n  ", other));
        }
    }

    /** The rungs of a hint ladder, in the order a document gives them; the archetype keeps some of them. */
    static final List<String> RUNGS = List.of("nudge", "approach", "recipe");

    private static final Pattern RUNG = Pattern.compile("^<details class=\"hint-([\\w-]+)\">\\s*$");

    /**
     * The document's "## Hints" section holds a nudge, an approach and a recipe, in that order, each a block from a
     * line {@code <details class="hint-KIND">} to a line {@code </details>} (what the archetype's post-generate
     * script cuts by), with a summary; rungs elsewhere (a "Sharing results between threads" section's approach)
     * are closed too.
     */
    private static void requireHintLadder(List<String> missing, Path doc) {
        if (!Files.isRegularFile(doc)) {
            return;
        }
        List<String> lines = readLines(doc);
        List<String> inHints = new ArrayList<>();
        String section = "";
        String open = null;
        int openedAt = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher rung = RUNG.matcher(line);
            if (line.startsWith("## ")) {
                if (open != null) {
                    missing.add("the hints: " + ROOT.relativize(doc) + ":" + openedAt + ": the hint-" + open
                            + " rung is not closed by </details> before the next section");
                    open = null;
                }
                section = line.trim();
            } else if (rung.matches()) {
                if (open != null) {
                    missing.add("the hints: " + ROOT.relativize(doc) + ":" + (i + 1) + ": a rung inside the hint-"
                            + open + " rung");
                }
                open = rung.group(1);
                openedAt = i + 1;
                if (!RUNGS.contains(open)) {
                    missing.add("the hints: " + ROOT.relativize(doc) + ":" + openedAt + ": a rung of kind " + open
                            + ", the kinds are " + RUNGS);
                }
                if (i + 1 >= lines.size() || !lines.get(i + 1).startsWith("<summary>")) {
                    missing.add("the hints: " + ROOT.relativize(doc) + ":" + openedAt + ": the hint-" + open
                            + " rung has no <summary> on its next line");
                }
                if (section.equals("## Hints")) {
                    inHints.add(open);
                }
            } else if (open != null && line.trim().equals("</details>")) {
                open = null;
            }
        }
        if (open != null) {
            missing.add("the hints: " + ROOT.relativize(doc) + ":" + openedAt + ": the hint-" + open
                    + " rung is not closed by </details>");
        }
        if (!inHints.equals(RUNGS)) {
            missing.add("the hints: the \"## Hints\" section of " + ROOT.relativize(doc) + " has the rungs " + inHints
                    + ", it needs " + RUNGS + " in that order (see AUTHORING.md)");
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
