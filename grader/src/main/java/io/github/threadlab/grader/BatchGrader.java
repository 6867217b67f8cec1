package io.github.threadlab.grader;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Grades a batch, {@code parallel} submissions at once, and writes per submission its results.json, feedback.md
 * and build.log, and for the batch gradebook.csv. Every submission gets its row, whatever happens while grading
 * it: an error of the grader itself is a row with the error, not a lost submission.
 *
 * <p>A batch can be stopped and run again: each submission's row goes into gradebook.csv as soon as it is graded,
 * and its {@link BatchJournal} entry lets a rerun with the same output folder keep it rather than grade it again,
 * unless its input or the grading settings changed, or {@code regrade} is set. A stopped batch loses at most the
 * submissions in flight. At the end gradebook.csv is rewritten in submission order, the same as for a batch that
 * was never stopped.
 */
final class BatchGrader {

    private final SubmissionGrader grader;
    private final CourseTests tests;
    private final int parallel;
    private final boolean keepWorkspaces;
    private final PrintStream console;
    private final String settings;
    private final boolean regrade;

    /**
     * @param settings what decides a grade besides the submission (see {@link BatchJournal#settings}): a rerun keeps
     *                 an earlier grade only if they are the same
     * @param regrade  grade every submission, whatever was graded before
     */
    BatchGrader(SubmissionGrader grader, CourseTests tests, int parallel, boolean keepWorkspaces, PrintStream console,
            String settings, boolean regrade) {
        this.grader = grader;
        this.tests = tests;
        this.parallel = parallel;
        this.keepWorkspaces = keepWorkspaces;
        this.console = console;
        this.settings = settings;
        this.regrade = regrade;
    }

    /** Grades the submissions not graded before and returns their grades (the ones kept are only in the gradebook). */
    List<SubmissionGrade> grade(List<Submission> submissions, Path out) throws IOException, InterruptedException {
        Files.createDirectories(out);
        Path work = out.resolve(".work");
        List<String> exercises = List.copyOf(tests.byExercise().keySet());
        BatchJournal journal = new BatchJournal(out, settings);
        Map<String, String> rows = new ConcurrentHashMap<>();
        Map<Submission, String> fingerprints = new LinkedHashMap<>();
        List<Submission> todo = new ArrayList<>();
        for (Submission s : submissions) {
            String fingerprint = journal.fingerprint(s);
            fingerprints.put(s, fingerprint);
            Optional<String> before = regrade ? Optional.empty() : journal.previousRow(s, fingerprint);
            if (before.isPresent()) {
                rows.put(s.name(), before.get());
            } else {
                todo.add(s);
            }
        }
        Path gradebook = out.resolve("gradebook.csv");
        String header = Gradebook.header(exercises);
        // The gradebook starts with the rows kept (a half-written last line of a stopped batch goes), then grows.
        Gradebook.write(header, inOrder(submissions, rows), gradebook);
        if (!rows.isEmpty()) {
            console.printf(Locale.ROOT, "keeping %d submission(s) graded before in %s with the same input and "
                    + "settings (--regrade grades them again)%n", rows.size(), out);
        }
        console.printf(Locale.ROOT, "grading %d submission(s), %d at once, %d graded tests (%d points)%n",
                todo.size(), parallel, tests.all().size(), tests.maxScore());
        AtomicInteger done = new AtomicInteger();
        List<Future<SubmissionGrade>> futures = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            for (Submission s : todo) {
                futures.add(pool.submit(() -> {
                    journal.forget(s);
                    SubmissionGrade grade = gradeOne(s, work.resolve(s.safeName()), out.resolve(s.safeName()));
                    String row = Gradebook.row(exercises, grade);
                    rows.put(s.name(), row);
                    try {
                        journal.record(s, fingerprints.get(s), row);
                        Gradebook.append(row, gradebook);
                    } catch (IOException e) {
                        console.println("grader: could not record the grade of " + s.name() + ": " + e);
                    }
                    progress(done.incrementAndGet(), todo.size(), grade);
                    return grade;
                }));
            }
        }
        List<SubmissionGrade> grades = new ArrayList<>();
        for (Future<SubmissionGrade> f : futures) {
            try {
                grades.add(f.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("unreachable: gradeOne catches everything", e.getCause());
            }
        }
        Gradebook.write(header, inOrder(submissions, rows), gradebook);
        if (!keepWorkspaces) {
            FileTrees.delete(work);
        }
        summary(grades, rows.size() - grades.size(), Duration.ofNanos(System.nanoTime() - start), out);
        return grades;
    }

    private static List<String> inOrder(List<Submission> submissions, Map<String, String> rows) {
        return submissions.stream().map(s -> rows.get(s.name())).filter(Objects::nonNull).toList();
    }

    private SubmissionGrade gradeOne(Submission s, Path scratch, Path report) {
        long start = System.nanoTime();
        SubmissionGrade grade;
        try {
            FileTrees.delete(scratch);
            Files.createDirectories(scratch);
            grade = grader.grade(s, scratch);
        } catch (Exception | Error e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            String why = "not graded: the grader failed on this submission: " + e;
            grade = new SubmissionGrade(s, tests.all().stream().map(t -> new TestOutcome(t, false, why)).toList(),
                    List.of(), List.of(why, trace.toString()), Duration.ofNanos(System.nanoTime() - start));
        }
        try {
            Files.createDirectories(report);
            GradescopeJson.write(grade, report.resolve("results.json"));
            FeedbackPage.write(grade, report.resolve("feedback.md"));
            Path log = scratch.resolve("build.log");
            if (Files.isRegularFile(log)) {
                Files.copy(log, report.resolve("build.log"), StandardCopyOption.REPLACE_EXISTING);
            }
            if (!keepWorkspaces) {
                FileTrees.delete(scratch);
            }
        } catch (IOException e) {
            console.println("grader: could not write the reports of " + s.name() + ": " + e);
        }
        return grade;
    }

    private synchronized void progress(int done, int total, SubmissionGrade g) {
        console.printf(Locale.ROOT, "[%d/%d] %-32s %4d / %-4d %6.1f s  %s%n", done, total, g.submission().name(),
                g.score(), g.maxScore(), g.elapsed().toMillis() / 1000.0, g.headline());
        console.flush();
    }

    private void summary(List<SubmissionGrade> grades, int kept, Duration wall, Path out) {
        List<Duration> times = grades.stream().map(SubmissionGrade::elapsed).sorted().toList();
        console.println();
        console.println("threadlab grader: " + grades.size() + " submission(s) graded"
                + (kept > 0 ? ", " + kept + " kept from before (in the gradebook)" : ""));
        for (SubmissionGrade g : grades.stream().sorted(Comparator.comparing(x -> x.submission().name())).toList()) {
            console.printf(Locale.ROOT, "  %-32s %4d / %-4d %s%n", g.submission().name(), g.score(), g.maxScore(),
                    g.headline());
        }
        if (!times.isEmpty()) {
            console.printf(Locale.ROOT, "time per submission: median %.1f s, max %.1f s; the batch took %.1f s%n",
                    median(times).toMillis() / 1000.0, times.get(times.size() - 1).toMillis() / 1000.0,
                    wall.toMillis() / 1000.0);
        }
        console.println("gradebook: " + out.resolve("gradebook.csv"));
        console.println("per submission: " + out.resolve("<submission>/results.json") + ", feedback.md, build.log");
        console.flush();
    }

    static Duration median(List<Duration> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
    }
}
