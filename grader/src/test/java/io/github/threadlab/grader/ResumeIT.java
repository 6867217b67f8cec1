package io.github.threadlab.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A batch killed with SIGKILL halfway, then run again with the same --out, grades only the submissions it had not
 * finished, and ends with the gradebook of a batch that was never stopped. Real builds, sleep only; the batch that
 * is killed grades one submission at a time, so that "halfway" is two of four.
 */
class ResumeIT {

    private static final Path COURSE = Path.of(System.getProperty("threadlab.grader.course", "missing"));
    private static final Path ROOT = Path.of(System.getProperty("threadlab.grader.root", ".."));
    /**
     * Beside GraderIT's output folder, not in it: the two classes run at the same time, and GraderIT checks that
     * nothing appears in its folder but the grades it expects.
     */
    private static final Path OUTPUT = Path.of(System.getProperty("threadlab.grader.output", "target/grader-it"))
            .resolveSibling("resume-it");
    private static final String TIME_FACTOR = String.valueOf(Math.max(2, 2 * Double.parseDouble(
            System.getProperty("threadlab.timeFactor", "1"))));
    private static final String TIMEOUT = System.getProperty("threadlab.grader.timeout", "180");
    /**
     * Submissions whose scores do not depend on timing, in the order a batch grades them: two that need no build (one
     * does not compile, one has no sources), then the reference and the stubs, graded by builds. The batch that is
     * killed once two are recorded is killed in the reference's build.
     */
    private static final List<String> NAMES = List.of("a-does_not_compile", "b-no_sources", "c-reference", "d-stubs");
    /** Numbers the logs of the command's runs. */
    private static final AtomicInteger RUNS = new AtomicInteger();

