package io.github.threadlab.corpus;

import io.github.threadlab.harness.Timeline;
import io.github.threadlab.harness.TimelineArchive;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Draws the timelines that the exercises' docs show: a graded test run against the reference next to the same
 * test run against a typical wrong solution from the corpus (sequential, unbounded, batched), so that the docs'
 * pictures are what the build sees, not drawings. Each exercise lists its pictures in
 * {@code solutions/<exercise>/timelines.properties}.
 *
 * <p>Every picture is written to {@code target/docs-timelines/<exercise>/}. The docs keep a copy in {@code
 * exercises/<exercise>/docs/<exercise>/}; this test fails when a copy is missing, when the docs do not show it, or
 * when it no longer has the structure of a fresh run (its mode, its number of tasks and of bars drawn, its limit: timings
 * differ from run to run, those do not). {@code -Dthreadlab.docs.update=true} refreshes the copies.
 *
 * <p>Where {@link CorpusTest} ran first in this JVM, the pictures were drawn during the corpus run, each group by
 * whichever of its JVMs was free (they are the last items of its queue), and this test reports what was found; run
 * alone, it draws them itself.
 */
@Tag("corpus")
class DocsTimelinesTest {

    private static final Corpus CORPUS = Corpus.fromSystemProperties();
    private static final Path ROOT = Path.of(System.getProperty("threadlab.root", "..")).toAbsolutePath().normalize();
    private static final Path OUTPUT = Path.of("target", "docs-timelines");
    private static final boolean UPDATE = Boolean.getBoolean("threadlab.docs.update");
    private static final String REFERENCE = "reference";
    private static final List<String> STRUCTURE = List.of("data-mode", "data-tasks", "data-bars", "data-limit");
    /** How a corpus queue's item that draws pictures begins. */
    private static final String ITEM = "docs.";

    /**
     * One picture of the docs: {@code test} run against {@code variant} (a wrong one's folder, or the reference).
     * {@code countsFixed} is false for a run that the test stops when it sees the failure, so that how many tasks
     * ran by then depends on the machine's speed: of its structure, only the mode and the limit are compared.
     */
    private record Picture(String exercise, String test, String variant, String file, boolean countsFixed) {

        List<String> structure() {
            return countsFixed ? STRUCTURE : List.of("data-mode", "data-limit");
        }
    }

    /**
     * The pictures, from each exercise's {@code solutions/<exercise>/timelines.properties}: {@code <file> = <graded
     * test>, <variant>[, counts vary]}, in the order of their files' names.
     */
    private static List<Picture> pictures() throws IOException {
        List<Picture> pictures = new ArrayList<>();
        for (String exercise : CORPUS.exercises()) {
            Path list = CORPUS.root().resolve(exercise).resolve("timelines.properties");
            if (!Files.isRegularFile(list)) {
                continue;
            }
            Properties entries = new Properties();
            try (Reader in = Files.newBufferedReader(list, StandardCharsets.UTF_8)) {
                entries.load(in);
            }
            for (String file : new TreeSet<>(entries.stringPropertyNames())) {
                List<String> parts = List.of(entries.getProperty(file).split("\\s*,\\s*"));
                if (parts.size() < 2 || parts.size() > 3 || parts.size() == 3 && !parts.get(2).equals("counts vary")) {
                    throw new IllegalStateException(list + ": " + file + " = " + entries.getProperty(file)
                            + "; the form is <file> = <graded test>, <variant>[, counts vary]");
                }
                pictures.add(new Picture(exercise, parts.get(0), parts.get(1), file, parts.size() == 2));
            }
        }
        return pictures;
    }

    @TestFactory
    Stream<DynamicTest> the_docs_show_timelines_of_the_reference_and_of_typical_wrong_solutions() throws IOException {
        return groups().entrySet().stream().map(group -> DynamicTest.dynamicTest(group.getKey(), () -> {
            Optional<List<String>> drawnInTheCorpusRun = CorpusTest.docsProblems(item(group.getKey()));
            if (drawnInTheCorpusRun.isEmpty()) {
                draw(group.getValue());
            } else if (!drawnInTheCorpusRun.get().isEmpty()) {
                throw new AssertionFailedError(String.join("\n", drawnInTheCorpusRun.get()));
            }
        }));
    }

    /** The pictures by the run that draws them, {@code <exercise> / <variant>}, in the order of their files. */
    private static Map<String, List<Picture>> groups() throws IOException {
        Map<String, List<Picture>> byVariant = new LinkedHashMap<>();
        for (Picture picture : pictures()) {
            byVariant.computeIfAbsent(picture.exercise() + " / " + picture.variant(), k -> new ArrayList<>())
                    .add(picture);
        }
        return byVariant;
    }

