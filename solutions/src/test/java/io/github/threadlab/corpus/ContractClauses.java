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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The ids of an exercise's contract clauses. The contract is the stubs' javadoc, and each clause in it starts with
 * a short id in brackets ({@code <p>[pool-busy] ...}, or mid-sentence where one sentence holds two promises); a
 * wrong variant's {@code Breaks:} line names the ids of the clauses it breaks. Reading the ids from the stubs
 * themselves keeps the contract the one place a clause is written: a {@code Breaks:} line that names an id the
 * stubs do not define (a typo, a clause renamed) is a header problem, not a pointer into nothing.
 *
 * @param exercise the exercise
 * @param defined  each id, in the order the stubs define them, with where: {@code SleepTasks.java:51}; more than one
 *                 place when an id is defined twice, which {@link CourseLayoutTest} rejects
 */
record ContractClauses(String exercise, Map<String, List<String>> defined) {

    /** An id as written anywhere: lowercase words joined by hyphens, in brackets. */
    static final Pattern ID = Pattern.compile("\\[([a-z]+(?:-[a-z]+)*)\\]");

    /**
     * Where the javadoc defines an id: one that opens a clause, so after a space or a line's {@code *} (or a tag
     * like {@code <p>}) and before a space; {@code a[i]} or {@code String[]} in a code sample defines nothing.
     */
    private static final Pattern DEFINED = Pattern.compile("(?<![\\w\\[])" + ID.pattern() + "(?=\\s)");

    private static final Pattern JAVADOC = Pattern.compile("/\\*\\*.*?\\*/", Pattern.DOTALL);

    /** The ids in the javadoc of every {@code .java} file under {@code stubs}, an exercise's src/main/java. */
    static ContractClauses of(String exercise, Path stubs) {
        Map<String, List<String>> defined = new LinkedHashMap<>();
        if (Files.isDirectory(stubs)) {
            try (Stream<Path> files = Files.walk(stubs)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    String source = Files.readString(file, StandardCharsets.UTF_8);
                    Matcher javadoc = JAVADOC.matcher(source);
                    while (javadoc.find()) {
                        Matcher id = DEFINED.matcher(javadoc.group());
                        while (id.find()) {
                            int line = lineOf(source, javadoc.start() + id.start());
                            defined.computeIfAbsent(id.group(1), k -> new ArrayList<>())
                                    .add(file.getFileName() + ":" + line);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ContractClauses(exercise, defined);
    }

    Set<String> ids() {
        return defined.keySet();
    }

    /** The ids defined more than once, each with its places. */
    Map<String, List<String>> definedTwice() {
        Map<String, List<String>> twice = new LinkedHashMap<>();
        defined.forEach((id, places) -> {
            if (places.size() > 1) {
                twice.put(id, places);
            }
        });
        return twice;
    }

    /** "[pool-bound], [pool-busy], ...", for a message that says which ids there are. */
    String listed() {
        return defined.isEmpty() ? "none (no [id] opens a clause of its stubs' javadoc)"
                : defined.keySet().stream().map(id -> "[" + id + "]").collect(Collectors.joining(", "));
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