    @Test
    void a_batch_killed_halfway_and_run_again_grades_only_the_rest_and_ends_with_the_same_gradebook()
            throws Exception {
        assertTrue(Files.isDirectory(COURSE), "no pristine course at " + COURSE + ": the archetype's integration "
                + "tests generate it (do not skip them)");
        Path submissions = OUTPUT.resolve("resume-submissions");
        Path whole = OUTPUT.resolve("resume-uninterrupted");
        Path resumed = OUTPUT.resolve("resume-killed");
        for (Path p : List.of(submissions, whole, resumed, GraderIT.prepared("sleep"))) {
            FileTrees.delete(p);
        }
        Path sleep = Path.of("src/main/java/io/github/threadlab/sleep");
        CorpusCase.handIn(GraderIT.CORPUS.resolve("does_not_compile"), submissions.resolve(NAMES.get(0)));
        Files.createDirectories(submissions.resolve(NAMES.get(1)));
        Files.writeString(submissions.resolve(NAMES.get(1)).resolve("README.md"), "no sources here\n");
        FileTrees.copy(ROOT.resolve("solutions/sleep").resolve(sleep.toString()), submissions.resolve(NAMES.get(2)).resolve(sleep.toString()));
        Files.createDirectories(submissions.resolve(NAMES.get(3)).resolve("src/main/java"));

        String uninterrupted = run(submissions, whole, "2");
        assertTrue(uninterrupted.contains("grading 4 submission(s)"), uninterrupted);

        // The same batch, killed with SIGKILL once two submissions are recorded.
        GradeProcess batch = GradeProcess.start(arguments(submissions, resumed, "1"),
                OUTPUT.resolve("resume-killed.log"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        while (recorded(resumed).size() < 2 && batch.process().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        List<ProcessHandle> builds = batch.process().descendants().toList();
        batch.process().destroyForcibly();   // SIGKILL: no shutdown hook, no last write
        builds.forEach(ProcessHandle::destroyForcibly);
        batch.waitFor();
        String killedLog = batch.output();
        Map<String, FileTime> before = recorded(resumed);
        assertTrue(before.size() >= 2 && before.size() < NAMES.size(),
                "killed with " + before.keySet() + " recorded:\n" + killedLog);
        List<String> partial = Files.readAllLines(resumed.resolve("gradebook.csv")).stream()
                .filter(l -> !l.isBlank()).toList();
        assertTrue(partial.size() - 1 >= before.size(), "every recorded submission has its row in the gradebook "
                + "already: " + partial);

        String rerun = run(submissions, resumed, "2");
        int rest = NAMES.size() - before.size();
        assertTrue(rerun.contains("keeping " + before.size() + " submission(s) graded before"), rerun);
        assertTrue(rerun.contains("grading " + rest + " submission(s)"), rerun);
        Map<String, FileTime> after = recorded(resumed);
        assertEquals(NAMES, List.copyOf(after.keySet()));
        before.forEach((name, time) -> assertEquals(time, after.get(name), name + " was graded again"));
        for (String name : NAMES) {
            assertTrue(Files.isRegularFile(resumed.resolve(name).resolve("results.json")), "no results.json for " + name);
            assertEquals(!before.containsKey(name), rerun.contains("] " + name + " "), name + " in the rerun:\n" + rerun);
        }
        assertEquals(withoutSeconds(whole.resolve("gradebook.csv")), withoutSeconds(resumed.resolve("gradebook.csv")));
        List<String> rows = withoutSeconds(resumed.resolve("gradebook.csv"));
        assertEquals(NAMES.size() + 1, rows.size(), String.join("\n", rows));
        assertTrue(rows.get(3).startsWith("c-reference,25,25,25,"), "the reference: " + rows.get(3));
        assertTrue(rows.get(4).startsWith("d-stubs,0,0,25,"), "the stubs: " + rows.get(4));

        // Nothing changed since: nothing to grade, the same gradebook.
        String again = run(submissions, resumed, "1");
        assertTrue(again.contains("keeping 4 submission(s)") && again.contains("grading 0 submission(s)"), again);
        assertEquals(rows, withoutSeconds(resumed.resolve("gradebook.csv")));
    }

    /** Every run builds the pristine course once between them (--prepared), as an instructor's reruns would. */
    private static List<String> arguments(Path submissions, Path out, String parallel) {
        return List.of("grade", submissions.toString(), "--course", COURSE.toString(), "--out", out.toString(),
                "--exercises", "sleep", "--parallel", parallel, "--time-factor", TIME_FACTOR, "--timeout", TIMEOUT,
                "--prepared", GraderIT.prepared("sleep").toString());
    }

    /**
     * Runs the command line in a JVM of its own and returns what it printed: GraderIT grades in this JVM at the same
     * time (JUnit runs the two classes at once), and the command's output is its {@code System.out}.
     */
    private static String run(Path submissions, Path out, String parallel) throws InterruptedException {
        GradeProcess run = GradeProcess.start(arguments(submissions, out, parallel),
                out.resolveSibling(out.getFileName() + "-" + RUNS.incrementAndGet() + ".log"));
        int exit = run.waitFor();
        String printed = run.output();
        System.out.print(printed);
        assertEquals(0, exit, printed);
        return printed;
    }

    /** The submissions the batch has recorded as graded, with when. */
    private static Map<String, FileTime> recorded(Path out) throws IOException {
        Map<String, FileTime> found = new LinkedHashMap<>();
        for (String name : NAMES) {
            Path file = out.resolve(name).resolve(BatchJournal.FILE);
            if (Files.isRegularFile(file)) {
                found.put(name, Files.getLastModifiedTime(file));
            }
        }
        return found;
    }

    /** The gradebook's rows without the seconds column, which no two runs share. */
    private static List<String> withoutSeconds(Path gradebook) throws IOException {
        List<String> lines = Files.readAllLines(gradebook);
        int seconds = Arrays.asList(lines.get(0).split(",")).indexOf("seconds");
        try (Stream<String> all = lines.stream()) {
            return all.map(l -> {
                List<String> cells = new ArrayList<>(Arrays.asList(l.split(",", -1)));
                cells.remove(seconds);
                return cells.stream().collect(Collectors.joining(","));
            }).toList();
        }
    }
}
