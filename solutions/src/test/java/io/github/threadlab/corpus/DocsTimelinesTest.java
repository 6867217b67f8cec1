package io.github.threadlab.corpus;

import io.github.threadlab.harness.Timeline;
import io.github.threadlab.harness.TimelineArchive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Draws the timelines that the exercises' docs show: a graded test run against the reference next to the same
 * test run against a typical wrong solution from the corpus (sequential, unbounded, batched), so that the docs'
 * pictures are what the build sees, not drawings.
 *
 * <p>Every picture is written to {@code target/docs-timelines/<exercise>/}. The docs keep a copy in {@code
 * exercises/docs/<exercise>/}; this test fails when a copy is missing, when the docs do not show it, or when it no
 * longer has the structure of a fresh run (its mode, its number of tasks and of bars drawn, its limit: timings
 * differ from run to run, those do not). {@code -Dthreadlab.docs.update=true} refreshes the copies.
 */
@Tag("corpus")
class DocsTimelinesTest {

    private static final Corpus CORPUS = Corpus.fromSystemProperties();
    private static final Path ROOT = Path.of(System.getProperty("threadlab.root", "..")).toAbsolutePath().normalize();
    private static final Path OUTPUT = Path.of("target", "docs-timelines");
    private static final boolean UPDATE = Boolean.getBoolean("threadlab.docs.update");
    private static final String REFERENCE = "reference";
    private static final List<String> STRUCTURE = List.of("data-mode", "data-tasks", "data-bars", "data-limit");

    /**
     * One picture of the docs: {@code test} run against {@code variant} (a wrong one's folder, or the reference).
     * {@code countsFixed} is false for a run that the test stops when it sees the failure, so that how many tasks
     * ran by then depends on the machine's speed: of its structure, only the mode and the limit are compared.
     */
    private record Picture(String exercise, String test, String variant, String file, boolean countsFixed) {

        Picture(String exercise, String test, String variant, String file) {
            this(exercise, test, variant, file, true);
        }

        List<String> structure() {
            return countsFixed ? STRUCTURE : List.of("data-mode", "data-limit");
        }
    }

    private static final List<Picture> PICTURES = List.of(
            new Picture("sleep", "platform_threads_run_ten_sleeps_in_about_the_time_of_one", REFERENCE,
                    "platform-threads-reference.svg"),
            new Picture("sleep", "platform_threads_run_ten_sleeps_in_about_the_time_of_one",
                    "sequential_platform_threads", "platform-threads-sequential.svg"),
            new Picture("sleep", "fixed_pool_runs_twelve_sleeps_in_four_rounds_of_three", REFERENCE,
                    "fixed-pool-reference.svg"),
            new Picture("sleep", "fixed_pool_runs_twelve_sleeps_in_four_rounds_of_three", "unbounded_cached_pool",
                    "fixed-pool-unbounded.svg"),
            new Picture("sleep", "fixed_pool_keeps_pool_size_tasks_running_while_enough_remain", REFERENCE,
                    "fixed-pool-gates-reference.svg"),
            new Picture("sleep", "fixed_pool_keeps_pool_size_tasks_running_while_enough_remain",
                    "batches_of_pool_size", "fixed-pool-gates-batches.svg"),
            new Picture("gather", "gather_starts_every_call_at_once", REFERENCE, "all-at-once-reference.svg"),
            new Picture("gather", "gather_starts_every_call_at_once", "default_sized_pool",
                    "all-at-once-default-pool.svg"),
            new Picture("cpu", "never_more_than_parallelism_calls_run_at_once", REFERENCE, "limit-reference.svg"),
            new Picture("cpu", "never_more_than_parallelism_calls_run_at_once", "thread_per_input_unbounded",
                    "limit-unbounded.svg"),
            new Picture("cpu", "parallelism_calls_run_at_once_while_enough_inputs_remain", REFERENCE,
                    "gates-reference.svg"),
            new Picture("cpu", "parallelism_calls_run_at_once_while_enough_inputs_remain", "batches_of_parallelism",
                    "gates-batches.svg"),
            new Picture("startup", "all_n_tasks_run_at_the_same_moment", REFERENCE, "all-at-once-reference.svg"),
            new Picture("startup", "all_n_tasks_run_at_the_same_moment", "start_and_join_one_at_a_time",
                    "all-at-once-one-at-a-time.svg"),
            new Picture("bridge", "call_returns_at_once_while_the_call_is_held", REFERENCE,
                    "returns-at-once-reference.svg"),
            new Picture("bridge", "call_returns_at_once_while_the_call_is_held", "runs_on_the_calling_thread",
                    "returns-at-once-calling-thread.svg"),
            new Picture("bridge", "never_more_than_max_threads_calls_run_at_once", REFERENCE, "limit-reference.svg"),
            new Picture("bridge", "never_more_than_max_threads_calls_run_at_once", "unbounded_cached_pool",
                    "limit-unbounded.svg"),
            new Picture("fetcher", "virtual_mode_has_at_most_concurrency_requests_in_flight_and_that_many_while_"
                    + "enough_remain", REFERENCE, "limit-reference.svg"),
            new Picture("fetcher", "virtual_mode_has_at_most_concurrency_requests_in_flight_and_that_many_while_"
                    + "enough_remain", "no_limit_on_virtual_threads", "limit-unbounded.svg"),
            new Picture("fetcher", "virtual_mode_starts_the_next_request_as_soon_as_one_finishes", REFERENCE,
                    "window-reference.svg"),
            new Picture("fetcher", "virtual_mode_starts_the_next_request_as_soon_as_one_finishes",
                    "batches_on_virtual_threads", "window-batches.svg"),
            new Picture("eventloop", "the_loop_never_stalls_while_hundreds_of_orders_are_in_flight", REFERENCE,
                    "heartbeat-reference.svg"),
            // The test stops placing orders once the loop has stalled: how many lookups ran by then varies.
            new Picture("eventloop", "the_loop_never_stalls_while_hundreds_of_orders_are_in_flight",
                    "lookup_on_the_loop", "heartbeat-lookup-on-the-loop.svg", false));

