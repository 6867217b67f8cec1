package io.github.threadlab.corpus;

import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Chunk;
import com.github.difflib.patch.Patch;
import com.github.difflib.patch.PatchFailedException;
import com.github.difflib.unifieddiff.UnifiedDiff;
import com.github.difflib.unifieddiff.UnifiedDiffFile;
import com.github.difflib.unifieddiff.UnifiedDiffReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A variant written as a patch ({@code corpus/<exercise>/wrong/<variant>.patch}): a unified diff, as {@code diff -U1}
 * writes it, whose preamble (the lines before the first {@code ---}) is the variant's header and names its base:
 * <pre>
 * WRONG: what it does wrong, in one line
 * Breaks: [clause-id][, [clause-id]...]
 * Caught by: test_name[, test_name...]
 * Base: reference                  (or correct/&lt;name&gt;, a correct variant of the same exercise)
 *
 * --- a/SleepTasks.java
 * +++ b/SleepTasks.java
 * &#64;&#64; -40,3 +40,3 &#64;&#64;
 * ...
 * </pre>
 * A file new in the variant is a diff from {@code /dev/null}. java-diff-utils reads and applies the diff; a hunk
 * applies where its context and removed lines are found in the base exactly, at the line the diff names or, if
 * the base has gained or lost lines above it, at the nearest place (as {@code patch} does, without fuzz): a change
 * to the base elsewhere leaves the patch working, a change to the lines it touches makes it fail, naming the hunk.
 */
final class VariantPatch {

    static final String SUFFIX = ".patch";
    private static final String NO_FILE = "/dev/null";

    private final Path file;
    private final List<String> preamble;
    private final List<UnifiedDiffFile> diffs;

    private VariantPatch(Path file, List<String> preamble, List<UnifiedDiffFile> diffs) {
        this.file = file;
        this.preamble = preamble;
        this.diffs = diffs;
    }

    /** Reads {@code file}; a {@link BrokenPatchException} when it is no unified diff. */
    static VariantPatch read(Path file) {
        UnifiedDiff diff;
        try (InputStream in = Files.newInputStream(file)) {
            diff = UnifiedDiffReader.parseUnifiedDiff(in);
        } catch (IOException | RuntimeException e) {
            throw new BrokenPatchException(file + " is not a unified diff that can be read (" + e.getMessage()
                    + "; an empty line of context is a single space: an editor may have stripped it)", e);
        }
        List<String> preamble = diff.getHeader() == null ? List.of() : diff.getHeader().lines().toList();
        return new VariantPatch(file, preamble, diff.getFiles());
    }

    /** The lines before the first file of the diff: the variant's header and its {@code Base:} line. */
    List<String> preamble() {
        return preamble;
    }

    /** What its {@code Base:} line names: {@code reference} or {@code correct/<name>}; empty when it has none. */
    String base() {
        return preamble.stream().map(String::strip).filter(l -> l.startsWith("Base:"))
                .map(l -> l.substring("Base:".length()).strip()).findFirst().orElse("");
    }

    /**
     * Applies the diff to {@code base}, the base's files by name ({@code Gather.java}): each file the diff names,
     * as patched, by name.
     *
     * @throws BrokenPatchException when the diff names a file its base lacks, or a hunk matches nowhere
     */
    Map<String, List<String>> applyTo(Map<String, List<String>> base) {
        if (diffs.isEmpty()) {
            throw new BrokenPatchException(file + " changes no file: after its header it needs a diff, as "
                    + "diff -U1 writes it (--- a/<File>.java, +++ b/<File>.java, then the hunks)");
        }
        Map<String, List<String>> patched = new LinkedHashMap<>();
        for (UnifiedDiffFile diff : diffs) {
            String from = diff.getFromFile();
            String to = diff.getToFile();
            if (to == null || to.equals(NO_FILE)) {
                throw new BrokenPatchException(file + " deletes " + from + ": a variant changes or adds files");
            }
            List<String> original;
            if (from == null || from.equals(NO_FILE)) {
                original = List.of();
            } else if (base.containsKey(from)) {
                original = base.get(from);
            } else {
                throw new BrokenPatchException(file + " changes " + from + ", which its base (" + base() + ") does "
                        + "not have; it has " + String.join(", ", base.keySet()));
            }
            patched.put(to, apply(diff.getPatch(), from, original));
        }
        return patched;
    }

    /**
     * Applies the hunks one at a time, the last first, so that each is looked for where the diff says, in lines that
     * no other hunk has moved yet (the library's {@code applyFuzzy} looks for a whole patch's later hunks in lines
     * its earlier ones shifted, and misses them when those removed more lines than they added).
     */
    private List<String> apply(Patch<String> patch, String name, List<String> original) {
        List<String> result = original;
        try {
            List<AbstractDelta<String>> hunks = patch.getDeltas();
            for (int i = hunks.size() - 1; i >= 0; i--) {
                Patch<String> hunk = new Patch<>(1);
                hunk.addDelta(hunks.get(i));
                List<String> before = result;
                hunk.withConflictOutput((verify, delta, lines) -> {
                    throw new PatchFailedException(describe(delta, before));
                });
                result = hunk.applyFuzzy(result, 0);
            }
            return result;
        } catch (PatchFailedException e) {
            throw new BrokenPatchException(file + " no longer applies to its base (" + base() + "): in " + name
                    + ", " + e.getMessage(), e);
        }
    }

    /** Says which hunk matched nowhere, what it expected and what the base has at the line the diff names. */
    private static String describe(AbstractDelta<String> delta, List<String> original) {
        Chunk<String> expected = delta.getSource();
        int at = expected.getPosition();
        StringBuilder out = new StringBuilder("the hunk at line " + (at + 1) + " (" + expected.size()
                + " lines of context and removed lines) matches nowhere in the base.");
        List<String> lines = expected.getLines();
        for (int i = 0; i < lines.size(); i++) {
            String found = at + i < original.size() ? original.get(at + i) : null;
            if (!lines.get(i).equals(found)) {
                out.append(" At line ").append(at + i + 1).append(" it expects\n    ").append(lines.get(i))
                        .append("\n  and the base has\n    ").append(found == null ? "(the end of the file)" : found);
                break;
            }
        }
        List<String> hunk = new ArrayList<>();
        lines.forEach(l -> hunk.add("    |" + l));
        return out.append("\n  The hunk expects:\n").append(String.join("\n", hunk)).toString();
    }

    /** A patch that cannot be read, names a file its base lacks, or no longer applies. */
    static final class BrokenPatchException extends RuntimeException {
        BrokenPatchException(String message) {
            super(message);
        }

        BrokenPatchException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
