package io.github.threadlab.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the real command line, with real Maven builds in child processes, against the pristine course that the
 * archetype's integration test generated: first the bad-submission corpus (grader/corpus, the sleep exercise),
 * each case against its expected.properties; then the corpus's attacks on the sandbox (needs=sandbox) beside
 * honest neighbours and refused zips, with a listener outside (skipped where bubblewrap is missing); then a
 * mixed batch over every exercise: the reference solutions (as a zip), the stubs, and wrong solutions from the
 * exercises' corpora.
 */
class GraderIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path COURSE = Path.of(System.getProperty("threadlab.grader.course", "missing"));
    static final Path CORPUS = Path.of(System.getProperty("threadlab.grader.corpus", "corpus"));
    private static final Path HIDDEN = Path.of(System.getProperty("threadlab.grader.hidden", "hidden-tests"));
    private static final Path ROOT = Path.of(System.getProperty("threadlab.grader.root", ".."));
    private static final Path OUTPUT = Path.of(System.getProperty("threadlab.grader.output", "target/grader-it"));
    private static final String PARALLEL = System.getProperty("threadlab.grader.parallel", "2");
    /**
     * The sleep exercise with the hidden tests, as the bad-submission corpus and the sandbox's cases are graded: their
     * batches share one build of the pristine course (--prepared), kept beside the output folder, as an instructor's
     * later runs would.
     */
    private static final List<String> SLEEP_WITH_HIDDEN_TESTS = List.of("--exercises", "sleep", "--hidden-tests",
            HIDDEN.toString(), "--prepared", prepared("sleep-with-hidden-tests").toString());
    /** Two builds at once on a small machine: twice as patient as the build's own time factor, at least. */
    private static final String TIME_FACTOR = String.valueOf(Math.max(2, 2 * Double.parseDouble(
            System.getProperty("threadlab.timeFactor", "1"))));

    /**
     * The mixed batch's wrong solutions: one that does not compile, one that returns results out of order, one with a
     * race on a shared HashMap (the race watch must catch it in a graded build too). Each fails fast, so the batch
     * does not wait out the tests' patience.
     */
    private static final List<String[]> MIXED_VARIANTS = List.of(new String[] {"sleep", "pool_too_large"},
            new String[] {"gather", "results_in_completion_order"}, new String[] {"cpu", "results_in_a_shared_hash_map"});

    /**
     * Wall-clock seconds per submission: more than the command's default, because a shared build machine may run
     * several builds besides these two, and a correct submission stopped at the limit would fail this test.
     */
    private static final String TIMEOUT = System.getProperty("threadlab.grader.timeout", "180");

    /** The first batch of this run builds the pristine course; a build kept from an earlier run is not trusted. */
    @BeforeAll
    static void forgetEarlierPreparedBuilds() throws IOException {
        FileTrees.delete(prepared("sleep-with-hidden-tests"));
    }

    @Test
    void the_bad_submission_corpus_gets_its_expected_scores_and_reasons() throws Exception {
        boolean capped = BuildGroups.detect(new BuildGroups.Caps(2000, 1, 1L << 30)).caps("pids");
        // A case that must be stopped at the wall clock (its expected.properties' timeout=) is graded in a batch of
        // its own with that limit, rather than making the whole batch wait out the default one; the batches of their
        // own go first, each in a JVM of its own with its build held to one CPU: they spin until their wall clock
        // stops them, and the other CPU is left to the main batch, graded here meanwhile.
        Map<String, List<Path>> byTimeout = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(CORPUS)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                Properties expected = expected(dir);
                if ("thread-cap".equals(expected.getProperty("needs")) && !capped) {
                    System.out.println("GraderIT: skipping " + dir.getFileName() + ": no pids cgroup to cap threads");
                    continue;
                }
                if ("sandbox".equals(expected.getProperty("needs"))) {
                    continue; // graded beside honest neighbours, with a listener, by the sandbox's own test below
                }
                byTimeout.computeIfAbsent(expected.getProperty("timeout", TIMEOUT), t -> new ArrayList<>()).add(dir);
            }
        }
        // The pristine build that the batches share, made before any starts: two that both found none would race.
        Path nothing = Files.createDirectories(OUTPUT.resolve("corpus-nothing"));
        grade(nothing, OUTPUT.resolve("corpus-prepared"), with(SLEEP_WITH_HIDDEN_TESTS));
        Map<String, Path> gradedIn = new TreeMap<>();
        Map<Path, GradeProcess> elsewhere = new LinkedHashMap<>();
        Map<Path, List<String>> rowsIn = new LinkedHashMap<>();
        for (Map.Entry<String, List<Path>> batch : byTimeout.entrySet()) {
            boolean main = batch.getKey().equals(TIMEOUT);
            String suffix = main ? "" : "-timeout-" + batch.getKey();
            Path submissions = OUTPUT.resolve("corpus-submissions" + suffix);
            Path out = OUTPUT.resolve("corpus-grades" + suffix);
            FileTrees.delete(submissions);
            FileTrees.delete(out);
            List<String> names = new ArrayList<>();
            for (Path dir : batch.getValue()) {
                CorpusCase.handIn(dir, submissions.resolve(dir.getFileName().toString()));
                names.add(dir.getFileName().toString());
                gradedIn.put(dir.getFileName().toString(), out);
            }
            rowsIn.put(out, names);
            if (!main) {
                String[] arguments = arguments(submissions, out, with(SLEEP_WITH_HIDDEN_TESTS, "--timeout",
                        batch.getKey(), "--parallel", "1", "--cpus", "1"));
                elsewhere.put(out, GradeProcess.start(List.of(arguments),
                        out.resolveSibling(out.getFileName() + ".log")));
            }
        }
        if (byTimeout.containsKey(TIMEOUT)) {
            grade(OUTPUT.resolve("corpus-submissions"), OUTPUT.resolve("corpus-grades"),
                    with(SLEEP_WITH_HIDDEN_TESTS, "--timeout", TIMEOUT));
        }
        for (Map.Entry<Path, GradeProcess> batch : elsewhere.entrySet()) {
            GradeProcess process = batch.getValue();
            assertEquals(0, process.waitFor(), "the batch graded into " + batch.getKey() + " failed:\n"
                    + process.output());
            System.out.print(process.output());
        }
        for (Map.Entry<Path, List<String>> batch : rowsIn.entrySet()) {
            assertGradebookRows(batch.getKey(), batch.getValue());
        }
        assertTrue(gradedIn.size() >= 10, "the corpus has " + gradedIn.keySet());
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Path> graded : gradedIn.entrySet()) {
            wrong.addAll(unexpected(graded.getKey(), graded.getValue()));
        }
        // The hidden test was added, graded and kept hidden.
        JsonNode correct = JSON.readTree(gradedIn.get("prints_megabytes").resolve("prints_megabytes/results.json")
                .toFile());
        JsonNode hidden = null;
        for (JsonNode t : correct.get("tests")) {
            if (t.get("name").asText().contains("larger than the task list")) {
                hidden = t;
            }
        }
        if (hidden == null || !hidden.get("visibility").asText().equals("after_published")
                || !hidden.get("status").asText().equals("passed")) {
            wrong.add("the hidden test is missing, visible or failing: " + hidden);
        }
        Path compileErrors = gradedIn.get("does_not_compile").resolve("does_not_compile/feedback.md");
        if (!Files.readString(compileErrors).contains("its message is not shown")) {
            wrong.add("does_not_compile's feedback shows the hidden test's message");
        }
        if (!wrong.isEmpty()) {
            fail(String.join("\n", wrong));
        }
    }

    /**
     * The moves that get past the scan (a POST to a listener outside the build, spinning threads, printing without
     * end) graded beside honest neighbours and refused zips: nothing reaches the listener, the honest keep full
     * marks, the disk filler stops at its cap, every submission has its row and nothing appears outside the
     * output folder.
     */
    @Test
    void the_sandbox_contains_what_gets_past_the_scan() throws Exception {
        assumeTrue(Sandbox.detect(Path.of("unused"), new Sandbox.DiskCap(1 << 20, 1 << 20)).isPresent(),
                "GraderIT: skipped the sandbox's test: bubblewrap (bwrap) is not installed or does not work here");
        Path submissions = OUTPUT.resolve("sandbox-submissions");
        Path out = OUTPUT.resolve("sandbox-grades");
        FileTrees.delete(submissions);
        FileTrees.delete(out);
        AtomicInteger received = new AtomicInteger();
        HttpServer listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        listener.createContext("/", exchange -> {
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        listener.start();
        List<String> cases = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(CORPUS)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                if ("sandbox".equals(expected(dir).getProperty("needs"))) {
                    CorpusCase.handIn(dir, submissions.resolve(dir.getFileName().toString()));
                    cases.add(dir.getFileName().toString());
                }
            }
        }
        assertTrue(cases.size() >= 3, "the corpus's sandbox cases: " + cases);
        Path exfiltrator = submissions.resolve("exfiltrates_over_http/src/main/java/io/github/threadlab/sleep/SleepTasks.java");
        Files.writeString(exfiltrator, Files.readString(exfiltrator).replace("47913",
                String.valueOf(listener.getAddress().getPort())));
        List<String> honest = List.of("honest_1", "honest_2");
        for (String h : honest) {
            FileTrees.copy(ROOT.resolve("solutions/sleep/src/main/java/io/github/threadlab/sleep"),
                    submissions.resolve(h).resolve("src/main/java/io/github/threadlab/sleep"));
        }
        zipEntries(submissions.resolve("zip_slip.zip"), "../../escaped/src/main/java/Escaped.java", 100);
        zipEntries(submissions.resolve("zip_bomb.zip"), "src/main/java/io/github/threadlab/sleep/Bomb.java",
                30 * 1024 * 1024);
        Set<String> before = filesOutside(out);
        long disk = 256L * 1024 * 1024;
        try {
            grade(submissions, out, with(SLEEP_WITH_HIDDEN_TESTS, "--disk", disk / 1024 / 1024 + "m",
                    "--keep-workspaces"));
        } finally {
            listener.stop(0);
        }

        List<String> all = new ArrayList<>(cases);
        all.addAll(honest);
        all.addAll(List.of("zip_slip", "zip_bomb"));
        assertGradebookRows(out, all);
        List<String> wrong = new ArrayList<>();
        for (String name : cases) {
            wrong.addAll(unexpected(name, out));
        }
        if (received.get() != 0) {
            wrong.add("the listener outside the sandbox received " + received.get() + " request(s)");
        }
        for (String h : honest) {
            JsonNode results = JSON.readTree(out.resolve(h).resolve("results.json").toFile());
            if (results.get("score").asInt() != results.get("max_score").asInt()) {
                wrong.add(h + ", graded beside the bad ones, lost points:\n" + Files.readString(out.resolve(h).resolve("feedback.md")));
            }
        }
        for (String zip : List.of("zip_slip", "zip_bomb")) {
            String feedback = Files.readString(out.resolve(zip).resolve("feedback.md"));
            if (!feedback.contains("refused") || feedback.contains("grader failed")) {
                wrong.add(zip + " is not reported as a refused submission:\n" + feedback);
            }
        }
        String fillerLog = Files.readString(out.resolve("fills_the_disk/build.log"));
        if (!fillerLog.contains("No space left on device")) {
            wrong.add("the disk filler's build never hit its cap: " + fillerLog.lines().filter(l -> l.contains("Tests run"))
                    .toList());
        }
        // Each build wrote into its capped tmpfs; the host's workspace holds the course and the reports alone.
        try (Stream<Path> works = Files.list(out.resolve(".work"))) {
            for (Path work : works.filter(Files::isDirectory).toList()) {
                long size = size(work);
                if (size > disk) {
                    wrong.add(work.getFileName() + "'s work folder holds " + size / 1024 / 1024 + " MB, over the cap");
                }
            }
        }
        Set<String> after = filesOutside(out);
        after.removeAll(before);
        if (!after.isEmpty()) {
            wrong.add("files appeared outside the output folder: " + after);
        }
        FileTrees.delete(out.resolve(".work"));
        if (!wrong.isEmpty()) {
            fail(String.join("\n", wrong));
        }
    }

    /** Every file under the integration test's output folder and the submissions, but the grades in {@code out}. */
    private static Set<String> filesOutside(Path out) throws IOException {
        try (Stream<Path> all = Files.walk(OUTPUT)) {
            return all.filter(p -> !p.startsWith(out)).map(Path::toString).collect(Collectors.toCollection(HashSet::new));
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void zipEntries(Path zipFile, String entry, int bytes) throws IOException {
        try (OutputStream file = Files.newOutputStream(zipFile); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry(entry));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int written = 0; written < bytes; written += chunk.length) {
                zip.write(chunk, 0, Math.min(chunk.length, bytes - written));
            }
            zip.closeEntry();
        }
    }

    @Test
    void a_mixed_batch_scores_the_reference_full_the_stubs_zero_and_wrong_solutions_below_full() throws IOException {
        Path submissions = OUTPUT.resolve("mixed-submissions");
        Path out = OUTPUT.resolve("mixed-grades");
        FileTrees.delete(out);
        mixedBatch(submissions);
        grade(submissions, out);

        List<String> rows = new ArrayList<>(List.of("reference", "stubs"));
        MIXED_VARIANTS.forEach(v -> rows.add(v[0] + "-" + v[1]));
        assertGradebookRows(out, rows);
        JsonNode reference = JSON.readTree(out.resolve("reference/results.json").toFile());
        assertEquals(reference.get("max_score").asInt(), reference.get("score").asInt(),
                "the reference solutions lose points:\n" + Files.readString(out.resolve("reference/feedback.md")));
        JsonNode stubs = JSON.readTree(out.resolve("stubs/results.json").toFile());
        assertEquals(0, stubs.get("score").asInt(), "the stubs score");
        assertTrue(stubs.get("max_score").asInt() == reference.get("max_score").asInt());
        for (String[] v : MIXED_VARIANTS) {
            String name = v[0] + "-" + v[1];
            JsonNode results = JSON.readTree(out.resolve(name).resolve("results.json").toFile());
            int exerciseScore = 0;
            int exerciseMax = 0;
            List<String> failed = new ArrayList<>();
            for (JsonNode t : results.get("tests")) {
                String test = t.get("name").asText();
                if (test.startsWith(v[0] + ": ")) {
                    exerciseScore += t.get("score").asInt();
                    exerciseMax += t.get("max_score").asInt();
                    if (t.get("status").asText().equals("failed")) {
                        failed.add(test.substring(v[0].length() + 2));
                    }
                } else {
                    assertEquals(0, t.get("score").asInt(), name + " scores on another exercise's stub: " + test);
                }
            }
            assertTrue(exerciseMax > 0 && exerciseScore < exerciseMax,
                    name + ": " + exerciseScore + " / " + exerciseMax + " on " + v[0]);
            for (String caughtBy : caughtBy(ROOT.resolve("solutions").resolve(v[0]).resolve("corpus/wrong")
                    .resolve(v[1] + ".patch"))) {
                assertTrue(failed.contains(caughtBy.replace('_', ' ')), name + " passes " + caughtBy + ", which its "
                        + "header says catches it; failed: " + failed);
            }
        }
    }

    /**
     * {@code similarity} over the mixed batch, with two more submissions: the reference with other identifiers and
     * comments, and the course's stubs handed back as they were given.
     */
    @Test
    void similarity_ranks_a_renamed_copy_first_and_pairs_handed_back_stubs_with_nothing() throws IOException {
        Path submissions = OUTPUT.resolve("similarity-submissions");
        Path out = OUTPUT.resolve("similarity");
        FileTrees.delete(out);
        mixedBatch(submissions);
        Path solutions = references();
        try (Stream<Path> files = Files.walk(solutions)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path copy = submissions.resolve("renamed/src/main/java").resolve(solutions.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.writeString(copy, SimilarityCheckTest.disguised(Files.readString(file)));
            }
        }
        FileTrees.copy(COURSE.resolve("src/main/java"), submissions.resolve("handed-back/src/main/java"));

        assertEquals(0, GraderCommand.run("similarity", submissions.toString(), "--course", COURSE.toString(),
                "--out", out.toString(), "--threshold", "0"), "similarity's exit status");

        List<String> pairs = Files.readAllLines(out.resolve("pairs.csv"));
        String all = String.join("\n", pairs);
        Map<String, Double> most = new TreeMap<>();
        Map<String, Double> renamed = new TreeMap<>();
        for (String line : pairs.subList(1, pairs.size())) {
            String[] cells = line.split(",");
            List<String> pair = Stream.of(cells[1], cells[2]).sorted().toList();
            assertTrue(!pair.contains("handed-back") && !pair.contains("stubs"),
                    "stubs are paired with another submission: " + line);
            double similarity = Double.parseDouble(cells[3]);
            most.merge(cells[0], similarity, Math::max);
            if (pair.equals(List.of("reference", "renamed"))) {
                renamed.put(cells[0], similarity);
            }
        }
        assertEquals(new Course(COURSE, Optional.empty()).exercises(), List.copyOf(renamed.keySet()),
                "every exercise compares the reference with its renamed copy:\n" + all);
        // A wrong variant differs from the reference by a line or two, which may change no token: a tie is fair.
        assertEquals(most, renamed, "the renamed copy is the most similar pair of every exercise:\n" + all);
        // Not always 100 %: with the stubs' tokens taken out, a leftover run shorter than JPlag's minimum match is
        // not counted, even between identical copies (startup's reference and a copy of it: 92.8 %).
        assertTrue(renamed.values().stream().allMatch(s -> s >= 90), "a renamed copy is nearly all shared:\n" + all);
        String md = Files.readString(out.resolve("similarity.md"));
        assertEquals(renamed.size(), md.split("- handed-back: only the course's stubs, unchanged", -1).length - 1,
                "the handed-back stubs are set aside in every exercise:\n" + md);
    }

    /**
     * The mixed batch: the reference solutions (as a zip), the stubs (nothing handed in) and wrong variants of three
     * exercises, each the reference with its one mistake.
     */
    private static void mixedBatch(Path submissions) throws IOException {
        FileTrees.delete(submissions);
        Files.createDirectories(submissions.resolve("stubs/src/main/java"));
        zip(references(), "hw1/src/main/java/", submissions.resolve("reference.zip"));
        for (String[] v : MIXED_VARIANTS) {
            // The exercise's reference, then the files in which the variant (a patch, on its bases) differs from it, as
            // the solutions build's corpus run wrote them out (see solutions/CORPUS.md).
            Path into = submissions.resolve(v[0] + "-" + v[1]).resolve("src/main/java/io/github/threadlab").resolve(v[0]);
            FileTrees.copy(ROOT.resolve("solutions").resolve(v[0]).resolve("src/main/java/io/github/threadlab")
                    .resolve(v[0]), into);
            try (Stream<Path> changed = Files.list(ROOT.resolve("solutions/target/corpus").resolve(v[0]).resolve("wrong")
                    .resolve(v[1]).resolve("src"))) {
                for (Path file : changed.toList()) {
                    Files.copy(file, into.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void the_gradescope_bundle_grades_a_submission_into_results_results_json() throws Exception {
        Path root = OUTPUT.resolve("gradescope");
        FileTrees.delete(root);
        Path zip = OUTPUT.resolve("autograder.zip");
        assertEquals(0, GraderCommand.run("bundle", "--course", COURSE.toString(), "--out", zip.toString(),
                "--exercises", "sleep", "--time-factor", TIME_FACTOR, "--timeout", TIMEOUT));
        unzip(zip, root.resolve("source"));
        for (String part : List.of("setup.sh", "run_autograder", "course/pom.xml", "course/mvnw",
                "course/src/test/java/io/github/threadlab/sleep/SleepTasksTest.java", "grader/options")) {
            assertTrue(Files.isRegularFile(root.resolve("source").resolve(part)), "the bundle has no " + part);
        }
        // setup.sh keeps the pristine course's build in the image (the same grade command, with no submission), so
        // that run_autograder builds only the submission.
        Path none = Files.createDirectories(OUTPUT.resolve("gradescope-none"));
        List<String> prepare = new ArrayList<>(List.of("grade", none.toString(), "--course",
                root.resolve("source/course").toString(), "--out", OUTPUT.resolve("gradescope-prepare").toString(),
                "--prepared", root.resolve("source/prepared").toString()));
        prepare.addAll(List.of(Files.readString(root.resolve("source/grader/options")).strip().split(" ")));
        String repository = System.getProperty("maven.repo.local");
        if (repository != null) {
            prepare.addAll(List.of("--maven-repo", repository));
        }
        assertEquals(0, GraderCommand.run(prepare.toArray(String[]::new)), "preparing the course as setup.sh does");
        // Gradescope puts the student's upload in /autograder/submission: here, a project folder with the reference.
        FileTrees.copy(ROOT.resolve("solutions/sleep/src/main/java/io/github/threadlab/sleep"),
                root.resolve("submission/src/main/java/io/github/threadlab/sleep"));
        ProcessBuilder run = new ProcessBuilder("bash", root.resolve("source/run_autograder").toString())
                .redirectErrorStream(true).redirectOutput(OUTPUT.resolve("gradescope.log").toFile());
        run.environment().put("AUTOGRADER_ROOT", root.toAbsolutePath().toString());
        run.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String repo = System.getProperty("maven.repo.local");
        if (repo != null) {
            run.environment().put("MAVEN_REPO", repo);
        }
        assertEquals(0, run.start().waitFor(), "run_autograder failed: " + Files.readString(OUTPUT.resolve("gradescope.log")));
        assertTrue(Files.readString(OUTPUT.resolve("gradescope.log")).contains("is of these very files: used as it is"),
                "run_autograder built the course again instead of using setup.sh's build: "
                        + Files.readString(OUTPUT.resolve("gradescope.log")));

        JsonNode results = JSON.readTree(root.resolve("results/results.json").toFile());
        assertTrue(results.get("max_score").asInt() > 0, "results.json: " + results);
        assertEquals(results.get("max_score").asInt(), results.get("score").asInt(), "results.json: " + results);
    }

    /** How the grade of corpus case {@code name} in {@code out} differs from its expected.properties. */
    static List<String> unexpected(String name, Path out) throws IOException {
        List<String> wrong = new ArrayList<>();
        Properties expected = expected(CORPUS.resolve(name));
        JsonNode results = JSON.readTree(out.resolve(name).resolve("results.json").toFile());
        String feedback = Files.readString(out.resolve(name).resolve("feedback.md"));
        int score = results.get("score").asInt();
        int max = results.get("max_score").asInt();
        assertTrue(max > 0, name + ": no points to earn");
        if (expected.containsKey("score")) {
            int want = bound(expected.getProperty("score"), max);
            if (score != want) {
                wrong.add(name + ": scored " + score + " / " + max + ", expected " + want + "\n" + feedback);
            }
        }
        if (expected.containsKey("score.min") && score < bound(expected.getProperty("score.min"), max)) {
            wrong.add(name + ": scored " + score + ", expected at least " + expected.getProperty("score.min"));
        }
        if (expected.containsKey("score.max") && score > bound(expected.getProperty("score.max"), max)) {
            wrong.add(name + ": scored " + score + " / " + max + ", expected at most " + expected.getProperty("score.max"));
        }
        for (String alternatives : feedbackLines(CORPUS.resolve(name))) {
            boolean found = Stream.of(alternatives.split("\\|")).anyMatch(feedback::contains);
            if (!found) {
                wrong.add(name + ": feedback.md says none of '" + alternatives + "':\n" + feedback);
            }
        }
        return wrong;
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path target = into.resolve(entry.getName()).normalize();
                assertTrue(target.startsWith(into), entry.getName());
                Files.createDirectories(target.getParent());
                Files.copy(in, target);
            }
        }
    }

    /**
     * Where a batch's pristine course build is kept for the next batches that grade the same files: beside the
     * integration tests' output folder, not in it, which the sandbox's test watches for files that should not appear.
     */
    static Path prepared(String name) {
        return OUTPUT.toAbsolutePath().resolveSibling(OUTPUT.getFileName() + "-prepared").resolve(name);
    }

    private static String[] with(List<String> arguments, String... more) {
        List<String> all = new ArrayList<>(arguments);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    static void grade(Path submissions, Path out, String... more) {
        assertEquals(0, GraderCommand.run(arguments(submissions, out, more)), "the grade command failed");
    }

    /**
     * The grade command's arguments for {@code submissions} into {@code out}, with this test's course, time factor,
     * and, unless {@code more} says otherwise, parallelism and wall clock.
     */
    static String[] arguments(Path submissions, Path out, String... more) {
        assertTrue(Files.isDirectory(COURSE), "no pristine course at " + COURSE + ": the archetype's integration "
                + "tests generate it (do not skip them)");
        List<String> args = new ArrayList<>(List.of("grade", submissions.toString(), "--course", COURSE.toString(),
                "--out", out.toString(), "--time-factor", TIME_FACTOR));
        args.addAll(List.of(more));
        if (!args.contains("--parallel")) {
            args.addAll(List.of("--parallel", PARALLEL));
        }
        if (!args.contains("--timeout")) {
            args.addAll(List.of("--timeout", TIMEOUT));
        }
        return args.toArray(String[]::new);
    }

    static void assertGradebookRows(Path out, List<String> submissions) throws IOException {
        List<String> rows = Files.readAllLines(out.resolve("gradebook.csv"));
        assertEquals(submissions.size() + 1, rows.size(), "gradebook rows:\n" + String.join("\n", rows));
        for (String s : submissions) {
            assertTrue(rows.stream().anyMatch(r -> r.startsWith(s + ",")), "no gradebook row for " + s);
            assertTrue(Files.isRegularFile(out.resolve(s).resolve("results.json")), "no results.json for " + s);
            assertTrue(Files.isRegularFile(out.resolve(s).resolve("feedback.md")), "no feedback.md for " + s);
        }
    }

    static Properties expected(Path dir) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve("expected.properties"))) {
            p.load(in);
        }
        return p;
    }

    /** Every feedback= line: each must match, and a|b means either. */
    private static List<String> feedbackLines(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("expected.properties")).stream().filter(l -> l.startsWith("feedback="))
                .map(l -> l.substring("feedback=".length())).toList();
    }

    /** "max" is the maximum, a negative number counts down from it. */
    private static int bound(String value, int max) {
        if (value.equals("max")) {
            return max;
        }
        int n = Integer.parseInt(value.trim());
        return n < 0 ? max + n : n;
    }

    /** The tests a wrong variant's patch says catch it (its {@code Caught by:} line, JDK qualifiers left out). */
    private static List<String> caughtBy(Path patch) throws IOException {
        Matcher m = Pattern.compile("(?m)^Caught by: (.+)$").matcher(Files.readString(patch));
        if (!m.find()) {
            return List.of();
        }
        return Stream.of(m.group(1).split(",")).map(s -> s.replaceAll("\\(.*\\)", "").trim())
                .filter(s -> !s.isEmpty()).toList();
    }

    /** Every exercise's reference ({@code solutions/<exercise>/src/main/java}) in one source tree, as a student hands in. */
    private static Path references() throws IOException {
        return References.copiedInto(ROOT, OUTPUT.resolve("references"));
    }

    private static void zip(Path dir, String prefix, Path zipFile) throws IOException {
        try (OutputStream file = Files.newOutputStream(zipFile); ZipOutputStream zip = new ZipOutputStream(file);
                Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(prefix + dir.relativize(p).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(p));
                zip.closeEntry();
            }
        }
        assertTrue(Files.size(zipFile) > 0, String.format(Locale.ROOT, "empty zip %s", zipFile));
        assertTrue(new String(Files.readAllBytes(zipFile), StandardCharsets.ISO_8859_1).contains("SleepTasks"));
    }
}
