package io.github.threadlab.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests compiled against a stub, checked against submissions that keep, change or inherit its signatures. */
class TestLinkageTest {

    private static final String STUB = "package p; public final class Tasks {"
            + " public static void run(java.util.List<Runnable> tasks) { throw new UnsupportedOperationException(); }"
            + " public static final int LIMIT = 3; }";
    private static final String TEST = "package p; class TasksTest { void test() {"
            + " Tasks.run(java.util.List.of()); int limit = Tasks.LIMIT;"
            + " java.util.function.Consumer<java.util.List<Runnable>> call = Tasks::run; } }";

    @TempDir
    Path dir;

    @Test
    void the_same_signatures_and_more_link() throws IOException {
        Path tests = compiledTests();
        assertEquals(Optional.empty(), TestLinkage.of(tests).firstMissing(compile("same", Map.of("p/Tasks.java",
                "package p; public final class Tasks { public static final int LIMIT = 3;"
                        + " public static void run(java.util.List<Runnable> tasks) { helper(); }"
                        + " private static void helper() { } }"))));
    }

    @Test
    void a_changed_return_type_or_a_renamed_method_does_not_link() throws IOException {
        Path tests = compiledTests();
        Optional<String> changed = TestLinkage.of(tests).firstMissing(compile("changed", Map.of("p/Tasks.java",
                "package p; public final class Tasks { public static final int LIMIT = 3;"
                        + " public static int run(java.util.List<Runnable> tasks) { return 0; } }")));
        assertEquals(Optional.of("p.Tasks.run (Ljava/util/List;)V"), changed);
        Optional<String> renamed = TestLinkage.of(tests).firstMissing(compile("renamed", Map.of("p/Tasks.java",
                "package p; public final class Tasks { public static final int LIMIT = 3;"
                        + " public static void runAll(java.util.List<Runnable> tasks) { } }")));
        assertTrue(renamed.isPresent() && renamed.get().startsWith("p.Tasks.run "), renamed.toString());
    }

    @Test
    void a_member_inherited_from_a_class_of_the_submission_links() throws IOException {
        Path tests = compiledTests();
        assertEquals(Optional.empty(), TestLinkage.of(tests).firstMissing(compile("inherited", Map.of(
                "p/Base.java", "package p; class Base { public static final int LIMIT = 3;"
                        + " public static void run(java.util.List<Runnable> tasks) { } }",
                "p/Tasks.java", "package p; public final class Tasks extends Base { }"))));
    }

    @Test
    void no_classes_of_the_submission_link() throws IOException {
        assertEquals(Optional.empty(), TestLinkage.of(compiledTests()).firstMissing(dir.resolve("nothing")));
    }

    private Path compiledTests() throws IOException {
        Path stubs = compile("stubs", Map.of("p/Tasks.java", STUB));
        return compile("tests", Map.of("p/TasksTest.java", TEST), stubs);
    }

    private Path compile(String name, Map<String, String> sources, Path... classPath) throws IOException {
        Path src = dir.resolve(name + "-src");
        Path out = dir.resolve(name);
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of("-d", out.toString()));
        for (Path entry : classPath) {
            args.addAll(List.of("-cp", entry.toString()));
        }
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "javac " + args);
        return out;
    }
}
