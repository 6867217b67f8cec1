package io.github.threadlab.corpus;

import io.github.threadlab.harness.TimeLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.opentest4j.AssertionFailedError;

/**
 * How often the graded tests get a variant right, over many runs: a race that shows once in a thousand runs is
 * not caught, and a correct solution that fails once in thirty is failed unfairly. With
 * {@code -Dthreadlab.rates.runs=K}, each chosen variant is compiled once and its tests run K times, each run in a
 * class loader of its own:
 * <ul>
 *   <li>a <b>race</b> variant (a wrong one with a {@code Race:} header line) runs the tests its {@code Caught by:}
 *   line names, and counts as rejected when every one of them fails, as the corpus run requires;</li>
 *   <li>a <b>correct</b> variant, and the reference before them, run every graded test, and count as passed when
 *   all pass.</li>
 * </ul>
 * {@code -Dthreadlab.rates.kinds=race,correct} (the default) chooses, and {@code -Dthreadlab.corpus.exercises}
 * narrows as for the corpus. {@code -Dthreadlab.rates.secondsPerVariant=S} stops a variant's runs once they have
 * taken S seconds (a variant that is rejected only by a test's time limit costs seconds a run); its line then
 * says how many runs it had, never more than it ran. Prints a line per variant and appends it to {@code target/corpus/rates.txt}; fails if
 * a race variant was not rejected, or a correct one not passed, every time. {@code scripts/race-rates.sh} runs it
 * on a quiet machine and under {@code stress-ng}.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "threadlab.rates.runs", matches = "[1-9][0-9]*")
class RejectionRates {

    @Test
    void every_race_variant_is_rejected_and_every_correct_one_passes_every_time() throws IOException {
        int runs = Integer.getInteger("threadlab.rates.runs");
        List<String> kinds = List.of(System.getProperty("threadlab.rates.kinds", "race,correct").split("\\s*,\\s*"));
        Corpus corpus = Corpus.fromSystemProperties();
        GradedSuite suite = corpus.suite();
        Path report = corpus.output().resolve("rates.txt");
        Files.createDirectories(report.getParent());
        String condition = System.getProperty("threadlab.rates.condition", "");
        long budget = (long) (Double.parseDouble(System.getProperty("threadlab.rates.secondsPerVariant", "1e9")) * 1e9);
        List<String> shortfalls = new ArrayList<>();
        for (String exercise : corpus.exercises()) {
            if (kinds.contains("correct")) {
                Variant reference = new Variant(exercise, Variant.Kind.CORRECT, "reference", corpus.classes(),
                        Variant.Header.NONE);
                measure(reference, runs, budget, condition, () -> suite.runReference(exercise), report, shortfalls);
            }
            for (Variant variant : corpus.variants(exercise)) {
                boolean race = variant.gradedAs() == Variant.Kind.WRONG && variant.header().isRace();
                boolean correct = variant.gradedAs() == Variant.Kind.CORRECT;
                if (!(race && kinds.contains("race") || correct && kinds.contains("correct"))) {
                    continue;
                }
                String errors;
                try {
                    errors = suite.compile(variant);
                } catch (VariantPatch.BrokenPatchException e) {
                    errors = e.getMessage();
                }
                if (!errors.isEmpty()) {
                    shortfalls.add(variant.displayName() + " does not compile: " + errors);
                    continue;
                }
                List<String> tests = race ? variant.header().caughtBy() : List.of();
                measure(variant, runs, budget, condition, () -> suite.runCompiled(variant, tests), report, shortfalls);
            }
        }
        if (!shortfalls.isEmpty()) {
            throw new AssertionFailedError("not every time:\n" + String.join("\n", shortfalls));
        }
    }

    /** How long a virtual thread may take to get a carrier before the JVM counts as spoilt for measuring. */
    private static final Duration CARRIER_WAIT = Duration.ofSeconds(2);

    /**
     * Whether a virtual thread still gets a carrier: a run that leaves virtual threads spinning for ever (a loop
     * that never ends) keeps their carriers, and every later run in this JVM then times out for that reason alone.
     */
    private static boolean carriersFree() {
        Thread probe = Thread.ofVirtual().start(() -> { });
        try {
            return probe.join(CARRIER_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code variant} up to {@code runs} times within {@code budget} nanoseconds and reports its line. */
    private static void measure(Variant variant, int runs, long budget, String condition,
            Supplier<GradedSuite.Result> oneRun, Path report, List<String> shortfalls) throws IOException {
        boolean race = variant.gradedAs() == Variant.Kind.WRONG;
        Predicate<GradedSuite.Result> wanted = race
                ? r -> !r.outcomes().isEmpty()
                        && r.outcomes().values().stream().allMatch(o -> o.status() == GradedSuite.Status.FAILED)
                : r -> !r.outcomes().isEmpty() && r.notPassed().isEmpty();
        int good = 0;
        String lastMiss = "";
        long start = System.nanoTime();
        int run = 0;
        for (; run < runs && System.nanoTime() - start < budget; run++) {
            if (!carriersFree()) {
                shortfalls.add(variant.displayName() + ": after " + run + " runs a virtual thread no longer gets to "
                        + "run within " + CARRIER_WAIT.toSeconds() + " s: an earlier run left threads spinning on every"
                        + " carrier, and the runs after it would measure that, not the variant; the counts stop here");
                break;
            }
            GradedSuite.Result result = oneRun.get();
            if (wanted.test(result)) {
                good++;
            } else {
                lastMiss = race ? "passed " + result.outcomes().entrySet().stream()
                        .filter(e -> e.getValue().status() != GradedSuite.Status.FAILED).map(Map.Entry::getKey)
                        .toList() : result.notPassed().isEmpty()
                        ? "no graded tests ran" : result.notPassed().get(0).test() + ": "
                        + result.notPassed().get(0).message();
            }
        }
        String name = variant.name().equals("reference") ? "reference" : variant.kind().folder + "/" + variant.name();
        String line = String.format(Locale.ROOT, "%-7s %-9s %-62s %s %3d / %3d  (%.1f s per run, time "
                        + "factor %s)%s%n", condition, variant.exercise(), name, race ? "rejected" : "passed  ", good,
                run, (System.nanoTime() - start) / 1e9 / run, TimeLimits.factor(),
                good == run ? "" : "  last miss: " + lastMiss);
        System.out.print(line);
        System.out.flush();
        Files.writeString(report, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (good != run) {
            shortfalls.add(line.strip());
        }
    }
}
