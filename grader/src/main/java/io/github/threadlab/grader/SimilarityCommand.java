package io.github.threadlab.grader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code similarity}: JPlag over a folder of submissions, one exercise at a time. */
@Command(name = "similarity", mixinStandardHelpOptions = true,
        description = "Compares the submissions (project folders or zips, as for grade) in SUBMISSIONS with each "
                + "other, exercise by exercise, with JPlag and the course's stubs as base code; writes "
                + "OUT/<exercise>.jplag.zip (JPlag's report), OUT/pairs.csv and OUT/similarity.md (the most "
                + "similar pairs). Nothing is compiled or run.")
final class SimilarityCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SUBMISSIONS", description = "a folder of submissions")
    Path submissions;

    @Option(names = "--course", required = true, paramLabel = "DIR",
            description = "the pristine course: a project generated from the archetype")
    Path course;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "similarity",
            description = "where reports go (${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--exercises", split = ",", paramLabel = "NAME",
            description = "the exercises to compare (default: every exercise of the course)")
    List<String> exercises;

    @Option(names = "--threshold", paramLabel = "PERCENT", defaultValue = "50",
            description = "pairs at or above this similarity go into pairs.csv and similarity.md (${DEFAULT-VALUE})")
    double thresholdPercent;

    @Option(names = "--min-tokens", paramLabel = "N",
            description = "JPlag's minimum match length in tokens (default: JPlag's for Java)")
    Integer minimumTokens;

    @Override
    public Integer call() throws Exception {
        Course pristine = new Course(course, Optional.empty());
        List<String> compared = exercises == null ? pristine.exercises() : exercises;
        List<String> unknown = compared.stream().filter(e -> !pristine.exercises().contains(e)).toList();
        if (!unknown.isEmpty()) {
            System.err.println("no exercise called " + unknown + "; the course has " + pristine.exercises());
            return 2;
        }
        List<Submission> found = Submission.in(submissions);
        if (found.size() < 2) {
            System.err.println(submissions + " has " + found.size() + " submission(s) (folders or zips); "
                    + "comparing needs at least two");
            return 2;
        }
        Path target = out.toAbsolutePath();
        Path work = target.resolve(".work");
        double threshold = thresholdPercent / 100;
        SimilarityCheck check = new SimilarityCheck(pristine, minimumTokens);
        List<SimilarityCheck.ExerciseResult> results = new ArrayList<>();
        try {
            for (String exercise : compared) {
                SimilarityCheck.ExerciseResult r = check.compare(exercise, found, work, target);
                results.add(r);
                List<SimilarityCheck.Pair> shown = SimilarityReport.above(r, threshold);
                System.out.printf(Locale.ROOT, "%-10s %3d compared, %3d pair(s) at or above %s %%%s%n", exercise,
                        r.compared(), shown.size(), SimilarityReport.percent(threshold),
                        shown.isEmpty() ? "" : "; most similar: " + shown.get(0).first() + " and "
                                + shown.get(0).second() + " (" + SimilarityReport.percent(shown.get(0).similarity())
                                + " %)");
                r.skipped().forEach(s -> System.out.println("  not compared: " + s.submission() + ": " + s.reason()));
            }
        } finally {
            FileTrees.delete(work);
        }
        SimilarityReport.write(results, threshold, target);
        System.out.println("pairs: " + target.resolve("pairs.csv") + ", " + target.resolve("similarity.md"));
        return 0;
    }
}
