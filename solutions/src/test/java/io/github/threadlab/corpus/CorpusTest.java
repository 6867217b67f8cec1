package io.github.threadlab.corpus;

import io.github.threadlab.harness.Durations;
import io.github.threadlab.harness.TimeLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Tests the graded tests: runs every exercise's graded tests against each variant in {@code corpus/} and
 * against the stubs, and checks that
 * <ul>
 *   <li>every <b>wrong</b> variant is rejected by every test its {@code Caught by:} line names (so each test
 *   keeps doing the job it exists for). Only those tests run: they are the proof, and the others would cost
 *   minutes of a wrong variant waiting out time limits. {@code -Dthreadlab.corpus.allTests=true} runs every
 *   graded test on every wrong variant, for an author who wants to see which others reject it too;</li>
 *   <li>every <b>correct</b> variant passes every graded test (so no test pins what the contract leaves open);</li>
 *   <li>a wrong variant whose {@code Jdk:} line leaves out the JDK this runs on is correct here, and passes every
 *   graded test too;</li>
 *   <li>the <b>stubs</b> fail every graded test, within 8 s (scaled by the time factor) for the whole run
 *   (a stub throws at once, so no test may wait out its 10 s time limit to fail it; 8 s, not less, because a
 *   suite's first Mockito mock or HTTP client costs seconds on a loaded 2-core machine).</li>
 * </ul>
 * Other JVMs run some of the exercises at the same time ({@link CorpusHelper}), each taking the next exercise from a
 * queue when it is free ({@link CorpusQueue}); the summary covers them all. Nothing here is exercise-specific: a new
 * exercise only adds its folders (see {@code solutions/CORPUS.md}).
 * Not a graded test, so it never counts on the scoreboard; the solutions build runs it in a surefire
 * execution of its own, after the graded tests.
 */
@Tag("corpus")
class CorpusTest {

    private static final Duration STUB_LIMIT = Duration.ofSeconds(8);
    /** With {@code -Dthreadlab.corpus.messages=true} the summary shows each rejecting test's message too. */
    private static final boolean MESSAGES = Boolean.getBoolean("threadlab.corpus.messages");
    /** With {@code -Dthreadlab.corpus.allTests=true} a wrong variant runs every graded test, not only its Caught by. */
    private static final boolean ALL_TESTS = Boolean.getBoolean("threadlab.corpus.allTests");
    private static final Corpus CORPUS = Corpus.fromSystemProperties();
    private static final List<Verdict> VERDICTS = new CopyOnWriteArrayList<>();
    /** The name this JVM takes exercises from the queue under. */
    private static final String THIS_JVM = "CorpusTest";
    /** The queue and the helpers of the corpus run in this JVM, once it has begun; null before. */
    private static volatile CorpusQueue queueOfThisJvm;
    private static volatile Map<String, CorpusHelper> helpersOfThisJvm;
    /** The exercises other JVMs ran, as they recorded them in the queue. */
    private static final List<CorpusQueue.Finished> FINISHED_ELSEWHERE = new CopyOnWriteArrayList<>();

    /** What running the graded tests against one variant showed, and what was wrong with that. */
    record Verdict(Variant variant, GradedSuite.Result result, List<String> problems) {
    }

    @TestFactory
    Stream<DynamicTest> every_variant_gets_the_grade_its_header_promises() {
        if (CORPUS.exercises().isEmpty()) {
            throw new AssertionFailedError("no exercise folder with a corpus/ in " + CORPUS.root());
        }
        // This JVM and the helpers take the exercises, then the docs' pictures, from one queue, each the next item
        // when it is free.
        List<String> items = new ArrayList<>(CORPUS.exercisesLargestFirst());
        if (!"false".equals(System.getProperty("threadlab.corpus.docs"))) {
            items.addAll(DocsTimelinesTest.items()); // -Dthreadlab.corpus.docs=false: where they are not reported
        }
        CorpusQueue queue = CorpusQueue.fresh(CORPUS.output(), items);
        Map<String, CorpusHelper> helpers = startHelpers(queue);
        queueOfThisJvm = queue;
        helpersOfThisJvm = helpers;
        List<String> here = new CopyOnWriteArrayList<>();
        GradedSuite suite = CORPUS.suite();
        // Lazy: the next item is taken only when this JVM has run the variants of the one before.
        Stream<DynamicTest> local = Stream.generate(() -> queue.take(THIS_JVM)).takeWhile(Optional::isPresent)
                .map(Optional::get).peek(here::add)
                .flatMap(item -> DocsTimelinesTest.isItem(item) ? drawn(queue, item) : CORPUS.variants(item).stream()
                        .map(v -> DynamicTest.dynamicTest(v.displayName(), () -> {
                            Verdict verdict = check(suite, v);
                            VERDICTS.add(verdict);
                            failOn(verdict.problems());
                        })));
        // Then, with every item taken, the exercises the helpers ran, as each is done.
        Stream<DynamicTest> elsewhere = Stream.of(queue).flatMap(q -> q.items().stream()
                .filter(item -> !DocsTimelinesTest.isItem(item) && !here.contains(item))
                .flatMap(exercise -> finishedElsewhere(q, exercise, helpers.get(q.takenBy(exercise).orElseThrow()))
                        .stream()));
        return Stream.concat(local, elsewhere);
    }

    /** Draws a group of the docs' pictures for {@link DocsTimelinesTest}, which reports them: no test here. */
    private static Stream<DynamicTest> drawn(CorpusQueue queue, String item) {
        queue.done(item, DocsTimelinesTest.problemsOf(item));
        return Stream.empty();
    }

    /**
     * What the corpus run in this JVM found drawing the docs' pictures of {@code item}, once they are drawn; empty
     * if no corpus run took that item in this JVM (then {@link DocsTimelinesTest} draws them itself).
     */
    static Optional<List<String>> docsProblems(String item) {
        CorpusQueue queue = queueOfThisJvm;
        Optional<String> taker = queue == null ? Optional.empty() : queue.takenBy(item);
        if (taker.isEmpty()) {
            return Optional.empty();
        }
        CorpusHelper helper = helpersOfThisJvm.get(taker.get());
        Optional<CorpusQueue.Finished> done = queue.awaitDone(item, () -> helper != null && helper.isAlive());
        return Optional.of(done.map(CorpusQueue.Finished::problems).orElseGet(() -> List.of(item + ": "
                + taker.get() + " drew no pictures" + (helper == null ? "" : helper.logTail()))));
    }

    /**
     * The other JVMs, by name: {@code threadlab.corpus.jvms} less this one, or fewer when there are fewer exercises
     * or a helper cannot start (this JVM and those that did start take what is left).
     */
    private static Map<String, CorpusHelper> startHelpers(CorpusQueue queue) {
        Map<String, CorpusHelper> started = new LinkedHashMap<>();
        for (int n = 2; n <= Math.min(CorpusHelper.JVMS, queue.items().size()); n++) {
            try {
                CorpusHelper helper = CorpusHelper.start(n, queue, CORPUS.output());
                started.put(helper.name(), helper);
            } catch (UncheckedIOException e) {
                System.out.println("CorpusTest: helper JVM " + n + " could not start (" + e.getCause().getMessage()
                        + "): the corpus runs in " + (started.size() + 1) + " JVM(s)");
                break;
            }
        }
        return started;
    }

    /** One dynamic test per variant of an exercise that {@code helper} took: what it found, once it is done. */
    private static List<DynamicTest> finishedElsewhere(CorpusQueue queue, String exercise, CorpusHelper helper) {
        Optional<CorpusQueue.Finished> finished = queue.awaitDone(exercise, helper::isAlive);
        finished.ifPresent(FINISHED_ELSEWHERE::add);
        return CORPUS.variants(exercise).stream().map(v -> DynamicTest.dynamicTest(v.displayName(), () -> {
            List<String> problems = finished.map(f -> f.problemsOf(v)).orElse(null);
            failOn(problems != null ? problems
                    : List.of(v.shortName() + ": " + helper.name() + " gave no verdict" + helper.logTail()));
        })).toList();
    }

    private static void failOn(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new AssertionFailedError(String.join("\n", problems));
        }
    }

    /** Runs the graded tests against {@code variant} and says what was wrong with the outcome, if anything. */
    static Verdict check(GradedSuite suite, Variant variant) {
        List<String> problems = new ArrayList<>();
        GradedSuite.Result result = null;
        if (!variant.header().problem().isEmpty()) {
            problems.add(variant.shortName() + ": " + variant.header().problem());
        } else if (!Files.exists(variant.source())) {
            problems.add(variant.shortName() + ": no sources at " + variant.source());
        } else {
            try {
                result = suite.compileAndRun(variant, testsToRun(variant));
                if (result.compileErrors().isEmpty() && !result.outcomes().keySet().containsAll(testsToRun(variant))) {
                    result = suite.compileAndRun(variant, List.of()); // a name that is no test: the message lists them
                }
                problems.addAll(problems(variant, result));
            } catch (VariantPatch.BrokenPatchException e) {
                problems.add(variant.shortName() + ": " + e.getMessage() + "\n(to redo it on a copy of its base: "
                        + "scripts/new-variant.sh " + variant.exercise() + " " + variant.name() + ")");
            }
        }
        return new Verdict(variant, result, List.copyOf(problems));
    }

    private static List<String> testsToRun(Variant variant) {
        return variant.gradedAs() == Variant.Kind.WRONG && !ALL_TESTS ? variant.header().caughtBy() : List.of();
    }

    private static List<String> problems(Variant variant, GradedSuite.Result result) {
        String name = variant.shortName();
        if (!result.compileErrors().isEmpty()) {
            return List.of(name + " does not compile against the reference's classes:\n" + result.compileErrors());
        }
        if (result.outcomes().isEmpty()) {
            return List.of("no graded tests found for " + variant.exercise() + " (io.github.threadlab."
                    + variant.exercise() + ".*Test in " + CORPUS.testClasses() + ")");
        }
        List<String> problems = new ArrayList<>();
        switch (variant.gradedAs()) {
            case WRONG -> {
                String mistake = "'" + variant.header().wrong() + "'"
                        + (variant.header().jdk().isAny() ? "" : " on JDK " + Variant.JDK)
                        + ", which breaks " + variant.header().breaks();
                List<String> rejectedBy = result.rejectedBy();
                List<GradedSuite.Outcome> notRun = result.outcomes().values().stream()
                        .filter(o -> o.status() == GradedSuite.Status.NOT_RUN).toList();
                if (rejectedBy.isEmpty() && notRun.isEmpty()) {
                    problems.add(name + " passed every graded test: the tests do not catch " + mistake);
                } else if (rejectedBy.isEmpty()) {
                    problems.add(name + " failed no graded test, and " + notRun.size() + " did not run ("
                            + notRun.get(0).message() + "): a variant must be rejected by a test that runs");
                }
                for (String test : variant.header().caughtBy()) {
                    GradedSuite.Outcome outcome = result.outcomes().get(test);
                    if (outcome != null && !variant.header().mustBeCaughtBy(test, Variant.JDK)) {
                        continue; // its Caught by line names other JDKs for this test
                    }
                    if (outcome == null) {
                        problems.add(name + ": its Caught by line names " + test + ", which is not a graded test of "
                                + variant.exercise() + " (" + String.join(", ", result.outcomes().keySet()) + ")");
                    } else if (outcome.status() != GradedSuite.Status.FAILED) {
                        problems.add(name + ": its Caught by test " + test + " "
                                + (outcome.passed() ? "passed" : outcome.message()) + "; that test exists to catch "
                                + mistake + (rejectedBy.isEmpty() ? "" : " (rejected by: "
                                + String.join(", ", rejectedBy) + ")"));
                    }
                }
            }
            case CORRECT -> {
                boolean jdkOnly = variant.kind() == Variant.Kind.WRONG;
                String what = jdkOnly ? "wrong only on JDK " + variant.header().jdk() + ", right on JDK "
                        + Variant.JDK : variant.header().correct();
                for (GradedSuite.Outcome outcome : result.notPassed()) {
                    problems.add(name + " (" + what + ") failed the graded test " + outcome.test() + ": "
                            + outcome.message() + "\n    a solution that is correct on this JDK must pass every "
                            + "graded test: this one pins what the contract leaves open, or is flaky");
                }
            }
            case STUBS -> {
                for (GradedSuite.Outcome outcome : result.outcomes().values()) {
                    if (outcome.status() != GradedSuite.Status.FAILED) {
                        String how = outcome.passed() ? "passed" : "did not fail (" + outcome.message() + ")";
                        problems.add("the stubs " + how + " the graded test " + outcome.test()
                                + ": a test that an unimplemented exercise does not fail grades nothing");
                    }
                }
                Duration limit = TimeLimits.scaled(STUB_LIMIT);
                if (result.took().compareTo(limit) > 0) {
                    problems.add("the stubs took " + Durations.format(result.took()) + " to fail, the limit is "
                            + Durations.format(limit) + " (time factor " + TimeLimits.factor() + "): every stub "
                            + "throws at once, so a graded test that takes long on it waits for a timeout "
                            + "instead of failing fast");
                }
            }
            default -> throw new IllegalStateException(variant.kind().toString());
        }
        return problems;
    }

    @AfterAll
    static void printSummary() throws IOException {
        List<Part> parts = new ArrayList<>();
        for (String exercise : VERDICTS.stream().map(v -> v.variant().exercise()).distinct().toList()) {
            parts.add(part(exercise, VERDICTS));
        }
        FINISHED_ELSEWHERE.forEach(f -> parts.add(f.part()));
        String summary = summary(parts);
        System.out.print(summary);
        System.out.flush();
        Path file = CORPUS.output().resolve("summary.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, summary, StandardCharsets.UTF_8);
    }

    /** One exercise's part of the summary: its row of the table, its block of details, and its problems. */
    record Part(String exercise, String row, String details, List<String> problems) {
    }

    /** The summary of every exercise, in the order of their names. */
    private static String summary(List<Part> parts) {
        List<Part> sorted = parts.stream().sorted(Comparator.comparing(Part::exercise)).toList();
        StringBuilder out = new StringBuilder();
        String rule = "-".repeat(78);
        out.append('\n').append("threadlab corpus: the graded tests against wrong variants, correct variants and "
                + "the stubs, on JDK ").append(Runtime.version()).append('\n').append(rule).append('\n');
        out.append(String.format(Locale.ROOT, " %-12s %16s %16s %14s %14s%n", "exercise", "wrong rejected",
                "correct passed", "stubs passed", "stubs took"));
        sorted.forEach(part -> out.append(part.row()));
        out.append(rule).append('\n');
        sorted.forEach(part -> out.append(part.details()));
        List<String> problems = sorted.stream().flatMap(part -> part.problems().stream()).toList();
        if (!problems.isEmpty()) {
            out.append('\n').append("problems:").append('\n');
            problems.forEach(p -> out.append("  ").append(p.replace("\n", "\n  ")).append('\n'));
        }
        return out.append('\n').toString();
    }

    /** {@code exercise}'s part of the summary, from the verdicts (of any exercises) in {@code all}. */
    static Part part(String exercise, List<Verdict> all) {
        List<Verdict> mine = all.stream().filter(v -> v.variant().exercise().equals(exercise)).toList();
        List<Verdict> wrong = of(mine, Variant.Kind.WRONG);
        List<Verdict> correct = of(mine, Variant.Kind.CORRECT);
        Verdict stubs = of(mine, Variant.Kind.STUBS).stream().findFirst().orElse(null);
        long rejected = wrong.stream()
                .filter(v -> v.result() != null && !v.result().rejectedBy().isEmpty()).count();
        long passed = correct.stream().filter(v -> v.result() != null && !v.result().outcomes().isEmpty()
                && v.result().notPassed().isEmpty()).count();
        String stubLine = stubs == null || stubs.result() == null ? "-"
                : stubs.result().passedCount() + " / " + stubs.result().outcomes().size();
        String stubTime = stubs == null || stubs.result() == null ? "-" : Durations.format(stubs.result().took());
        String row = String.format(Locale.ROOT, " %-12s %16s %16s %14s %14s%n", exercise,
                rejected + " / " + wrong.size(), passed + " / " + correct.size(), stubLine, stubTime);

        StringBuilder out = new StringBuilder();
        out.append(exercise).append(": the graded tests that rejected each wrong variant (* named in its "
                + "Caught by line; " + (ALL_TESTS ? "every graded test ran" : "only those ran") + ")")
                .append(MESSAGES ? ", and the stubs" : "").append('\n');
        for (Verdict verdict : mine) {
            Variant.Kind kind = verdict.variant().gradedAs();
            if (kind == Variant.Kind.CORRECT || kind == Variant.Kind.STUBS && !MESSAGES) {
                continue;
            }
            GradedSuite.Result result = verdict.result();
            out.append("  ").append(kind == Variant.Kind.STUBS ? "(the stubs)" : verdict.variant().name()
                    + onlyOn(verdict.variant()));
            if (result != null && result.compileErrors().isEmpty()) {
                out.append(" (").append(Durations.format(result.took())).append(')');
            }
            out.append('\n');
            if (result != null) {
                for (String test : result.rejectedBy()) {
                    boolean named = verdict.variant().header().caughtBy().contains(test);
                    out.append("      ").append(named ? "* " : "  ").append(test).append('\n');
                    if (MESSAGES) {
                        out.append("          ").append(result.outcomes().get(test).message()).append('\n');
                    }
                }
            }
        }
        for (Verdict verdict : correct) {
            if (verdict.result() != null) {
                out.append("  ").append(verdict.variant().shortName()).append(onlyOn(verdict.variant()))
                        .append(" passed ")
                        .append(verdict.result().passedCount()).append(" / ")
                        .append(verdict.result().outcomes().size()).append(" (")
                        .append(Durations.format(verdict.result().took())).append(")\n");
            }
        }
        return new Part(exercise, row, out.toString(), mine.stream().flatMap(v -> v.problems().stream()).toList());
    }

    /** " (wrong on JDK 21-24)" for a variant with a Jdk: line, else nothing. */
    private static String onlyOn(Variant variant) {
        return variant.header().jdk().isAny() ? "" : " (wrong on JDK " + variant.header().jdk() + ")";
    }

    private static List<Verdict> of(List<Verdict> verdicts, Variant.Kind kind) {
        return verdicts.stream().filter(v -> v.variant().gradedAs() == kind).toList();
    }
}
