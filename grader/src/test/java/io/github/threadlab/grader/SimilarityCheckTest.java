package io.github.threadlab.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code similarity} on real sleep code: the reference solution, a copy of it with other identifiers and comments
 * (zipped, as students hand in), an independently written correct solution from the corpus, the stub left as it
 * was, an empty folder and a zip that is not one.
 */
class SimilarityCheckTest {

    private static final Path ROOT = Path.of(System.getProperty("threadlab.grader.root", "..")).toAbsolutePath();
    private static final String SLEEP = "src/main/java/io/github/threadlab/sleep/";

    @TempDir
    Path dir;
    Path course;
    Path submissions;

    @BeforeEach
    void courseAndSubmissions() throws IOException {
        course = dir.resolve("course");
        Files.createDirectories(course.resolve("src/test/java/io/github/threadlab/sleep"));
        Files.writeString(course.resolve("pom.xml"), "<project/>");
        Files.writeString(course.resolve("mvnw"), "");
        copy(ROOT.resolve("exercises/sleep/" + SLEEP + "SleepTasks.java"), course.resolve(SLEEP + "SleepTasks.java"));

        submissions = dir.resolve("submissions");
        Path reference = ROOT.resolve("solutions/sleep/" + SLEEP);
        copy(reference.resolve("SleepTasks.java"), submissions.resolve("alice/" + SLEEP + "SleepTasks.java"));
        copy(reference.resolve("TaskFailures.java"), submissions.resolve("alice/" + SLEEP + "TaskFailures.java"));
        zip(submissions.resolve("bob.zip"),
                "bob-project/" + SLEEP + "SleepTasks.java", disguised(Files.readString(reference.resolve("SleepTasks.java"))),
                "bob-project/" + SLEEP + "TaskFailures.java", disguised(Files.readString(reference.resolve("TaskFailures.java"))));
        copy(ROOT.resolve("solutions/sleep/corpus/correct/threads_and_join/SleepTasks.java"),
                submissions.resolve("carol/" + SLEEP + "SleepTasks.java"));
        copy(ROOT.resolve("exercises/sleep/" + SLEEP + "SleepTasks.java"), submissions.resolve("dave/" + SLEEP + "SleepTasks.java"));
        Files.createDirectories(submissions.resolve("erin"));
        Files.writeString(submissions.resolve("frank.zip"), "not a zip");
    }

    @Test
    void the_disguised_copy_is_the_most_similar_pair_and_the_stub_is_similar_to_nothing() throws Exception {
        Path out = dir.resolve("similarity");
        int exit = GraderCommand.run("similarity", submissions.toString(), "--course", course.toString(),
                "--out", out.toString(), "--threshold", "0");
        assertEquals(0, exit);

        List<String> pairs = Files.readAllLines(out.resolve("pairs.csv"));
        assertEquals("exercise,first,second,similarity,max_similarity,matched_tokens", pairs.get(0));
        String[] top = pairs.get(1).split(",");
        assertEquals(List.of("alice", "bob"), List.of(top[1], top[2]).stream().sorted().toList(), pairs.toString());
        assertTrue(Double.parseDouble(top[3]) >= 90, "a renamed copy is nearly all shared: " + pairs);
        assertEquals(3, pairs.size() - 1, "carol is paired with alice and bob, dave with no one: " + pairs);
        for (String line : pairs.subList(2, pairs.size())) {
            assertTrue(line.contains("carol") && Double.parseDouble(line.split(",")[3]) < Double.parseDouble(top[3]) / 2,
                    "the independent solution shares far less: " + pairs);
        }

        String md = Files.readString(out.resolve("similarity.md"));
        assertTrue(md.contains("- dave: only the course's stubs, unchanged"), md);
        assertTrue(md.contains("- erin: no src/main/java in the submission"), md);
        assertTrue(md.contains("- frank: no src/main/java in the zip (not a zip, or not of the project)"), md);
        assertTrue(md.contains("| alice | bob | 100.0 % |") || md.contains("| bob | alice | 100.0 % |"), md);
        assertTrue(Files.size(out.resolve("sleep.jplag.zip")) > 0, "JPlag's report");
        assertTrue(!Files.exists(out.resolve(".work")), "scratch space is removed");
    }

    @Test
    void fewer_than_two_submissions_is_an_error() throws Exception {
        Path lonely = dir.resolve("lonely");
        copy(submissions.resolve("carol/" + SLEEP + "SleepTasks.java"), lonely.resolve("carol/" + SLEEP + "SleepTasks.java"));
        assertEquals(2, GraderCommand.run("similarity", lonely.toString(), "--course", course.toString(),
                "--out", dir.resolve("out").toString()));
    }

    /** The same code with other identifiers and comments: what JPlag's tokens do not see. */
    static String disguised(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "/* my own work */").replaceAll("//[^\n]*", "// done myself")
                .replace("tasks", "jobs").replace("failures", "problems").replace("index", "position")
                .replace("work", "todo").replace("poolSize", "workers");
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    private static void zip(Path zip, String... namesAndTexts) throws IOException {
        Files.createDirectories(zip.getParent());
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (int i = 0; i < namesAndTexts.length; i += 2) {
                out.putNextEntry(new ZipEntry(namesAndTexts[i]));
                out.write(namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }
}
