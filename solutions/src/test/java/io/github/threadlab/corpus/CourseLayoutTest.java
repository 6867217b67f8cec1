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
 * Checks that every exercise has all its parts, so that a new one cannot ship half done: for each exercise folder
 * ({@code exercises/<name>/} with its manifest, see {@link ExerciseFolder}) there must be the stubs and the
 * course-provided classes its manifest names, graded tests that say {@code @Exercise(number = N, name = "x")} as
 * the manifest does, the student docs with the manifest's title, its row in the README's table, the poms' lists of source
 * folders, and in its solutions folder ({@code solutions/<name>/}) the reference and a corpus with enough wrong and
 * correct variants. Each missing part fails with the
 * path it was expected at. Each document's hints are a ladder
 * that the archetype can cut down ({@code -Dhints=all|nudges|none}), the command that runs one exercise's tests
 * is written one way wherever a student reads it, and no id opens two clauses of one exercise's contract.
 */
@Tag("corpus")
class CourseLayoutTest {

    /** The fewest wrong and correct variants an exercise's corpus may have. */
    static final int MIN_WRONG = 6;
    static final int MIN_CORRECT = 2;

    private static final Pattern EXERCISE = Pattern.compile(
            "@Exercise\\(\\s*number\\s*=\\s*(\\d+)\\s*,\\s*name\\s*=\\s*\"([a-z0-9]+)\"\\s*\\)");

    private static final Path ROOT = Path.of(System.getProperty("threadlab.root", "..")).toAbsolutePath().normalize();
    private static final Path EXERCISES = ROOT.resolve("exercises");

    @TestFactory
    Stream<DynamicTest> every_exercise_has_stub_tests_docs_reference_and_corpus() {
        List<ExerciseFolder> exercises = ExerciseFolder.all(EXERCISES);
        if (exercises.isEmpty()) {
            throw new AssertionFailedError("no exercise folder (one with " + ExerciseFolder.MANIFEST + ") in "
                    + EXERCISES);
        }
        return exercises.stream().map(exercise -> DynamicTest.dynamicTest(exercise.name(), () -> check(exercise)));
    }

