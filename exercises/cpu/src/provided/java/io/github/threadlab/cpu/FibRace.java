package io.github.threadlab.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Course-provided: the race of the Python articles, {@code fib(30)} to {@code fib(33)} by naive recursion, run one
 * after another, through {@link ParallelMap#map} at several parallelisms, and on a virtual thread per input.
 *
 * <p>Each way runs the same computations for several rounds (at least 3, and at least a second in all) and keeps
 * its best round, after a warm-up round that lets the JIT compile {@code fib}. The table shows the wall time and
 * how many times faster than {@code map} at parallelism 1 each way was: the same code on one thread, so that only
 * the number of threads differs. On a machine with C free cores, expect parallelism p to be up to
 * min(p, C, number of inputs) times faster, less the imbalance between the inputs ({@code fib(33)} alone is about
 * 45% of the work), and never more: a thread beyond the free cores only takes turns with the others.
 *
 * <pre>
 *   ./mvnw -q compile
 *   java -cp target/classes io.github.threadlab.cpu.FibRace            # fib(30) to fib(33)
 *   java -cp target/classes io.github.threadlab.cpu.FibRace 38 39 40 41
 * </pre>
 *
 * Until {@link ParallelMap#map} is written, only the plain loop runs.
 */
public final class FibRace {

    private static final int MIN_ROUNDS = 3;
    private static final int MAX_ROUNDS = 20;
    private static final long MIN_NANOS = 1_000_000_000L;

    private FibRace() {
    }

    public static void main(String[] args) throws InterruptedException, ExecutionException {
        List<Integer> ns = new ArrayList<>();
        for (String arg : args) {
            ns.add(Integer.parseInt(arg));
        }
        if (ns.isEmpty()) {
            ns.addAll(List.of(30, 31, 32, 33));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "fib(n) for n in %s by naive recursion, on %d cores (Java %s), best round "
                + "of each%n%n", ns, cores, Runtime.version().feature());

        List<Long> expected = sequentially(ns);
        System.out.println("results: " + expected);
        System.out.println();
        long loop = best(() -> check(expected, sequentially(ns)));
        System.out.printf(Locale.ROOT, "  %-38s %10s %18s%n", "how", "wall time", "vs parallelism 1");
        System.out.printf(Locale.ROOT, "  %-38s %7.1f ms%n", "a for loop on the calling thread", loop / 1e6);

        List<Integer> parallelisms = new ArrayList<>(List.of(1, 2));
        for (int p : new int[] {cores, ns.size()}) {
            if (!parallelisms.contains(p)) {
                parallelisms.add(p);
            }
        }
        parallelisms.sort(null);
        long one = 0;
        for (int p : parallelisms) {
            long took;
            try {
                took = best(() -> check(expected, ParallelMap.map(ns, FibRace::fib, p)));
            } catch (UnsupportedOperationException notYet) {
                System.out.println();
                System.out.println("ParallelMap.map is not written yet (" + notYet.getMessage() + "): only the loop "
                        + "ran.");
                return;
            }
            one = p == 1 ? took : one;
            row("ParallelMap.map, parallelism " + p, took, one);
        }
        row("a virtual thread per input", best(() -> check(expected, onVirtualThreads(ns))), one);
    }

    /** {@code fib(n)} the slow way: a number of calls that grows like 1.6^n, nothing but computation. */
    static long fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    private static List<Long> sequentially(List<Integer> ns) {
        List<Long> results = new ArrayList<>();
        for (int n : ns) {
            results.add(fib(n));
        }
        return results;
    }

    private static List<Long> onVirtualThreads(List<Integer> ns) throws InterruptedException, ExecutionException {
        try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> futures = new ArrayList<>();
            for (int n : ns) {
                futures.add(virtual.submit(() -> fib(n)));
            }
            List<Long> results = new ArrayList<>();
            for (Future<Long> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }

    private static void check(List<Long> expected, List<Long> actual) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException("expected " + expected + " but got " + actual);
        }
    }

    /**
     * The best wall time, in nanoseconds, of at least {@value #MIN_ROUNDS} rounds and at least a second in all
     * (at most {@value #MAX_ROUNDS} rounds), after one warm-up round.
     */
    private static long best(Round round) throws InterruptedException, ExecutionException {
        round.run();
        long best = Long.MAX_VALUE;
        long spent = 0;
        for (int i = 0; i < MAX_ROUNDS && (i < MIN_ROUNDS || spent < MIN_NANOS); i++) {
            long start = System.nanoTime();
            round.run();
            long took = System.nanoTime() - start;
            best = Math.min(best, took);
            spent += took;
        }
        return best;
    }

    private static void row(String how, long nanos, long baselineNanos) {
        System.out.printf(Locale.ROOT, "  %-38s %7.1f ms %17.2fx%n", how, nanos / 1e6,
                (double) baselineNanos / nanos);
    }

    @FunctionalInterface
    private interface Round {
        void run() throws InterruptedException, ExecutionException;
    }
}
