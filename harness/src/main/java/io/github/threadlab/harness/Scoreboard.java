package io.github.threadlab.harness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Graded results summed per exercise, and rendered as the table printed after every test run. */
final class Scoreboard {

    private static final int MESSAGE_WIDTH = 160;
    private static final int UNSTARTED_SUMMARY_THRESHOLD = 3;

    private final List<GradedResult> results;

    public Scoreboard(List<GradedResult> results) {
        List<GradedResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingInt(GradedResult::number).thenComparing(GradedResult::exercise)
                .thenComparing(GradedResult::name));
        this.results = List.copyOf(sorted);
    }

    public List<GradedResult> results() {
        return results;
    }

    public int score() {
        return results.stream().mapToInt(GradedResult::points).sum();
    }

    public int maxScore() {
        return results.stream().mapToInt(GradedResult::maxPoints).sum();
    }

    /** One line per exercise, in course order. */
    public List<ExerciseScore> exercises() {
        Map<String, ExerciseScore> byName = new LinkedHashMap<>();
        for (GradedResult r : results) {
            byName.merge(r.exercise(), new ExerciseScore(r.number(), r.exercise(), r.points(), r.maxPoints(),
                    r.passed() ? 1 : 0, 1), ExerciseScore::plus);
        }
        return List.copyOf(byName.values());
    }

    /** The table printed at the end of a test run. */
    public String render(String resultsFile) {
        return render(resultsFile, null, result -> null);
    }

    /**
     * The table printed at the end of a test run, with the test report's path and, after each failure's message,
     * where to see that test's timeline ({@code timelineOf} may return null for a test without one).
     */
    public String render(String resultsFile, String reportFile, Function<GradedResult, String> timelineOf) {
        StringBuilder out = new StringBuilder();
        String rule = "-".repeat(56);
        out.append('\n').append("threadlab scoreboard").append('\n').append(rule).append('\n');
        out.append(String.format(Locale.ROOT, " %-3s %-18s %13s %15s%n", "#", "exercise", "points", "tests passed"));
        for (ExerciseScore e : exercises()) {
            out.append(String.format(Locale.ROOT, " %-3s %-18s %13s %15s%n", e.number(), e.name(),
                    e.points() + " / " + e.maxPoints(), e.passed() + " / " + e.tests()));
        }
        out.append(rule).append('\n');
        long passed = results.stream().filter(GradedResult::passed).count();
        out.append(String.format(Locale.ROOT, " %-3s %-18s %13s %15s%n", "", "total", score() + " / " + maxScore(),
                passed + " / " + results.size()));
        List<GradedResult> failed = results.stream().filter(r -> !r.passed()).toList();
        if (!failed.isEmpty()) {
            out.append('\n').append("not yet passing:").append('\n');
            for (ExerciseScore e : exercises()) {
                List<GradedResult> mine = failed.stream().filter(r -> r.exercise().equals(e.name())).toList();
                if (e.passed() == 0 && mine.size() > UNSTARTED_SUMMARY_THRESHOLD) {
                    // An exercise not begun yet: one line, not one per test, so the others stay readable.
                    out.append("  ").append(e.name()).append(": none of its ").append(e.tests())
                            .append(" tests passes yet, e.g. ").append(mine.get(0).name()).append('\n')
                            .append("      ").append(firstLine(mine.get(0).output())).append('\n');
                    continue;
                }
                for (GradedResult r : mine) {
                    out.append("  ").append(r.exercise()).append(" > ").append(r.name())
                            .append(" (").append(r.maxPoints()).append(r.maxPoints() == 1 ? " point)" : " points)")
                            .append('\n').append("      ").append(firstLine(r.output())).append('\n');
                    String timeline = timelineOf.apply(r);
                    if (timeline != null) {
                        out.append("      timeline: ").append(timeline).append('\n');
                    }
                }
            }
        }
        out.append('\n').append("results (Gradescope format): ").append(resultsFile).append('\n');
        if (reportFile != null) {
            out.append("report with a timeline of every test: ").append(reportFile).append('\n');
        }
        return out.toString();
    }

    private static String firstLine(String message) {
        String line = message.lines().findFirst().orElse("");
        return line.length() <= MESSAGE_WIDTH ? line : line.substring(0, MESSAGE_WIDTH - 3) + "...";
    }

    /** One exercise's line on the scoreboard. */
    public record ExerciseScore(int number, String name, int points, int maxPoints, int passed, int tests) {
        ExerciseScore plus(ExerciseScore other) {
            return new ExerciseScore(number, name, points + other.points, maxPoints + other.maxPoints,
                    passed + other.passed, tests + other.tests);
        }
    }
}
