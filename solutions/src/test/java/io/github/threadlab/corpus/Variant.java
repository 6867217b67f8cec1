package io.github.threadlab.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** The feature release of the JDK this JVM runs (21, 25, ...). */
    static final int JDK = Runtime.version().feature();

    /**
     * How the variant is graded on this JVM: as its folder says, except a wrong variant whose {@code Jdk:} line
     * leaves this JDK out, which must pass every graded test here, like a correct one.
     */
    Kind gradedAs() {
        return kind == Kind.WRONG && !header.wrongOn(JDK) ? Kind.CORRECT : kind;
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
     *  * Breaks: [clause-id][, [clause-id]...]
     *  * Caught by: test_name[, test_name...]
     *  * Race: what it shares unsafely (only a race variant has this line)
     *  * Jdk: 21 (only a variant that is wrong on some JDKs and right on the others has this line)
     *  *&#47;
     * </pre>
     * A correct variant's has {@code CORRECT: which API it uses} instead, and no Caught by line.
     *
     * The {@code Breaks:} line names the contract clauses the variant breaks by their ids, which the stubs' javadoc
     * defines ({@link ContractClauses}); {@link #checkedAgainst} checks them against those of its exercise.
     *
     * A {@code Caught by:} entry may end with the releases on which that test must catch it, as in {@code
     * test_name (JDK 25+)}: on the others the test is not required to (the JDK itself then hides the mistake from
     * that test, and another one catches it).
     *
     * @param jdk         the JDK feature releases on which the variant is wrong ({@code Jdk: 21}, {@code Jdk: 21-23},
     *                    {@code Jdk: 21, 22}); {@link Releases#ANY} when it is wrong on every JDK
     * @param caughtOnlyOn for a {@code Caught by:} test that names releases, those releases
     * @param problem what is wrong with the header itself, or empty
     */
    record Header(String wrong, String breaks, List<String> caughtBy, Map<String, Releases> caughtOnlyOn,
            String correct, String race, Releases jdk, String problem) {

        /** A Caught by entry that names the releases on which its test must catch the variant. */
        private static final Pattern QUALIFIED = Pattern.compile("(\\S+)\\s*\\(JDK ([^)]*)\\)");

        static final Header NONE = new Header("", "", List.of(), Map.of(), "", "", Releases.ANY, "");

        /** A Breaks line as it must be: clause ids, each in brackets, comma-separated. */
        private static final Pattern BREAKS = Pattern.compile(
                "\\s*" + ContractClauses.ID.pattern() + "(\\s*,\\s*" + ContractClauses.ID.pattern() + ")*\\s*");

        /**
         * The ids its Breaks line names, in its order; empty when that line is not a comma-separated list of ids in
         * brackets (a quoted clause, as Breaks lines once were).
         */
        List<String> breaksIds() {
            if (!BREAKS.matcher(breaks).matches()) {
                return List.of();
            }
            List<String> ids = new ArrayList<>();
            Matcher id = ContractClauses.ID.matcher(breaks);
            while (id.find()) {
                ids.add(id.group(1));
            }
            return List.copyOf(ids);
        }

        /**
         * This header, or a header problem when its Breaks line does not name the clauses the variant breaks by ids
         * that {@code clauses} defines: at least one, each in brackets. An id that names nothing, or a clause quoted
         * instead of named, would leave a wrong variant pointing at no promise of the contract, so the corpus run
         * fails for it, saying which ids there are. For a wrong variant; a header with a problem stays as it is.
         */
        Header checkedAgainst(ContractClauses clauses) {
            if (!problem.isEmpty()) {
                return this;
            }
            List<String> ids = breaksIds();
            if (ids.isEmpty()) {
                return problem("its Breaks line must name the contract clauses it breaks by their ids, each in "
                        + "brackets, comma-separated (Breaks: [clause-id], [clause-id]), not '" + breaks + "'; the ids "
                        + "in the javadoc of " + clauses.exercise() + "'s stubs: " + clauses.listed());
            }
            List<String> unknown = ids.stream().filter(id -> !clauses.ids().contains(id)).map(id -> "[" + id + "]")
                    .toList();
            if (!unknown.isEmpty()) {
                return problem("its Breaks line names " + String.join(", ", unknown) + ", which no clause in the "
                        + "javadoc of " + clauses.exercise() + "'s stubs opens with; the ids there: "
                        + clauses.listed());
            }
            return this;
        }

        /** Whether this variant's mistake is unsynchronized sharing between threads (a {@code Race:} line). */
        boolean isRace() {
            return !race.isEmpty();
        }

        /**
         * Whether the variant is wrong on the JDK of feature release {@code feature}: always, unless its
         * {@code Jdk:} line names the releases on which it is (on the others it must pass like a correct one).
         */
        boolean wrongOn(int feature) {
            return jdk.contains(feature);
        }

        /** Whether the graded test {@code test} of its Caught by line must reject the variant on {@code feature}. */
        boolean mustBeCaughtBy(String test, int feature) {
            return caughtBy.contains(test) && caughtOnlyOn.getOrDefault(test, Releases.ANY).contains(feature);
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
            if (kind == Kind.CORRECT && !header.jdk.isAny()) {
                return problem("a correct variant passes on every JDK: a Jdk: line belongs to a wrong variant");
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
            String jdk = "";
            List<String> caughtBy = new ArrayList<>();
            Map<String, Releases> caughtOnlyOn = new LinkedHashMap<>();
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
                    for (String entry : line.substring(10).split(",(?![^(]*\\))")) {
                        Matcher qualified = QUALIFIED.matcher(entry.strip());
                        if (qualified.matches()) {
                            Releases releases = Releases.parse(qualified.group(2));
                            if (releases == null) {
                                return problem("its Caught by entry '" + entry.strip() + "' names no JDK releases "
                                        + "(21, 21-24, 25+)");
                            }
                            caughtBy.add(qualified.group(1));
                            caughtOnlyOn.put(qualified.group(1), releases);
                        } else if (!entry.isBlank()) {
                            caughtBy.add(entry.strip());
                        }
                    }
                } else if (line.startsWith("Race:")) {
                    last = "Race";
                    race = line.substring(5).strip();
                } else if (line.startsWith("Jdk:")) {
                    last = "Jdk";
                    jdk = line.substring(4).strip();
                } else if (line.startsWith("Base:")) {
                    last = "Base"; // read by VariantPatch#base(); it ends a CORRECT: line's continuation
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
            Releases releases = jdk.isEmpty() ? Releases.ANY : Releases.parse(jdk);
            if (releases == null) {
                return problem("its Jdk: line '" + jdk + "' is not a list of JDK releases (21, or 21-23, or 21, 22)");
            }
            return new Header(wrong, breaks, List.copyOf(caughtBy), Map.copyOf(caughtOnlyOn),
                    (correct + continued).strip(), race, releases, "");
        }

        static Header problem(String problem) {
            return new Header("", "", List.of(), Map.of(), "", "", Releases.ANY, problem);
        }
    }
}
