package io.github.threadlab.startup;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Collectors;

/**
 * Course-provided: the start-up lab. Runs the article's experiment with {@link StartupBenchmark#timeToRun}: for each
 * size N, N platform threads and then N virtual threads, each thread sleeping ten times 100 ms, and prints how long
 * each round took and how much of it was overhead, the time beyond the task's own second.
 *
 * <p>How it keeps the figures honest:
 * <ul>
 *   <li>One untimed warm-up round first (the largest virtual size up to 100,000, and 1,000 platform threads), so
 *   that the JIT has compiled the thread code and the heap has grown before anything is timed: on a cold JVM the
 *   first large round pays for both ({@code --cold} skips it, to see that).</li>
 *   <li>The sizes run in increasing order in this one JVM, each round after a {@code System.gc()}, so that one
 *   round's garbage is not collected during the next.</li>
 *   <li>Each size runs several rounds ({@code --rounds}, 3 unless given) and the table keeps the best: on a shared
 *   machine a slower round measures whatever else ran at that moment, not the threads.</li>
 *   <li>Platform threads stop at a size the machine can take: above {@code --platform-limit} (10,000 unless given),
 *   after a round that took more than {@value #PLATFORM_BUDGET_SECONDS} s, or once the JVM could not create one.
 *   Each is an operating-system thread with its own stack, and on a shared machine tens of thousands of them starve
 *   everything else. The table says where and why they stopped.</li>
 * </ul>
 * The launch command in the project's pom (see {@code docs/startup.md}) picks the JVM's flags: the serial garbage
 * collector and a heap that is large from the start.
 *
 * <p>Writes the table to {@code startup.csv} and the chart (overhead against N, both axes logarithmic) to
 * {@code startup.png}, in {@code target/startup} or the folder named by the system property
 * {@value #OUTPUT_PROPERTY}.
 */
public final class StartupLab {

    /** The article's sizes. */
    static final List<Integer> SIZES = List.of(1, 10, 100, 1_000, 2_000, 5_000, 10_000, 50_000, 100_000);
    static final int DEFAULT_PLATFORM_LIMIT = 10_000;
    static final int PLATFORM_BUDGET_SECONDS = 30;
    static final int SLEEPS = 10;
    static final Duration SLEEP = Duration.ofMillis(100);
    /** What the task takes by itself: the overhead is whatever a round takes beyond it. */
    static final Duration TASK_TIME = SLEEP.multipliedBy(SLEEPS);
    static final String OUTPUT_PROPERTY = "threadlab.startup.out";
    static final int DEFAULT_ROUNDS = 3;

    private StartupLab() {
    }

    /**
     * Runs the lab.
     *
     * @param args optional, in any order and also as one space-separated argument: the sizes to measure (default
     *             1, 10, ..., 100000), {@code --platform-limit N} (default 10000), the largest size run on
     *             platform threads, and {@code --rounds R} (default 3), how many rounds of each size to run, of which
     *             the table shows the best, and {@code --cold}, which skips the warm-up round
     */
    public static void main(String[] args) throws InterruptedException, IOException {
        Options options = Options.parse(args);
        printSetting(options);
        try {
            run(options);
        } catch (UnsupportedOperationException notYet) {
            System.out.println("StartupBenchmark.timeToRun is not written yet (" + notYet.getMessage() + ").");
        }
    }

