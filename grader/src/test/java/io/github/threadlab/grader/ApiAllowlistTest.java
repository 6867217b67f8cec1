package io.github.threadlab.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The allowlist lets every solution of the course through, the reference's and the correct corpus variants', as
 * the grader scans them (only the files a student writes: the stubs' counterparts and new classes), and refuses
 * APIs that nobody thought to forbid, with their class and line.
 */
class ApiAllowlistTest {

    private static final Path ROOT = Path.of(System.getProperty("threadlab.grader.root", ".."));
    /**
     * The exercise folders: the stubs in {@code <exercise>/src/main/java}, the course-provided classes (EventLoop,
     * MiniAb, ...) in {@code <exercise>/src/provided/java}, which the course puts in its src/main/java beside them.
     */
    private static final Path EXERCISES = ROOT.resolve("exercises");
    /** The exercises' solution folders: the reference, {@code <exercise>/src/main/java}, and the corpus. */
    private static final Path SOLUTIONS = ROOT.resolve("solutions");
    private static final String PATCH = ".patch";

    @TempDir
    static Path scratch;
    private static Path referenceClasses;

    /** The reference with the course-provided classes, compiled by the solutions module (which needs libraries). */
    @BeforeAll
    static void findTheCompiledReference() {
        referenceClasses = ROOT.resolve("solutions/target/classes");
        assertTrue(Files.isDirectory(referenceClasses.resolve(Course.BASE_PACKAGE_PATH)), "no compiled reference at "
                + referenceClasses + ": build the solutions module first (the reactor does, before the grader)");
    }

    @Test
    void the_reference_solutions_pass_the_scan() throws IOException {
        // One source tree of every exercise's reference, as a student hands it in.
        Path references = References.copiedInto(ROOT, scratch.resolve("references-src"));
        List<Path> written = new ArrayList<>();
        try (Stream<Path> all = Files.walk(references)) {
            for (Path file : all.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                Path relative = references.relativize(file);
                Optional<Path> course = inAnExerciseFolder("src/main/java", relative);
                boolean provided = inAnExerciseFolder("src/provided/java", relative).isPresent();
                if (!provided && (course.isEmpty() || Course.isStub(course.get()))) {
                    written.add(relative);
                }
            }
        }
        assertTrue(written.size() >= 7, "the reference's student-written files: " + written);
        List<Finding> findings = SourceScan.scan(references, written, referenceClasses, scratch.resolve("reference"));
        assertEquals(List.of(), findings, "the reference solutions are refused");
    }

    /** {@code <exercise>/<tree>/<relative>} in the exercise folder that has it. */
    private static Optional<Path> inAnExerciseFolder(String tree, Path relative) throws IOException {
        try (Stream<Path> folders = Files.list(EXERCISES)) {
            return folders.map(f -> f.resolve(tree).resolve(relative.toString())).filter(Files::exists).findFirst();
        }
    }

    @Test
    void every_correct_corpus_variant_passes_the_scan() throws IOException {
        List<String> refused = new ArrayList<>();
        int variants = 0;
        try (Stream<Path> dirs = Files.list(SOLUTIONS)) {
            for (Path exercise : dirs.filter(Files::isDirectory).sorted().toList()) {
                Path correct = exercise.resolve("corpus/correct");
                if (!Files.isDirectory(correct)) {
                    continue;
                }
                try (Stream<Path> vs = Files.list(correct)) {
                    for (Path variant : vs.filter(v -> Files.isDirectory(v) || v.toString().endsWith(PATCH)).sorted()
                            .toList()) {
                        variants++;
                        String name = variant.getFileName().toString().replace(PATCH, "");
                        Path mainJava = scratch.resolve("variant").resolve(exercise.getFileName() + "-" + name);
                        Path pkg = mainJava.resolve(Course.BASE_PACKAGE_PATH).resolve(exercise.getFileName().toString());
                        FileTrees.copyJavaSources(Files.isDirectory(variant) ? variant
                                : writtenOut(exercise.getFileName().toString(), name), pkg);
                        List<Path> written;
                        try (Stream<Path> files = Files.list(pkg)) {
                            written = files.map(mainJava::relativize).sorted().toList();
                        }
                        List<Finding> findings = SourceScan.scan(mainJava, written, referenceClasses,
                                mainJava.resolveSibling(mainJava.getFileName() + "-scan"));
                        if (!findings.isEmpty()) {
                            refused.add(exercise.getFileName() + "/" + variant.getFileName() + ": " + findings);
                        }
                    }
                }
            }
        }
        assertTrue(variants >= 10, "only " + variants + " correct variants found under " + SOLUTIONS + "/*/corpus");
        assertEquals(List.of(), refused, "correct corpus variants are refused");
    }

    /**
     * A correct variant kept as a patch ({@code <name>.patch}, one idea away from another solution): the solutions
     * module's corpus tests apply it and write out the files in which it differs from the reference.
     */
    private static Path writtenOut(String exercise, String variant) {
        Path src = SOLUTIONS.resolve("target/corpus").resolve(exercise).resolve("correct").resolve(variant)
                .resolve("src");
        assertTrue(Files.isDirectory(src), "no sources written out for " + exercise + "/correct/" + variant + " at "
                + src + ": run the solutions module's tests first (the reactor does, before the grader)");
        return src;
    }

    @Test
    void apis_nobody_thought_to_forbid_are_refused_with_their_class_and_line() throws IOException {
        Path mainJava = scratch.resolve("unlisted");
        Path file = mainJava.resolve("io/github/threadlab/sleep/Sneaky.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                package io.github.threadlab.sleep;

                class Sneaky {
                    static Object shell() {
                        return jdk.jshell.JShell.create();
                    }

                    static Object script() {
                        return new javax.script.ScriptEngineManager();
                    }

                    static long uptime() {
                        return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
                    }

                    static Object loader() {
                        return Thread.currentThread().getContextClassLoader();
                    }

                    static java.util.function.Supplier<Object> all() {
                        return ProcessHandle::current;
                    }
                }
                """);
        List<Finding> findings = SourceScan.scan(mainJava, List.of(mainJava.relativize(file)), referenceClasses,
                scratch.resolve("unlisted-scan"));
        List<String> said = findings.stream().map(Finding::toString).toList();
        for (String expected : List.of("(Sneaky.java:5): jdk.jshell.JShell", "(Sneaky.java:9): javax.script.ScriptEngineManager",
                "(Sneaky.java:13): java.lang.management.ManagementFactory", "(Sneaky.java:17): java.lang.ClassLoader",
                "(Sneaky.java:21)")) {
            assertTrue(said.stream().anyMatch(s -> s.contains(expected)), "no finding with '" + expected + "': " + said);
        }
        assertTrue(said.stream().anyMatch(s -> s.contains("ProcessHandle")), said.toString());
    }

    @Test
    void the_list_reads_as_documented() {
        ApiAllowlist list = ApiAllowlist.parse("""
                java.lang.*
                !java.lang.ProcessBuilder
                java.util.**
                java.net.URI
                """);
        assertTrue(list.allows("java.lang.Thread"));
        assertTrue(list.allows("java.lang.Thread$Builder"));
        assertFalse(list.allows("java.lang.ProcessBuilder"));
        assertFalse(list.allows("java.lang.ProcessBuilder$Redirect"));
        assertFalse(list.allows("java.lang.reflect.Method"));
        assertTrue(list.allows("java.util.concurrent.locks.ReentrantLock"));
        assertTrue(list.allows("java.net.URI"));
        assertFalse(list.allows("java.net.URL"));
        assertFalse(list.allows("java.net.URISyntax"));
    }
}
