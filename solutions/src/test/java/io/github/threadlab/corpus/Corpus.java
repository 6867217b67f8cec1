package io.github.threadlab.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the corpus runner finds what it grades, and where it puts what it compiles. Every folder comes from a
 * system property that the solutions build sets, with a default relative to the solutions module:
 * <ul>
 *   <li>{@code threadlab.corpus} ({@code corpus}): {@code <exercise>/wrong/<variant>/*.java} and
 *   {@code <exercise>/correct/<variant>/*.java};</li>
 *   <li>{@code threadlab.stubs} ({@code ../exercises/src/main/java}): the stubs, in
 *   {@code io/github/threadlab/<exercise>/};</li>
 *   <li>{@code threadlab.classes} and {@code threadlab.testClasses} ({@code target/classes},
 *   {@code target/test-classes}): the reference with the course-provided classes, and the graded tests;</li>
 *   <li>{@code threadlab.corpusOutput} ({@code target/corpus}): the compiled variants.</li>
 * </ul>
 */
record Corpus(Path root, Path stubs, Path classes, Path testClasses, Path output) {

    static Corpus fromSystemProperties() {
        return new Corpus(folder("threadlab.corpus", "corpus"),
                folder("threadlab.stubs", "../exercises/src/main/java"),
                folder("threadlab.classes", "target/classes"),
                folder("threadlab.testClasses", "target/test-classes"),
                folder("threadlab.corpusOutput", "target/corpus"));
    }

    /**
     * The exercises with a corpus folder, sorted by name; only those named in the system property
     * {@code threadlab.corpus.exercises} (comma-separated) when it is set.
     */
    List<String> exercises() {
        String only = System.getProperty("threadlab.corpus.exercises", "").trim();
        if (only.isEmpty()) {
            return subfolders(root);
        }
        List<String> chosen = List.of(only.split("\\s*,\\s*"));
        return subfolders(root).stream().filter(chosen::contains).toList();
    }

    /** An exercise's correct variants, then its stubs, then its wrong variants, each sorted by name. */
    List<Variant> variants(String exercise) {
        List<Variant> variants = new ArrayList<>();
        Path folder = root.resolve(exercise);
        for (String name : subfolders(folder.resolve("correct"))) {
            Path sources = folder.resolve("correct").resolve(name);
            variants.add(new Variant(exercise, Variant.Kind.CORRECT, name, sources,
                    Variant.Header.of(sources, Variant.Kind.CORRECT)));
        }
        variants.add(new Variant(exercise, Variant.Kind.STUBS, "stubs",
                stubs.resolve(Path.of("io", "github", "threadlab", exercise)), Variant.Header.NONE));
        for (String name : subfolders(folder.resolve("wrong"))) {
            Path sources = folder.resolve("wrong").resolve(name);
            variants.add(new Variant(exercise, Variant.Kind.WRONG, name, sources,
                    Variant.Header.of(sources, Variant.Kind.WRONG)));
        }
        return variants;
    }

    GradedSuite suite() {
        return new GradedSuite(classes, testClasses, output);
    }

    private static List<String> subfolders(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path folder(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
    }
}