    private static void run(Options options) throws InterruptedException, IOException {
        if (options.warmUp()) {
            warmUp(options);
        } else {
            System.out.println("no warm-up (--cold): the first rounds also pay for a cold JVM");
        }
        System.out.println();
        System.out.println(Row.HEADER);
        List<Row> rows = new ArrayList<>();
        String platformStop = null;
        for (int n : options.sizes()) {
            Cell platform;
            if (platformStop != null) {
                platform = Cell.notRun(platformStop);
            } else if (n > options.platformLimit()) {
                platformStop = "above --platform-limit " + options.platformLimit();
                platform = Cell.notRun(platformStop);
            } else {
                platform = measure(n, Thread.ofPlatform().factory(), options.rounds());
                if (platform.failed()) {
                    platformStop = "the JVM could not create " + n + " platform threads (" + platform.note() + ")";
                } else if (platform.wall().toSeconds() >= PLATFORM_BUDGET_SECONDS) {
                    platformStop = "the round of " + n + " took over " + PLATFORM_BUDGET_SECONDS + " s";
                }
            }
            Cell virtual = measure(n, Thread.ofVirtual().factory(), options.rounds());
            Row row = new Row(n, platform, virtual);
            rows.add(row);
            System.out.println(row.line());
        }
        System.out.println();
        if (platformStop != null) {
            System.out.println("platform threads stopped: " + platformStop + ".");
        }
        System.out.println("each figure is the best of " + options.rounds() + " rounds; overhead = wall time - "
                + TASK_TIME.toMillis() / 1000.0 + " s, the task's own " + SLEEPS + " sleeps of " + SLEEP.toMillis()
                + " ms; platform / virtual = ratio of the wall times.");
        Path out = Path.of(System.getProperty(OUTPUT_PROPERTY, "target/startup"));
        Files.createDirectories(out);
        Path csv = out.resolve("startup.csv");
        Files.writeString(csv, Row.CSV_HEADER + "\n" + rows.stream().map(Row::csv).collect(Collectors.joining("\n"))
                + "\n", StandardCharsets.UTF_8);
        Path png = out.resolve("startup.png");
        StartupChart.write(rows, describeJvm(), png);
        System.out.println("wrote " + csv + " and " + png);
    }

    /** The task of every thread: ten sleeps of 100 ms; an interrupt ends it early. */
    static Runnable tenSleeps(Duration sleep) {
        return () -> {
            for (int i = 0; i < SLEEPS; i++) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        };
    }

    private static void warmUp(Options options) throws InterruptedException {
        int virtual = Math.min(100_000, options.sizes().stream().mapToInt(Integer::intValue).max().orElse(1));
        int platform = Math.min(1_000, options.platformLimit());
        long start = System.nanoTime();
        StartupBenchmark.timeToRun(virtual, Thread.ofVirtual().factory(), tenSleeps(SLEEP));
        if (platform > 0) {
            StartupBenchmark.timeToRun(platform, Thread.ofPlatform().factory(), tenSleeps(SLEEP));
        }
        System.out.printf(Locale.ROOT, "warm-up, not timed in the table: %,d virtual and %,d platform threads, %.2f s%n",
                virtual, platform, (System.nanoTime() - start) / 1e9);
    }

    /**
     * The best of {@code rounds} rounds: what the machine can do when nothing else gets in the way. On a shared
     * machine the other rounds are slower by whatever else ran at that moment, which is not the threads' cost.
     */
    private static Cell measure(int n, ThreadFactory factory, int rounds) throws InterruptedException {
        Duration best = null;
        for (int round = 0; round < rounds; round++) {
            System.gc(); // the previous round's garbage is collected now, not during this round
            try {
                Duration took = StartupBenchmark.timeToRun(n, factory, tenSleeps(SLEEP));
                best = best == null || took.compareTo(best) < 0 ? took : best;
            } catch (OutOfMemoryError e) { // "unable to create native thread": the machine's limit
                System.gc();
                return Cell.failed(e.getMessage());
            }
        }
        return Cell.of(best);
    }

    private static void printSetting(Options options) {
        System.out.printf(Locale.ROOT, "Start-up cost of N threads, each sleeping %d x %d ms: %s%n", SLEEPS,
                SLEEP.toMillis(), describeJvm());
        System.out.println("JVM flags: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.printf(Locale.ROOT, "sizes %s; platform threads up to %,d; best of %d rounds each%n",
                options.sizes(), options.platformLimit(), options.rounds());
    }

