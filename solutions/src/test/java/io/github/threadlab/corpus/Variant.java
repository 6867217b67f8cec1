package io.github.threadlab.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * One set of sources to grade: a wrong or correct variant from the corpus, or an exercise's stubs.
 *
 * @param exercise the exercise, which is also the package under {@code io.github.threadlab}
 * @param kind     wrong, correct or stubs
 * @param name     the variant's folder name, or its patch's file name without {@code .patch} ({@code stubs} for the
 *                 stubs)
 * @param source   the folder holding its {@code .java} files, or its {@code .patch} file ({@link VariantSources}
 *                 turns either into the files to compile)
 * @param header   what its header promises (empty for the stubs)
 */
record Variant(String exercise, Kind kind, String name, Path source, Header header) {

    enum Kind {
        WRONG("wrong"), CORRECT("correct"), STUBS("stubs");

        final String folder;

        Kind(String folder) {
            this.folder = folder;
        }
    }

    /** "sleep / wrong / pool_too_large", "sleep / stubs". */
    String displayName() {
        return kind == Kind.STUBS ? exercise + " / stubs" : exercise + " / " + kind.folder + " / " + name;
    }

    /** "wrong/pool_too_large", "the stubs". */
    String shortName() {
        return kind == Kind.STUBS ? "the stubs" : kind.folder + "/" + name;
    }

    /**
     * What a variant's header says: the leading comment block of one of a folder's files, or the preamble of a
     * patch ({@link VariantPatch}), the same lines without the comment's {@code /*}, {@code *} and {@code *&#47;}.
     * A wrong variant's:
     * <pre>
     * /*
     *  * WRONG: what it does wrong, in one line
     *  * Breaks: the contract clause, quoted
     *  * Caught by: test_name[, test_name...]
     *  * Race: what it shares unsafely (only a race variant has this line)
     *  *&#47;
     * </pre>
     * A correct variant's has {@code CORRECT: which API it uses} instead, and no Caught by line.
     *
     * @param problem what is wrong with the header itself, or empty
     */
    record Header(String wrong, String breaks, List<String> caughtBy, String correct, String race, String problem) {

        static final Header NONE = new Header("", "", List.of(), "", "", "");

        /** Whether this variant's mistake is unsynchronized sharing between threads (a {@code Race:} line). */
        boolean isRace() {
            return !race.isEmpty();
        }

        /** Reads the header of a variant folder: the leading comment of the one file that has one. */
        static Header of(Path folder, Kind kind) {
            List<Header> found = new ArrayList<>();
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    Header header = parse(Files.readString(file, StandardCharsets.UTF_8));
                    if (header != null) {
                        found.add(header);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (found.size() != 1) {
                return problem(found.isEmpty() ? "no .java file starts with a WRONG: or CORRECT: comment block"
                        : "more than one file starts with a WRONG: or CORRECT: comment block");
            }
            return checked(found.get(0), kind);
        }

        /** Reads the header in a patch's preamble, the lines before its diff. */
        static Header ofLines(List<String> preamble, Kind kind) {
            Header header = parseLines(preamble);
            return header == null ? problem("the patch's preamble has no WRONG: or CORRECT: line")
                    : checked(header, kind);
        }

        private static Header checked(Header header, Kind kind) {
            if (kind == Kind.WRONG && (header.wrong.isEmpty() || header.breaks.isEmpty()
                    || header.caughtBy.isEmpty())) {
                return problem("a wrong variant's header needs the lines WRONG:, Breaks: and Caught by:");
            }
            if (kind == Kind.CORRECT && (header.correct.isEmpty() || !header.caughtBy.isEmpty())) {
                return problem("a correct variant's header needs a CORRECT: line and no Caught by: line");
            }
            return header;
        }

        /** The header in {@code source}'s leading block comment, or null when it has none. */
        static Header parse(String source) {
            String text = source.stripLeading();
            if (!text.startsWith("/*")) {
                return null;
            }
            int end = text.indexOf("*/");
            if (end < 0) {
                return null;
            }
            return parseLines(text.substring(2, end).lines().toList());
        }

        /** The header in {@code lines} (a comment's lines, a leading {@code *} dropped), or null when it has none. */
        static Header parseLines(List<String> lines) {
            String wrong = "";
            String breaks = "";
            String correct = "";
            String race = "";
            List<String> caughtBy = new ArrayList<>();
            String last = null;
            StringBuilder continued = new StringBuilder();
            for (String raw : lines) {
                String line = raw.strip();
                line = line.startsWith("*") ? line.substring(1).strip() : line;
                if (line.startsWith("WRONG:")) {
                    last = "WRONG";
                    wrong = line.substring(6).strip();
                } else if (line.startsWith("Breaks:")) {
                    last = "Breaks";
                    breaks = line.substring(7).strip();
                } else if (line.startsWith("Caught by:")) {
                    last = "Caught by";
                    Arrays.stream(line.substring(10).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                            .forEach(caughtBy::add);
                } else if (line.startsWith("Race:")) {
                    last = "Race";
                    race = line.substring(5).strip();
                } else if (line.startsWith("CORRECT:")) {
                    last = "CORRECT";
                    correct = line.substring(8).strip();
                } else if (!line.isEmpty() && "CORRECT".equals(last)) {
                    continued.append(' ').append(line);
                }
            }
            if (wrong.isEmpty() && correct.isEmpty()) {
                return null;
            }
            return new Header(wrong, breaks, List.copyOf(caughtBy), (correct + continued).strip(), race, "");
        }

        static Header problem(String problem) {
            return new Header("", "", List.of(), "", "", problem);
        }
    }
}
