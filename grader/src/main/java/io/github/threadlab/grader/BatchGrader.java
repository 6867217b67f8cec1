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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Grades a batch, {@code parallel} submissions at once, and writes per submission its results.json, feedback.md
 * and build.log, and for the batch gradebook.csv. Every submission gets its row, whatever happens while grading
 * it: an error of the grader itself is a row with the error, not a lost submission.
 */
final class BatchGrader {

    private final SubmissionGrader grader;
    private final CourseTests tests;
    private final int parallel;
    private final boolean keepWorkspaces;
    private final PrintStream console;

    BatchGrader(SubmissionGrader grader, CourseTests tests, int parallel, boolean keepWorkspaces, PrintStream console) {
        this.grader = grader;
        this.tests = tests;
        this.parallel = parallel;
        this.keepWorkspaces = keepWorkspaces;
        this.console = console;
    }

    List<SubmissionGrade> grade(List<Submission> submissions, Path out) throws IOException, InterruptedException {
        Files.createDirectories(out);
        Path work = out.resolve(".work");
        console.printf(Locale.ROOT, "grading %d submission(s), %d at once, %d graded tests (%d points)%n",
                submissions.size(), parallel, tests.all().size(), tests.maxScore());
        AtomicInteger done = new AtomicInteger();
        List<Future<SubmissionGrade>> futures = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            for (Submission s : submissions) {
                futures.add(pool.submit(() -> {
                    SubmissionGrade grade = gradeOne(s, work.resolve(s.safeName()), out.resolve(s.safeName()));
                    progress(done.incrementAndGet(), submissions.size(), grade);
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
        Gradebook.write(List.copyOf(tests.byExercise().keySet()), grades, out.resolve("gradebook.csv"));
        if (!keepWorkspaces) {
            FileTrees.delete(work);
        }
        summary(grades, Duration.ofNanos(System.nanoTime() - start), out);
        return grades;
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

    private void summary(List<SubmissionGrade> grades, Duration wall, Path out) {
        List<Duration> times = grades.stream().map(SubmissionGrade::elapsed).sorted().toList();
        console.println();
        console.println("threadlab grader: " + grades.size() + " submission(s) graded");
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