    private static void check(ExerciseFolder exercise) {
        List<String> missing = new ArrayList<>();
        String name = exercise.name();
        Path pkg = Path.of("io", "github", "threadlab", name);
        if (!exercise.folder().getFileName().toString().equals(name)) {
            missing.add("the folder's name: " + ROOT.relativize(exercise.folder()) + " holds exercise '" + name
                    + "'; name the folder after it");
        }
        requireJava(missing, "the stub", exercise.stubsFolder().resolve(pkg));
        requireClasses(missing, "the manifest's student classes", exercise.student(), exercise.stubsFolder());
        requireClasses(missing, "the manifest's provided classes", exercise.provided(), exercise.providedFolder());
        requireDeclared(missing, exercise);
        requireFile(missing, "the student docs", exercise.docs());
        requireTitle(missing, exercise);
        requireHintLadder(missing, exercise.docs());
        Path solutions = ROOT.resolve("solutions").resolve(name);
        requireJava(missing, "the reference solution", solutions.resolve("src/main/java").resolve(pkg));
        requireVariants(missing, solutions.resolve("corpus/wrong"), MIN_WRONG);
        requireVariants(missing, solutions.resolve("corpus/correct"), MIN_CORRECT);
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
        for (ExerciseFolder exercise : ExerciseFolder.all(EXERCISES)) {
            String name = exercise.name();
            Path stubs = exercise.stubsFolder().resolve("io/github/threadlab").resolve(name);
            Path references = ROOT.resolve("solutions").resolve(name).resolve("src/main/java/io/github/threadlab")
                    .resolve(name);
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

    /**
     * A wrong variant's {@code Breaks:} line names the clauses it breaks by the ids that open them in the stubs'
     * javadoc ({@link ContractClauses}); an id that opened two clauses would make that name point at both.
     */
    @Test
    void no_contract_clause_id_is_defined_twice_in_an_exercise() {
        List<String> twice = new ArrayList<>();
        for (ExerciseFolder exercise : ExerciseFolder.all(EXERCISES)) {
            ContractClauses.of(exercise.name(), exercise.stubsFolder()).definedTwice().forEach((id, places) ->
                    twice.add(exercise.name() + ": [" + id + "] opens " + places.size() + " clauses, at "
                            + String.join(", ", places)));
        }
        if (!twice.isEmpty()) {
            throw new AssertionFailedError("a contract clause's id is defined once per exercise (its stubs' javadoc), "
                    + "so that a Breaks line names one clause; rename one of each:\n  " + String.join("\n  ", twice));
        }
    }

    @Test
    void one_exercise_is_run_one_way_everywhere_a_student_reads_it() {
        List<Path> places = new ArrayList<>();
        places.add(ROOT.resolve("archetype/src/main/resources/archetype-resources/README.md"));
        places.add(ROOT.resolve("archetype/src/main/resources/META-INF/archetype-post-generate.groovy"));
        places.add(ROOT.resolve("AUTHORING.md"));
        List<Path> trees = new ArrayList<>();
        for (ExerciseFolder exercise : ExerciseFolder.all(EXERCISES)) {
            trees.add(exercise.folder().resolve("docs"));
            trees.add(exercise.stubsFolder());
            trees.add(ROOT.resolve("solutions").resolve(exercise.name()).resolve("src/main/java"));
        }
        for (Path tree : trees) {
            try (Stream<Path> files = Files.walk(tree)) {
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

    /**
     * The exercise's graded test classes, and only they, say {@code @Exercise(number = N, name = "x")} with its
     * manifest's number and name: the scoreboard and the grader group the tests by it.
     */
    private static void requireDeclared(List<String> missing, ExerciseFolder exercise) {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(exercise.testsFolder())) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            missing.add("the graded tests: no folder " + ROOT.relativize(exercise.testsFolder()));
            return;
        }
        int declaring = 0;
        for (Path source : sources) {
            Matcher m = EXERCISE.matcher(String.join("\n", readLines(source)));
            if (m.find()) {
                declaring++;
                if (Integer.parseInt(m.group(1)) != exercise.number() || !m.group(2).equals(exercise.name())) {
                    missing.add("the graded tests: " + ROOT.relativize(source) + " says " + m.group() + ", the "
                            + "manifest says number " + exercise.number() + ", name \"" + exercise.name() + "\"");
                }
            }
        }
        if (declaring == 0) {
            missing.add("the graded tests: no class with @Exercise(number = " + exercise.number() + ", name = \""
                    + exercise.name() + "\") in " + ROOT.relativize(exercise.testsFolder()));
        }
    }

    /** The docs' first line is "# Exercise N: `name`, title", as the manifest says. */
    private static void requireTitle(List<String> missing, ExerciseFolder exercise) {
        if (!Files.isRegularFile(exercise.docs())) {
            return;
        }
        String expected = "# Exercise " + exercise.number() + ": `" + exercise.name() + "`, " + exercise.title();
        String first = readLines(exercise.docs()).stream().findFirst().orElse("");
        if (!first.equals(expected)) {
            missing.add("the docs' title: " + ROOT.relativize(exercise.docs()) + " begins \"" + first
                    + "\", the manifest makes it \"" + expected + "\"");
        }
    }

    /** The classes a manifest names are the Java files under {@code tree}, no more, no fewer. */
    private static void requireClasses(List<String> missing, String what, List<String> named, Path tree) {
        List<String> found = List.of();
        if (Files.isDirectory(tree)) {
            try (Stream<Path> files = Files.walk(tree)) {
                found = files.filter(f -> f.toString().endsWith(".java"))
                        .map(f -> tree.relativize(f).toString().replace(".java", "").replace('/', '.')).sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!found.equals(named)) {
            missing.add(what + ": the manifest names " + named + ", " + ROOT.relativize(tree) + " holds " + found);
        }
    }

    /**
     * The poms list every exercise folder's source folders, and only those (Maven has no wildcard for them), and
     * the README's table has a row per manifest: as {@code scripts/exercise-folders.sh} writes them, which it
     * checks itself with {@code --check}, so that the lists' format lives in one place.
     */
    @Test
    void the_poms_and_the_readme_list_the_exercise_folders_as_the_script_writes_them() throws Exception {
        Process check = new ProcessBuilder("bash", "scripts/exercise-folders.sh", "--check").directory(ROOT.toFile())
                .redirectErrorStream(true).start();
        String said = new String(check.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (check.waitFor() != 0) {
            throw new AssertionFailedError("the lists of exercise folders are out of date:\n" + said);
        }
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
