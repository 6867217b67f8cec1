package io.github.threadlab.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a wrong variant kept as a patch becomes files to compile, on a tiny exercise {@code demo} with a
 * one-class reference {@code Counter.java} and one correct variant: applied to the reference or to the correct
 * variant, a new file from {@code /dev/null}, and a patch that no longer applies, which must say which variant,
 * which file and which hunk.
 */
@Tag("corpus")
class VariantPatchTest {

    private static final List<String> REFERENCE = List.of(
            "package io.github.threadlab.demo;",
            "",
            "public final class Counter {",
            "    private int count;",
            "",
            "    public synchronized void add() {",
            "        count++;",
            "    }",
            "",
            "    public synchronized int count() {",
            "        return count;",
            "    }",
            "}");

    private static final String UNSYNCHRONIZED = """
            WRONG: add bumps the count without the lock
            Breaks: [add-thread-safe]
            Caught by: many_threads_add
            Race: count++ on a plain field
            Base: reference

            --- a/Counter.java
            +++ b/Counter.java
            @@ -3,7 +3,7 @@
             public final class Counter {
                 private int count;
            \s
            -    public synchronized void add() {
            +    public void add() { // WRONG: no lock
                     count++;
                 }
            \s
            """;

    @TempDir
    Path root;

    @Test
    void a_patch_on_the_reference_writes_out_the_file_it_changes_and_its_preamble_is_the_header() throws IOException {
        writeReference(REFERENCE);
        Variant variant = wrong("unsynchronized_add", UNSYNCHRONIZED);

        List<Path> files = sources().javaFiles(variant);

        Path written = root.resolve("out/demo/wrong/unsynchronized_add/src/Counter.java");
        assertEquals(List.of(written), files);
        List<String> expected = new java.util.ArrayList<>(REFERENCE);
        expected.set(5, "    public void add() { // WRONG: no lock");
        assertEquals(expected, Files.readAllLines(written));
        assertEquals("add bumps the count without the lock", variant.header().wrong());
        assertEquals(List.of("many_threads_add"), variant.header().caughtBy());
        assertTrue(variant.header().isRace());
        assertEquals("", variant.header().problem());
    }

    @Test
    void a_hunk_still_applies_when_the_base_gained_lines_above_it() throws IOException {
        List<String> moved = new java.util.ArrayList<>(REFERENCE);
        moved.add(1, "// a comment added to the reference later");
        writeReference(moved);

        List<Path> files = sources().javaFiles(wrong("unsynchronized_add", UNSYNCHRONIZED));

        assertEquals("    public void add() { // WRONG: no lock", Files.readAllLines(files.get(0)).get(6));
    }

    @Test
    void a_patch_on_a_correct_variant_applies_to_it_without_its_header_and_keeps_its_other_files() throws IOException {
        writeReference(REFERENCE);
        Path correct = Files.createDirectories(root.resolve("solutions/demo/corpus/correct/atomic"));
        Files.write(correct.resolve("Counter.java"), List.of(
                "/*",
                " * CORRECT: an AtomicInteger",
                " */",
                "package io.github.threadlab.demo;",
                "",
                "public final class Counter {",
                "    private final Helper count = new Helper();",
                "}"));
        Files.write(correct.resolve("Helper.java"), List.of("package io.github.threadlab.demo;", "class Helper {}"));
        Variant variant = wrong("plain_helper", """
                WRONG: a plain helper
                Breaks: [add-thread-safe]
                Caught by: many_threads_add
                Base: correct/atomic

                --- a/Counter.java
                +++ b/Counter.java
                @@ -1,4 +1,4 @@
                 package io.github.threadlab.demo;
                \s
                 public final class Counter {
                -    private final Helper count = new Helper();
                +    private Helper count = new Helper(); // WRONG: not final
                --- /dev/null
                +++ b/Extra.java
                @@ -0,0 +1,2 @@
                +package io.github.threadlab.demo;
                +class Extra {}
                """);

        List<Path> files = sources().javaFiles(variant);

        Path src = root.resolve("out/demo/wrong/plain_helper/src");
        assertEquals(List.of(src.resolve("Counter.java"), src.resolve("Extra.java"), src.resolve("Helper.java")),
                files);
        assertEquals(List.of("package io.github.threadlab.demo;", "", "public final class Counter {",
                "    private Helper count = new Helper(); // WRONG: not final", "}"),
                Files.readAllLines(src.resolve("Counter.java")));
        assertEquals(List.of("package io.github.threadlab.demo;", "class Extra {}"),
                Files.readAllLines(src.resolve("Extra.java")));
    }

