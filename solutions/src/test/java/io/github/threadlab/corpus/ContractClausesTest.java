package io.github.threadlab.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong variant's {@code Breaks:} line against the ids of its exercise's contract clauses, on a tiny exercise
 * {@code demo} whose one stub defines two ids: the corpus accepts a line that names them, and gives a variant whose
 * line names another id, or quotes the contract as Breaks lines once did, a header problem that lists the ids there
 * are. The variants are read as {@code CorpusTest} reads them, through {@link Corpus#variants(String)}.
 */
@Tag("corpus")
class ContractClausesTest {

    private static final String STUB = """
            package io.github.threadlab.demo;

            /**
             * A counter; {@code counts[i]} and {@code int[]} in the javadoc are code, not ids.
             */
            public final class Counter {

                /**
                 * [add-thread-safe] Adds one; safe to call from many threads at once. [add-counted] Every call counts:
                 * after n calls from any threads, {@link #count()} is n.
                 */
                public void add() {
                    int[] unused = new int[1]; // [not-javadoc] a comment, not the contract
                    throw new UnsupportedOperationException();
                }

                /**
                 * @return [count-read] the calls so far
                 */
                public int count() {
                    throw new UnsupportedOperationException();
                }
            }
            """;

    @TempDir
    Path root;

    @Test
    void the_ids_are_those_that_open_a_clause_in_the_stubs_javadoc() throws IOException {
        writeStub(STUB);

        ContractClauses clauses = corpus().clauses("demo");

        assertEquals(List.of("add-thread-safe", "add-counted", "count-read"), List.copyOf(clauses.ids()));
        assertEquals(List.of("Counter.java:9"), clauses.defined().get("add-thread-safe"));
        assertEquals(Map.of(), clauses.definedTwice());
    }

    @Test
    void an_id_that_opens_two_clauses_is_found_with_both_places() throws IOException {
        writeStub(STUB.replace("[count-read]", "[add-counted]"));

        assertEquals(Map.of("add-counted", List.of("Counter.java:9", "Counter.java:18")),
                corpus().clauses("demo").definedTwice());
    }

    @Test
    void a_breaks_line_that_names_known_ids_is_accepted() throws IOException {
        writeStub(STUB);
        writeWrong("unsynchronized_add", "[add-thread-safe], [add-counted]");

        Variant.Header header = onlyWrong().header();

        assertEquals("", header.problem());
        assertEquals(List.of("add-thread-safe", "add-counted"), header.breaksIds());
    }

    @Test
    void an_unknown_id_is_a_header_problem_that_lists_the_known_ones() throws IOException {
        writeStub(STUB);
        writeWrong("unsynchronized_add", "[add-thread-safe], [add-threadsafe]");

        String problem = onlyWrong().header().problem();

        assertTrue(problem.startsWith("its Breaks line names [add-threadsafe], which no clause in the javadoc of "
                + "demo's stubs opens with"), problem);
        assertTrue(problem.endsWith("the ids there: [add-thread-safe], [add-counted], [count-read]"), problem);
    }

    @Test
    void a_quoted_clause_is_a_header_problem_that_lists_the_known_ids() throws IOException {
        writeStub(STUB);
        writeWrong("unsynchronized_add", "\"add is safe to call from many threads\"");

        String problem = onlyWrong().header().problem();

        assertTrue(problem.startsWith("its Breaks line must name the contract clauses it breaks by their ids, each in "
                + "brackets, comma-separated"), problem);
        assertTrue(problem.contains("not '\"add is safe to call from many threads\"'"), problem);
        assertTrue(problem.endsWith("the ids in the javadoc of demo's stubs: [add-thread-safe], [add-counted], "
                + "[count-read]"), problem);
    }

    @Test
    void a_correct_variant_needs_no_breaks_line() throws IOException {
        writeStub(STUB);
        Path correct = Files.createDirectories(root.resolve("solutions/demo/corpus/correct/atomic"));
        Files.writeString(correct.resolve("Counter.java"), "/*\n * CORRECT: an AtomicInteger\n */\n"
                + "package io.github.threadlab.demo;\n", StandardCharsets.UTF_8);

        List<Variant> variants = corpus().variants("demo");

        assertEquals("", variants.get(0).header().problem());
    }

    private Corpus corpus() {
        return new Corpus(root.resolve("solutions"), root.resolve("exercises"), root.resolve("classes"),
                root.resolve("test-classes"), root.resolve("out"));
    }

    private Variant onlyWrong() {
        List<Variant> wrong = corpus().variants("demo").stream().filter(v -> v.kind() == Variant.Kind.WRONG)
                .toList();
        assertEquals(1, wrong.size());
        return wrong.get(0);
    }

    private void writeStub(String source) throws IOException {
        Path folder = Files.createDirectories(root.resolve("exercises/demo/src/main/java/io/github/threadlab/demo"));
        Files.writeString(folder.resolve("Counter.java"), source, StandardCharsets.UTF_8);
    }

    private void writeWrong(String name, String breaks) throws IOException {
        Path folder = Files.createDirectories(root.resolve("solutions/demo/corpus/wrong"));
        Files.writeString(folder.resolve(name + VariantPatch.SUFFIX), """
                WRONG: add bumps the count without the lock
                Breaks: %s
                Caught by: many_threads_add
                Base: reference

                --- a/Counter.java
                +++ b/Counter.java
                @@ -1,1 +1,1 @@
                -package io.github.threadlab.demo;
                +package io.github.threadlab.demo; // WRONG: for the header only
                """.formatted(breaks), StandardCharsets.UTF_8);
    }
}
