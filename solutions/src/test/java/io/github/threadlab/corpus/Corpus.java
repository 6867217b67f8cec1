package io.github.threadlab.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where the corpus runner finds what it grades, and where it puts what it compiles. Every folder comes from a
 * system property that the solutions build sets, with a default relative to the solutions module:
 * <ul>
 *   <li>{@code threadlab.solutions} ({@code .}): the exercises' solution folders, each with its reference in
 *   {@code <exercise>/src/main/java/io/github/threadlab/<exercise>/} (the base of most patches) and its corpus,
 *   {@code <exercise>/corpus/wrong/<variant>.patch} and {@code <exercise>/corpus/correct/<variant>/*.java} (a
 *   variant of either kind may be a patch or a folder);</li>
 *   <li>{@code threadlab.exercises} ({@code ../exercises}): the exercise folders, with the stubs in
 *   {@code <exercise>/src/main/java/io/github/threadlab/<exercise>/};</li>
 *   <li>{@code threadlab.classes} and {@code threadlab.testClasses} ({@code target/classes},
 *   {@code target/test-classes}): the reference with the course-provided classes, and the graded tests;</li>
 *   <li>{@code threadlab.corpusOutput} ({@code target/corpus}): the patched and the compiled variants.</li>
 * </ul>
 */
record Corpus(Path root, Path exercisesFolder, Path classes, Path testClasses, Path output) {

    static Corpus fromSystemProperties() {
        return new Corpus(folder("threadlab.solutions", "."),
                folder("threadlab.exercises", "../exercises"),
                folder("threadlab.classes", "target/classes"),
                folder("threadlab.testClasses", "target/test-classes"),
                folder("threadlab.corpusOutput", "target/corpus"));
    }

    /**
     * The exercises (folders with a manifest) whose solution folder has a corpus, sorted by name; only those named in the system property
     * {@code threadlab.corpus.exercises} (comma-separated) when it is set.
     */
    List<String> exercises() {
        String only = System.getProperty("threadlab.corpus.exercises", "").trim();
        if (only.isEmpty()) {
            return withCorpus();
        }
        List<String> chosen = List.of(only.split("\\s*,\\s*"));
        return withCorpus().stream().filter(chosen::contains).toList();
    }

    /**
     * {@link #exercises()}, the one with the most variants first (ties in name order): the order in which the JVMs
     * running the corpus take them ({@link CorpusQueue}), so that the last ones to start are short.
     */
    List<String> exercisesLargestFirst() {
        Map<String, Integer> size = new TreeMap<>();
        exercises().forEach(e -> size.put(e, variants(e).size()));
        List<String> bySize = new ArrayList<>(size.keySet());
        bySize.sort(Comparator.comparing(size::get).reversed()); // stable: ties stay in name order
        return bySize;
    }

    /** An exercise's correct variants, then its stubs, then its wrong variants, each sorted by name. */
    List<Variant> variants(String exercise) {
        List<Variant> variants = new ArrayList<>(variants(exercise, Variant.Kind.CORRECT));
        variants.add(new Variant(exercise, Variant.Kind.STUBS, "stubs",
                exercisesFolder.resolve(Path.of(exercise, "src", "main", "java", "io", "github", "threadlab", exercise)),
                Variant.Header.NONE));
        variants.addAll(variants(exercise, Variant.Kind.WRONG));
        return variants;
    }

    /** The variants in {@code <exercise>/<kind>/}: its {@code .patch} files and its folders, sorted by name. */
    private List<Variant> variants(String exercise, Variant.Kind kind) {
        Path folder = sources().corpus(exercise).resolve(kind.folder);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        // A wrong variant's Breaks line names clauses of the contract: its ids must be the stubs' own.
        ContractClauses clauses = kind == Variant.Kind.WRONG ? clauses(exercise) : null;
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(p -> Files.isDirectory(p) || VariantSources.isPatch(p))
                    .sorted(Comparator.comparing(Corpus::variantName))
                    .map(p -> {
                        Variant.Header header = VariantSources.header(p, kind);
                        return new Variant(exercise, kind, variantName(p), p,
                                clauses == null ? header : header.checkedAgainst(clauses));
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ids of {@code exercise}'s contract clauses, from its stubs' javadoc ({@code <exercise>/src/main/java}). */
    ContractClauses clauses(String exercise) {
        return ContractClauses.of(exercise, exercisesFolder.resolve(exercise).resolve(Path.of("src", "main", "java")));
    }

    private static String variantName(Path source) {
        String name = source.getFileName().toString();
        return VariantSources.isPatch(source) ? name.substring(0, name.length() - VariantPatch.SUFFIX.length()) : name;
    }

    /** Turns variants into the files to compile; patches are written out under {@link #output()}. */
    VariantSources sources() {
        return new VariantSources(root, output);
    }

    GradedSuite suite() {
        return new GradedSuite(classes, testClasses, output, sources());
    }

    /** The reference's folder of {@code exercise}'s package. */
    Path referenceFolder(String exercise) {
        return sources().referenceFolder(exercise);
    }

    private List<String> withCorpus() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            // An exercise is a folder with a manifest (target/corpus, where variants are written out, is none).
            return children.map(p -> p.getFileName().toString())
                    .filter(name -> Files.isRegularFile(exercisesFolder.resolve(name).resolve(ExerciseFolder.MANIFEST)))
                    .filter(name -> Files.isDirectory(sources().corpus(name))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path folder(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
    }
}
