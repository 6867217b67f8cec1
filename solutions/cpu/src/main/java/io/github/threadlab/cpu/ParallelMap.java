package io.github.threadlab.cpu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Exercise 7, {@code cpu}: work that computes needs parallelism, not concurrency.
 *
 * <p>Every exercise before this one waited: for a sleep, a socket, a legacy call. Waiting costs no CPU, so a
 * 2-core machine can wait on ten thousand things at once, and virtual threads make that cheap. Computing is
 * different. {@code fib(33)} by naive recursion is a few million additions; two of them take twice as long as one
 * on one core, whatever the number of threads, because a core does one thing at a time. Only more cores help.
 *
 * <p>The Python articles this course follows end on this point, with {@code fib(30)} to {@code fib(33)}. Under
 * CPython's global interpreter lock only one thread runs Python code at a time, so threads that compute take turns
 * and finish no sooner than one after another; {@code multiprocessing.Pool} starts separate processes, each with
 * its own interpreter and its own lock, and only then do the computations run on several cores at once.
 *
 * <p>Java has no such lock. N platform threads run N computations at the same moment on N cores, inside one
 * process, sharing memory. So the JVM's answer to {@code multiprocessing.Pool.map} is a plain pool of platform
 * threads, which is what {@link #map} asks for: apply {@code fn} to every input on at most {@code parallelism}
 * platform threads at once, and give the results back in input order.
 *
 * <p>Why not virtual threads? They add concurrency, not parallelism: the JVM runs them on a carrier pool with one
 * thread per core, so a hundred virtual threads computing still compute on that many cores: more threads, no
 * more parallelism. Why not a parallel stream? It runs on the calling thread and the common {@code ForkJoinPool},
 * sized by the machine, shared by the whole JVM, and not limited by anything the caller says. Here the caller
 * says how many computations may run at once, for example to leave a core free for the rest of the application.
 *
 * <p>The course-provided {@link FibRace} times {@code fib(30)} to {@code fib(33)} with your {@code map} at
 * parallelism 1, 2 and the number of cores, and on virtual threads. The story, the contract in plain words and
 * hints: {@code docs/cpu.md}.
 *
 * <pre>
 * HOW TO RUN
 *
 *   ./mvnw test -Dtest='io.github.threadlab.cpu.*Test'
 *
 * To debug, run the test class with your IDE's Debug, or add -Dmaven.surefire.debug to the command and attach a
 * debugger to port 5005: under a debugger every time limit is 60 times as long, so a breakpoint fails no test.
 *
 * The scoreboard printed at the end shows what passes. The tests never time your machine: the work they hand to
 * map waits at gates the test opens, so the test sees how many calls run at once, on which threads, and which
 * start after which. Then, for the race itself:
 *
 *   ./mvnw -q compile
 *   java -cp target/classes io.github.threadlab.cpu.FibRace
 * </pre>
 *
 * <p>The contract of each public member is the stub's javadoc, which this class does not repeat.
 */
public final class ParallelMap {

    private ParallelMap() {
    }

    public static <T, R> List<R> map(List<T> inputs, Function<? super T, ? extends R> fn, int parallelism)
            throws InterruptedException, ExecutionException {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(fn, "fn");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        List<T> work = new ArrayList<>(inputs); // a copy nobody changes while we work; null elements are fine
        int n = work.size();
        if (n == 0) {
            return List.of();
        }

        // The pool's own threads, so that map can wait until they have ended: a pool reports itself terminated a
        // moment before its last worker thread has died.
        List<Thread> poolThreads = new CopyOnWriteArrayList<>();
        ThreadFactory platform = Thread.ofPlatform().name("cpu-worker-", 0).factory();
        ThreadFactory recorded = task -> {
            Thread thread = platform.newThread(task);
            poolThreads.add(thread);
            return thread;
        };
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, n), recorded);
        CompletionService<R> completions = new ExecutorCompletionService<>(pool);
        Map<Future<R>, Integer> indexOf = new HashMap<>();
        List<R> results = new ArrayList<>(Collections.nCopies(n, null));
        try {
            for (int i = 0; i < n; i++) {
                T input = work.get(i);
                indexOf.put(completions.submit(() -> fn.apply(input)), i);
            }
            // Take the calls as they finish: the first failure is seen as soon as it happens, whatever its index.
            for (int done = 0; done < n; done++) {
                Future<R> finished = completions.take();
                int index = indexOf.get(finished);
                try {
                    results.set(index, finished.get());
                } catch (ExecutionException failed) {
                    throw new ExecutionException("fn threw for input " + index + " of " + n, failed.getCause());
                }
            }
        } finally {
            // Normally every call has finished and this only lets the threads go. After a failure or an interrupt
            // it interrupts the calls still running, and the inputs still queued never start.
            pool.shutdownNow();
            awaitUninterruptibly(pool, poolThreads);
        }
        return Collections.unmodifiableList(results);
    }

    /**
     * Waits until the pool has terminated and its threads have ended, even if the calling thread is interrupted
     * meanwhile; the interrupt is not lost but set again afterwards.
     */
    private static void awaitUninterruptibly(ExecutorService pool, List<Thread> poolThreads) {
        boolean interrupted = false;
        while (true) {
            try {
                while (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                    // keep waiting: a cancelled call takes as long as it takes to notice its interrupt
                }
                for (Thread thread : poolThreads) {
                    thread.join();
                }
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
