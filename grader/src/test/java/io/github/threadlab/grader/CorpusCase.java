package io.github.threadlab.grader;

import com.github.difflib.patch.PatchFailedException;
import com.github.difflib.unifieddiff.UnifiedDiff;
import com.github.difflib.unifieddiff.UnifiedDiffFile;
import com.github.difflib.unifieddiff.UnifiedDiffReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One bad submission of {@code grader/corpus}, as the integration test hands it in. A case is a folder: its
 * {@code expected.properties}, the files it has of its own (a pom, tests, a harness, forged reports) and, for each
 * exercise package it changes, {@code <exercise>.patch}: a unified diff whose first line, {@code Base: reference}
 * or {@code Base: stub}, says what it changes, the exercise's reference solution or its stub. The submission gets
 * every file of that package, the ones the diff names as patched; so a case is its one bad move, not a copy of the
 * reference.
 */
final class CorpusCase {

    private static final String SUFFIX = ".patch";
    private static final Path ROOT = Path.of(System.getProperty("threadlab.grader.root", ".."));

    private CorpusCase() {
    }

    /** Writes the case in {@code dir} out as a submission folder {@code into}. */
    static void handIn(Path dir, Path into) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = dir.relativize(file);
                if (relative.getNameCount() == 1 && file.getFileName().toString().endsWith(SUFFIX)) {
                    patchedPackage(file, into);
                } else {
                    Files.createDirectories(into.resolve(relative.toString()).getParent());
                    Files.copy(file, into.resolve(relative.toString()));
                }
            }
        }
    }

    private static void patchedPackage(Path patch, Path into) throws IOException {
        String name = patch.getFileName().toString();
        String exercise = name.substring(0, name.length() - SUFFIX.length());
        String packagePath = "src/main/java/" + Course.BASE_PACKAGE_PATH + "/" + exercise;
        String base = Files.readAllLines(patch).get(0);
        Path from = switch (base) {
            case "Base: reference" -> ROOT.resolve("solutions").resolve(exercise).resolve(packagePath);
            case "Base: stub" -> ROOT.resolve("exercises").resolve(exercise).resolve(packagePath);
            default -> throw new IllegalStateException(patch + " begins with '" + base
                    + "', not 'Base: reference' or 'Base: stub'");
        };
        Path target = into.resolve(packagePath);
        FileTrees.copy(from, target);
        UnifiedDiff diff;
        try (InputStream in = Files.newInputStream(patch)) {
            diff = UnifiedDiffReader.parseUnifiedDiff(in);
        }
        for (UnifiedDiffFile file : diff.getFiles()) {
            Path changed = target.resolve(file.getToFile().replaceFirst("^b/", ""));
            List<String> original = Files.exists(changed) ? Files.readAllLines(changed) : List.of();
            try {
                Files.write(changed, file.getPatch().applyTo(original));
            } catch (PatchFailedException e) {
                throw new UncheckedIOException(new IOException(patch + " no longer applies to " + from + " ("
                        + e.getMessage() + "): make the case's change again on today's " + base.substring(6), e));
            }
        }
    }
}
