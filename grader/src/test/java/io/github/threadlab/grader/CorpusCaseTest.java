package io.github.threadlab.grader;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad submission of {@code grader/corpus} still applies to today's reference or stub, and is more than it:
 * a patch that no longer applies fails here, in seconds, rather than in the integration test's batch.
 */
class CorpusCaseTest {

    private static final Path CORPUS = Path.of(System.getProperty("threadlab.grader.corpus", "corpus"));
    private static final Path ROOT = Path.of(System.getProperty("threadlab.grader.root", ".."));
    private static final String SLEEP = "src/main/java/io/github/threadlab/sleep/SleepTasks.java";

    @Test
    void every_case_hands_in_its_own_change_of_today_s_base(@TempDir Path dir) throws IOException {
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(CORPUS)) {
            cases = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(cases.size() >= 15, "the corpus's cases: " + cases);
        int patched = 0;
        for (Path c : cases) {
            Path into = dir.resolve(c.getFileName().toString());
            CorpusCase.handIn(c, into);
            assertTrue(Files.isRegularFile(into.resolve("expected.properties")), c + " has its expected.properties");
            if (Files.exists(c.resolve("sleep.patch"))) {
                patched++;
                String handedIn = Files.readString(into.resolve(SLEEP));
                assertNotEquals(Files.readString(ROOT.resolve("solutions/sleep").resolve(SLEEP)), handedIn, c.toString());
                assertNotEquals(Files.readString(ROOT.resolve("exercises/sleep").resolve(SLEEP)), handedIn, c.toString());
            }
        }
        assertTrue(patched >= 10, patched + " cases are patches");
    }
}
