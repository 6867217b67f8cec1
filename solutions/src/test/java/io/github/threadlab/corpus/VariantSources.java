package io.github.threadlab.corpus;

import io.github.threadlab.corpus.VariantPatch.BrokenPatchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The one place that turns a variant into the {@code .java} files to compile, for the corpus run, the docs'
 * timelines and the rejection rates alike:
 * <ul>
 *   <li>a folder of whole files (a correct variant, the stubs, the reference): its files as they are;</li>
 *   <li>a patch ({@link VariantPatch}): applied to its base and written out under {@code
 *   <output>/<exercise>/<kind>/<variant>/src}, so that compiler errors and stack traces name a file one can open.
 *   The base is the reference ({@code Base: reference}) or a correct variant ({@code Base: correct/<name>}): that
 *   solution's files, the reference's where it has none of its own, without their header comment (the patch's
 *   preamble is the header). A correct variant that is one idea away from another solution is itself a patch, so
 *   a base may be a patch on a base in turn, at most {@value #MAX_BASES} deep. What is written out and compiled:
 *   the files the patch changes or adds, and a correct base's own files; the reference supplies the rest through
 *   the class path.</li>
 * </ul>
 *
 * @param solutions the exercises' solution folders: {@code <exercise>/corpus/{wrong,correct}/...} and the
 *                  reference, {@code <exercise>/src/main/java/io/github/threadlab/<exercise>/*.java}
 * @param output    where patched variants are written out, {@code <exercise>/<kind>/<variant>/src}
 */
record VariantSources(Path solutions, Path output) {

    private static final String REFERENCE = "reference";
    private static final String CORRECT = Variant.Kind.CORRECT.folder + "/";
    /** How deep patches may rest on patches: deeper is a cycle, or a corpus no one could follow. */
    static final int MAX_BASES = 3;

    /** Whether {@code source} is a variant written as a patch rather than a folder of whole files. */
    static boolean isPatch(Path source) {
        return source.getFileName().toString().endsWith(VariantPatch.SUFFIX);
    }

    /**
     * The {@code .java} files to compile for {@code variant}, sorted.
     *
     * @throws BrokenPatchException when the variant is a patch that cannot be read or no longer applies
     */
    List<Path> javaFiles(Variant variant) {
        return isPatch(variant.source()) ? writePatched(variant) : javaFilesIn(variant.source());
    }

    /** The header of the variant at {@code source}: the patch's preamble, or the comment block of a folder's file. */
    static Variant.Header header(Path source, Variant.Kind kind) {
        if (!isPatch(source)) {
            return Variant.Header.of(source, kind);
        }
        try {
            return Variant.Header.ofLines(VariantPatch.read(source).preamble(), kind);
        } catch (BrokenPatchException e) {
            return Variant.Header.problem(e.getMessage());
        }
    }

    private List<Path> writePatched(Variant variant) {
        Map<String, List<String>> written = ownFiles(variant.exercise(), variant.source(), 0);
        Path folder = output.resolve(variant.exercise()).resolve(variant.kind().folder).resolve(variant.name())
                .resolve("src");
        List<Path> files = new ArrayList<>();
        try {
            deleteRecursively(folder);
            Files.createDirectories(folder);
            for (Map.Entry<String, List<String>> file : written.entrySet()) {
                Path path = folder.resolve(file.getKey());
                Files.write(path, file.getValue(), StandardCharsets.UTF_8);
                files.add(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The files in which the patch at {@code source} and the bases under it differ from the reference. */
    private Map<String, List<String>> ownFiles(String exercise, Path source, int depth) {
        VariantPatch patch = VariantPatch.read(source);
        Map<String, List<String>> own = baseFiles(exercise, source, patch.base(), depth);
        Map<String, List<String>> solution = new TreeMap<>(javaFilesByName(referenceFolder(exercise)));
        solution.putAll(own);
        Map<String, List<String>> written = new TreeMap<>(own);
        written.putAll(patch.applyTo(solution));
        return written;
    }

    /**
     * The base's own files: none for the reference; a correct variant's whole files without their header comment,
     * or what its own patch makes of its base.
     */
    private Map<String, List<String>> baseFiles(String exercise, Path source, String base, int depth) {
        if (base.equals(REFERENCE)) {
            return Map.of();
        }
        Path named = base.startsWith(CORRECT) && !base.contains("..") ? corpus(exercise).resolve(base) : null;
        Path patch = named == null ? null : named.resolveSibling(named.getFileName() + VariantPatch.SUFFIX);
        if (patch != null && Files.isRegularFile(patch)) {
            if (depth >= MAX_BASES) {
                throw new BrokenPatchException(source + ": its bases go more than " + MAX_BASES + " deep (a base "
                        + "that is, through other patches, its own base?); the last one named is " + base);
            }
            return ownFiles(exercise, patch, depth + 1);
        }
        if (named == null || !Files.isDirectory(named)) {
            throw new BrokenPatchException(source + ": its preamble needs a line 'Base: reference' or "
                    + "'Base: correct/<name>' naming a correct variant of " + exercise
                    + (base.isEmpty() ? "" : "; there is no folder or patch " + named));
        }
        Map<String, List<String>> files = new LinkedHashMap<>();
        javaFilesByName(named).forEach((name, lines) -> files.put(name, withoutHeader(lines)));
        return files;
    }

    /** {@code exercise}'s corpus: {@code wrong/} and {@code correct/}. */
    Path corpus(String exercise) {
        return solutions.resolve(exercise).resolve("corpus");
    }

    /** The reference's folder of {@code exercise}'s package. */
    Path referenceFolder(String exercise) {
        return solutions.resolve(Path.of(exercise, "src", "main", "java", "io", "github", "threadlab", exercise));
    }

    /** {@code lines} without a leading comment block that is a variant's header (WRONG: or CORRECT:). */
    static List<String> withoutHeader(List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).strip().startsWith("/*")
                || Variant.Header.parse(String.join("\n", lines)) == null) {
            return lines;
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("*/")) {
                return lines.subList(i + 1, lines.size());
            }
        }
        return lines;
    }

    private static Map<String, List<String>> javaFilesByName(Path folder) {
        Map<String, List<String>> files = new TreeMap<>();
        try {
            for (Path file : javaFilesIn(folder)) {
                files.put(folder.relativize(file).toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static List<Path> javaFilesIn(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
