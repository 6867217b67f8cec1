package io.github.threadlab.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A measurement, not a test: what recording a timeline costs a graded test of 10,000 probed tasks on virtual
 * threads, recording on against off, alternating, and what drawing that timeline costs. Prints medians.
 *
 * <p>HOW TO RUN, after {@code ./mvnw -pl harness test-compile}:
 * <pre>
 * ./mvnw -q -pl harness dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp harness/target/classes:harness/target/test-classes:$(cat harness/target/cp.txt) \
 *     io.github.threadlab.harness.RecordingCost 40
 * </pre>
 */
final class RecordingCost {

    private static final int TASKS = 10_000;

    private RecordingCost() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        List<Long> on = new ArrayList<>();
        List<Long> off = new ArrayList<>();
        List<Long> drawing = new ArrayList<>();
        for (int i = 0; i < rounds + 5; i++) {
            long recorded = run(true);
            long plain = run(false);
            if (i >= 5) { // the first rounds warm the JIT up
                on.add(recorded);
                off.add(plain);
                drawing.add(draw());
            }
        }
        System.out.printf("%d tasks on virtual threads, %d rounds: median %.1f ms recording, %.1f ms not recording "
                + "(%+.1f%%); drawing the timeline: median %.1f ms%n", TASKS, rounds, median(on) / 1e6,
                median(off) / 1e6, 100.0 * (median(on) - median(off)) / median(off), median(drawing) / 1e6);
    }

    private static long run(boolean record) throws InterruptedException {
        System.setProperty(Timeline.ENABLED_PROPERTY, String.valueOf(record));
        TimelineArchive.open();
        TestContext context = TestContext.begin();
        try {
            long start = System.nanoTime();
            TaskProbe probe = TaskProbe.create().expectingAtMost(TASKS, "tasks");
            try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
                probe.tasks(TASKS, i -> Work.nothing()).forEach(each::execute);
            }
            return System.nanoTime() - start;
        } finally {
            TestContext.end(context);
            TimelineArchive.close();
        }
    }

    private static long draw() {
        System.setProperty(Timeline.ENABLED_PROPERTY, "true");
        TimelineArchive.open();
        TestContext context = TestContext.begin();
        try {
            TaskProbe probe = TaskProbe.create();
            try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
                probe.tasks(TASKS, i -> Work.nothing()).forEach(each::execute);
            }
            Timeline timeline = context.finishTimeline();
            long start = System.nanoTime();
            timeline.toSvg();
            return System.nanoTime() - start;
        } finally {
            TestContext.end(context);
            TimelineArchive.close();
        }
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