    @TestFactory
    Stream<DynamicTest> the_docs_show_timelines_of_the_reference_and_of_typical_wrong_solutions() {
        Map<String, List<Picture>> byVariant = new LinkedHashMap<>();
        for (Picture picture : PICTURES) {
            if (CORPUS.exercises().contains(picture.exercise())) {
                byVariant.computeIfAbsent(picture.exercise() + "/" + picture.variant(), k -> new ArrayList<>())
                        .add(picture);
            }
        }
        return byVariant.values().stream().map(pictures -> DynamicTest.dynamicTest(
                pictures.get(0).exercise() + " / " + pictures.get(0).variant(), () -> draw(pictures)));
    }

    private static void draw(List<Picture> pictures) throws IOException {
        Picture first = pictures.get(0);
        GradedSuite.Result result;
        TimelineArchive.open();
        try {
            result = CORPUS.suite().compileAndRun(variant(first), List.of());
        } finally {
            TimelineArchive.close();
        }
        if (!result.compileErrors().isEmpty()) {
            throw new AssertionFailedError(first.variant() + " does not compile:\n" + result.compileErrors());
        }
        List<String> problems = new ArrayList<>();
        for (Picture picture : pictures) {
            Timeline timeline = result.timelines().get(picture.test());
            if (timeline == null) {
                problems.add(picture.test() + " recorded no timeline against " + picture.variant());
                continue;
            }
            String svg = timeline.toSvg();
            Path fresh = OUTPUT.resolve(picture.exercise()).resolve(picture.file());
            Files.createDirectories(fresh.getParent());
            Files.writeString(fresh, svg, StandardCharsets.UTF_8);
            Path kept = ROOT.resolve("exercises/docs").resolve(picture.exercise()).resolve(picture.file());
            if (UPDATE) {
                Files.createDirectories(kept.getParent());
                Files.writeString(kept, svg, StandardCharsets.UTF_8);
            }
            problems.addAll(compare(picture, svg, kept));
        }
        if (!problems.isEmpty()) {
            throw new AssertionFailedError(String.join("\n", problems) + "\n(-Dthreadlab.docs.update=true "
                    + "refreshes the docs' copies from " + OUTPUT.toAbsolutePath() + ")");
        }
    }

    private static List<String> compare(Picture picture, String fresh, Path kept) throws IOException {
        if (!Files.exists(kept)) {
            return List.of("the docs have no " + kept);
        }
        List<String> problems = new ArrayList<>();
        String docs = Files.readString(ROOT.resolve("exercises/docs/" + picture.exercise() + ".md"));
        if (!docs.contains("(" + picture.exercise() + "/" + picture.file() + ")")) {
            problems.add("exercises/docs/" + picture.exercise() + ".md does not show " + picture.exercise() + "/"
                    + picture.file());
        }
        String old = Files.readString(kept, StandardCharsets.UTF_8);
        for (String attribute : picture.structure()) {
            String was = attribute(old, attribute);
            String now = attribute(fresh, attribute);
            if (!was.equals(now)) {
                problems.add(kept + ": " + attribute + " is " + was + ", a fresh run of " + picture.test()
                        + " against " + picture.variant() + " draws " + now);
            }
        }
        return problems;
    }

    /** The first value of {@code name} in the SVG, or "none". */
    private static String attribute(String svg, String name) {
        Matcher m = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(svg);
        return m.find() ? m.group(1) : "none";
    }

    private static Variant variant(Picture picture) {
        if (picture.variant().equals(REFERENCE)) {
            return new Variant(picture.exercise(), Variant.Kind.CORRECT, REFERENCE,
                    Path.of("src", "main", "java", "io", "github", "threadlab", picture.exercise()).toAbsolutePath(),
                    Variant.Header.NONE);
        }
        return CORPUS.variants(picture.exercise()).stream().filter(v -> v.name().equals(picture.variant()))
                .findFirst().orElseThrow(() -> new AssertionFailedError("no corpus variant " + picture.exercise()
                        + "/" + picture.variant()));
    }
}
