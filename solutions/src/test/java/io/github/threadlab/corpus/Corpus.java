package io.github.threadlab.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the corpus runner finds what it grades, and where it puts what it compiles. Every folder comes from a
 * system property that the solutions build sets, with a default relative to the solutions module:
 * <ul>
 *   <li>{@code threadlab.corpus} ({@code corpus}): {@code <exercise>/wrong/<variant>.patch} and
 *   {@code <exercise>/correct/<variant>/*.java} (a variant of either kind may be a patch or a folder);</li>
 *   <li>{@code threadlab.stubs} ({@code ../exercises/src/main/java}): the stubs, in
 *   {@code io/github/threadlab/<exercise>/};</li>
 *   <li>{@code threadlab.references} ({@code src/main/java}): the reference solutions' sources, the base of
 *   most patches;</li>
 *   <li>{@code threadlab.classes} and {@code threadlab.testClasses} ({@code target/classes},
 *   {@code target/test-classes}): the reference with the course-provided classes, and the graded tests;</li>
 *   <li>{@code threadlab.corpusOutput} ({@code target/corpus}): the patched and the compiled variants.</li>
 * </ul>
 */
record Corpus(Path root, Path stubs, Path references, Path classes, Path testClasses, Path output) {

    static Corpus fromSystemProperties() {
        return new Corpus(folder("threadlab.corpus", "corpus"),
                folder("threadlab.stubs", "../exercises/src/main/java"),
                folder("threadlab.references", "src/main/java"),
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
        List<Variant> variants = new ArrayList<>(variants(exercise, Variant.Kind.CORRECT));
        variants.add(new Variant(exercise, Variant.Kind.STUBS, "stubs",
                stubs.resolve(Path.of("io", "github", "threadlab", exercise)), Variant.Header.NONE));
        variants.addAll(variants(exercise, Variant.Kind.WRONG));
        return variants;
    }

    /** The variants in {@code <exercise>/<kind>/}: its {@code .patch} files and its folders, sorted by name. */
    private List<Variant> variants(String exercise, Variant.Kind kind) {
        Path folder = root.resolve(exercise).resolve(kind.folder);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(p -> Files.isDirectory(p) || VariantSources.isPatch(p))
                    .sorted(Comparator.comparing(Corpus::variantName))
                    .map(p -> new Variant(exercise, kind, variantName(p), p, VariantSources.header(p, kind)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String variantName(Path source) {
        String name = source.getFileName().toString();
        return VariantSources.isPatch(source) ? name.substring(0, name.length() - VariantPatch.SUFFIX.length()) : name;
    }

    /** Turns variants into the files to compile; patches are written out under {@link #output()}. */
    VariantSources sources() {
        return new VariantSources(root, references, output);
    }

    GradedSuite suite() {
        return new GradedSuite(classes, testClasses, output, sources());
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