    /** The corpus queue's items that draw the docs' pictures, one per group. */
    static List<String> items() {
        try {
            return groups().keySet().stream().map(DocsTimelinesTest::item).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a corpus queue's item is one that draws pictures (the others are exercises). */
    static boolean isItem(String item) {
        return item.startsWith(ITEM);
    }

    /** Draws the pictures of a queue item and says what is wrong with them (empty: nothing). */
    static List<String> problemsOf(String item) {
        try {
            List<Picture> group = groups().entrySet().stream().filter(g -> item(g.getKey()).equals(item))
                    .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new IllegalArgumentException(item));
            draw(group);
            return List.of();
        } catch (AssertionFailedError e) {
            return List.of(e.getMessage());
        } catch (IOException | RuntimeException e) {
            return List.of(item + ": " + e);
        }
    }

    private static String item(String group) {
        return ITEM + group.replace(" / ", ".");
    }

    private static void draw(List<Picture> pictures) throws IOException {
        Picture first = pictures.get(0);
        GradedSuite.Result result;
        TimelineArchive.open();
        try {
            // Only the pictured tests: a picture is one test's timeline, whatever else the suite would run.
            result = CORPUS.suite().compileAndRun(variant(first), pictures.stream().map(Picture::test).distinct().toList());
        } finally {
            TimelineArchive.close();
        }
        if (!result.compileErrors().isEmpty()) {
            throw new AssertionFailedError(first.variant() + " does not compile:\n" + result.compileErrors());
        }
        List<String> problems = new ArrayList<>();
        for (Picture picture : pictures) {
            Timeline timeline = result.timelines().get(picture.test());
            if (timeline == null) {
                problems.add(picture.test() + " recorded no timeline against " + picture.variant());
                continue;
            }
            String svg = timeline.toSvg();
            Path fresh = OUTPUT.resolve(picture.exercise()).resolve(picture.file());
            Files.createDirectories(fresh.getParent());
            Files.writeString(fresh, svg, StandardCharsets.UTF_8);
            Path kept = docs(picture).resolveSibling(picture.exercise()).resolve(picture.file());
            if (UPDATE) {
                Files.createDirectories(kept.getParent());
                Files.writeString(kept, svg, StandardCharsets.UTF_8);
            }
            problems.addAll(compare(picture, svg, kept));
        }
        if (!problems.isEmpty()) {
            throw new AssertionFailedError(String.join("\n", problems) + "\n(-Dthreadlab.docs.update=true "
                    + "refreshes the docs' copies from " + OUTPUT.toAbsolutePath() + ")");
        }
    }

    /** The student page that shows {@code picture}; its pictures sit in the folder beside it named after it. */
    private static Path docs(Picture picture) {
        return ExerciseFolder.read(ROOT.resolve("exercises").resolve(picture.exercise())).docs();
    }

    private static List<String> compare(Picture picture, String fresh, Path kept) throws IOException {
        if (!Files.exists(kept)) {
            return List.of("the docs have no " + kept);
        }
        List<String> problems = new ArrayList<>();
        String docs = Files.readString(docs(picture));
        if (!docs.contains("(" + picture.exercise() + "/" + picture.file() + ")")) {
            problems.add(ROOT.relativize(docs(picture)) + " does not show " + picture.exercise() + "/"
                    + picture.file());
        }
        String old = Files.readString(kept, StandardCharsets.UTF_8);
        for (String attribute : picture.structure()) {
            String was = attribute(old, attribute);
            String now = attribute(fresh, attribute);
            if (!was.equals(now)) {
                problems.add(kept + ": " + attribute + " is " + was + ", a fresh run of " + picture.test()
                        + " against " + picture.variant() + " draws " + now);
            }
        }
        return problems;
    }

    /** The first value of {@code name} in the SVG, or "none". */
    private static String attribute(String svg, String name) {
        Matcher m = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(svg);
        return m.find() ? m.group(1) : "none";
    }

    private static Variant variant(Picture picture) {
        if (picture.variant().equals(REFERENCE)) {
            return new Variant(picture.exercise(), Variant.Kind.CORRECT, REFERENCE,
                    CORPUS.referenceFolder(picture.exercise()),
                    Variant.Header.NONE);
        }
        return CORPUS.variants(picture.exercise()).stream().filter(v -> v.name().equals(picture.variant()))
                .findFirst().orElseThrow(() -> new AssertionFailedError("no corpus variant " + picture.exercise()
                        + "/" + picture.variant()));
    }
}