    /** "Java 25 (Eclipse Adoptium), 2 cores, Serial GC (Copy, MarkSweepCompact), max heap 4096 MB". */
    static String describeJvm() {
        String collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "Java %s (%s), %d cores, collectors %s, max heap %d MB",
                Runtime.version().feature(), System.getProperty("java.vendor"),
                Runtime.getRuntime().availableProcessors(), collectors, Runtime.getRuntime().maxMemory() >> 20);
    }

    /** One measurement: a wall time, or why there is none. */
    record Cell(Duration wall, String note, boolean failed) {

        static Cell of(Duration wall) {
            return new Cell(wall, "", false);
        }

        static Cell notRun(String why) {
            return new Cell(null, why, false);
        }

        static Cell failed(String why) {
            return new Cell(null, why, true);
        }

        boolean measured() {
            return wall != null;
        }

        /** The time beyond the task's own second. */
        Duration overhead() {
            return wall.minus(TASK_TIME);
        }
    }

    /** One line of the table. */
    record Row(int units, Cell platform, Cell virtual) {

        static final String HEADER = String.format(Locale.ROOT, "%9s %12s %12s %19s %18s %20s", "units",
                "platform", "virtual", "platform overhead", "virtual overhead", "platform / virtual");
        static final String CSV_HEADER = "units,platform_seconds,virtual_seconds,platform_overhead_seconds,"
                + "virtual_overhead_seconds,platform_over_virtual,platform_note";

        String line() {
            return String.format(Locale.ROOT, "%,9d %12s %12s %19s %18s %20s", units, seconds(platform.wall()),
                    seconds(virtual.wall()), platform.measured() ? seconds(platform.overhead()) : "-",
                    virtual.measured() ? seconds(virtual.overhead()) : "-", ratio());
        }

        String csv() {
            return String.join(",", String.valueOf(units), plain(platform.wall()), plain(virtual.wall()),
                    platform.measured() ? plain(platform.overhead()) : "",
                    virtual.measured() ? plain(virtual.overhead()) : "",
                    platform.measured() && virtual.measured() ? String.format(Locale.ROOT, "%.2f", ratioValue()) : "",
                    "\"" + platform.note().replace("\"", "'") + "\"");
        }

        private String ratio() {
            return platform.measured() && virtual.measured() ? String.format(Locale.ROOT, "%.2f", ratioValue()) : "-";
        }

        private double ratioValue() {
            return (double) platform.wall().toNanos() / virtual.wall().toNanos();
        }

        private static String seconds(Duration d) {
            return d == null ? "-" : String.format(Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
        }

        private static String plain(Duration d) {
            return d == null ? "" : String.format(Locale.ROOT, "%.4f", d.toNanos() / 1e9);
        }
    }

    /** The command line: sizes and {@code --platform-limit N}, as separate arguments or in one. */
    record Options(List<Integer> sizes, int platformLimit, int rounds, boolean warmUp) {

        static Options parse(String[] args) {
            List<String> words = new ArrayList<>();
            for (String arg : args) {
                for (String word : arg.trim().split("\\s+")) {
                    if (!word.isEmpty()) {
                        words.add(word);
                    }
                }
            }
            List<Integer> sizes = new ArrayList<>();
            int limit = DEFAULT_PLATFORM_LIMIT;
            int rounds = DEFAULT_ROUNDS;
            boolean warmUp = true;
            for (int i = 0; i < words.size(); i++) {
                String word = words.get(i);
                if (word.equals("--platform-limit") && i + 1 < words.size()) {
                    limit = positive(words.get(++i));
                } else if (word.equals("--cold")) {
                    warmUp = false;
                } else if (word.equals("--rounds") && i + 1 < words.size()) {
                    rounds = Math.max(1, positive(words.get(++i)));
                } else {
                    int size = positive(word);
                    if (size < 1) {
                        throw new IllegalArgumentException("a size is at least 1, was " + size);
                    }
                    sizes.add(size);
                }
            }
            if (sizes.isEmpty()) {
                sizes.addAll(SIZES);
            }
            sizes.sort(null); // increasing: each round warms the JVM for the next, larger one
            return new Options(List.copyOf(sizes), limit, rounds, warmUp);
        }

        private static int positive(String word) {
            int value;
            try {
                value = Integer.parseInt(word.replace("_", "").replace(",", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a size: '" + word + "' (usage: [--platform-limit N] "
                        + "[--rounds R] [--cold] [size ...])");
            }
            if (value < 0) {
                throw new IllegalArgumentException("a number below 0: " + value);
            }
            return value;
        }
    }
}