    @Test
    void a_correct_variant_kept_as_a_patch_is_a_base_in_turn_and_a_cycle_of_bases_is_refused() throws IOException {
        writeReference(REFERENCE);
        Path correct = Files.createDirectories(root.resolve("solutions/demo/corpus/correct"));
        Files.writeString(correct.resolve("atomic.patch"), """
                CORRECT: an AtomicInteger for the count, no lock
                Base: reference

                --- a/Counter.java
                +++ b/Counter.java
                @@ -3,3 +3,3 @@
                 public final class Counter {
                -    private int count;
                +    private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
                \s
                """, StandardCharsets.UTF_8);
        Variant onThePatch = wrong("plain_field", """
                WRONG: the AtomicInteger is not final
                Breaks: [add-thread-safe]
                Caught by: many_threads_add
                Base: correct/atomic

                --- a/Counter.java
                +++ b/Counter.java
                @@ -3,3 +3,3 @@
                 public final class Counter {
                -    private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
                +    private java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
                \s
                """);

        List<Path> files = sources().javaFiles(onThePatch);

        Variant.Header header = VariantSources.header(correct.resolve("atomic.patch"), Variant.Kind.CORRECT);
        assertEquals("an AtomicInteger for the count, no lock", header.correct(), "Base: ends the CORRECT: line");
        assertEquals("", header.problem());

        assertEquals("    private java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic"
                + ".AtomicInteger();", Files.readAllLines(files.get(0)).get(3));
        Files.writeString(correct.resolve("atomic.patch"), Files.readString(correct.resolve("atomic.patch"))
                .replace("Base: reference", "Base: correct/atomic"));
        String cycle = assertThrows(VariantPatch.BrokenPatchException.class, () -> sources().javaFiles(onThePatch))
                .getMessage();
        assertTrue(cycle.contains("its bases go more than " + VariantSources.MAX_BASES + " deep"), cycle);
    }

    @Test
    void a_patch_that_no_longer_applies_names_the_variant_the_file_and_the_hunk() throws IOException {
        List<String> changed = new java.util.ArrayList<>(REFERENCE);
        changed.set(5, "    public synchronized void increment() {");
        writeReference(changed);
        Variant variant = wrong("unsynchronized_add", UNSYNCHRONIZED);

        VariantPatch.BrokenPatchException broken = assertThrows(VariantPatch.BrokenPatchException.class,
                () -> sources().javaFiles(variant));

        String message = broken.getMessage();
        assertTrue(message.contains("unsynchronized_add.patch no longer applies to its base (reference): in "
                + "Counter.java, the hunk at line 3"), message);
        assertTrue(message.contains("At line 6 it expects\n        public synchronized void add() {\n  and the base "
                + "has\n        public synchronized void increment() {"), message);
    }

    @Test
    void a_patch_without_a_base_or_naming_a_file_its_base_lacks_says_so() throws IOException {
        writeReference(REFERENCE);
        Variant noBase = wrong("no_base", UNSYNCHRONIZED.replace("Base: reference\n", ""));
        Variant otherFile = wrong("other_file", UNSYNCHRONIZED.replace("a/Counter.java", "a/Count.java"));

        String noBaseMessage = assertThrows(VariantPatch.BrokenPatchException.class,
                () -> sources().javaFiles(noBase)).getMessage();
        String otherFileMessage = assertThrows(VariantPatch.BrokenPatchException.class,
                () -> sources().javaFiles(otherFile)).getMessage();

        assertTrue(noBaseMessage.contains("needs a line 'Base: reference' or 'Base: correct/<name>'"), noBaseMessage);
        assertTrue(otherFileMessage.contains("changes Count.java, which its base (reference) does not have; it has "
                + "Counter.java"), otherFileMessage);
    }

    @Test
    void a_patch_whose_preamble_lacks_a_header_line_gets_a_header_problem() throws IOException {
        writeReference(REFERENCE);
        Variant variant = wrong("no_caught_by", UNSYNCHRONIZED.replace("Caught by: many_threads_add\n", ""));

        assertEquals("a wrong variant's header needs the lines WRONG:, Breaks: and Caught by:",
                variant.header().problem());
    }

    private VariantSources sources() {
        return new VariantSources(root.resolve("solutions"), root.resolve("out"));
    }

    private void writeReference(List<String> lines) throws IOException {
        Path folder = Files.createDirectories(root.resolve("solutions/demo/src/main/java/io/github/threadlab/demo"));
        Files.write(folder.resolve("Counter.java"), lines);
    }

    private Variant wrong(String name, String patch) throws IOException {
        Path file = Files.createDirectories(root.resolve("solutions/demo/corpus/wrong")).resolve(name + VariantPatch.SUFFIX);
        Files.writeString(file, patch, StandardCharsets.UTF_8);
        return new Variant("demo", Variant.Kind.WRONG, name, file, VariantSources.header(file, Variant.Kind.WRONG));
    }
}
