package io.github.threadlab.cpu;

import java.util.List;
import java.util.concurrent.ExecutionException;
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
 */
public final class ParallelMap {

    private ParallelMap() {
    }

    /**
     * Applies {@code fn} to each input exactly once, on platform threads, at most {@code parallelism} at once,
     * [input-order] and returns the results in input order: element {@code i} of the result is
     * {@code fn.apply(inputs.get(i))}.
     *
     * <p>[exactly-once] Exactly once: {@code fn} may have side effects (write a file, send a message, count something),
     * so no input is ever computed twice, however the threads that compute happen to interleave; after a failure, the
     * cancellation below decides which inputs are computed at all.
     *
     * <p>[parallelism-bound] Parallelism: never more than {@code parallelism} calls of {@code fn} run at the same
     * moment, [parallelism-busy] and {@code parallelism} calls run at once for as long as enough inputs remain: as soon
     * as one call finishes, the next input starts (no batches that wait for their slowest call). [platform-threads] The
     * calls run on platform threads, never on virtual threads and never on the common {@code ForkJoinPool}, which no
     * caller can limit. [threads-ended] When it returns or throws, every thread it started has ended.
     *
     * <p>[nulls] Nulls: a null element of {@code inputs} is passed to {@code fn} like any other, and a null result is
     * kept at its place in the returned list.
     *
     * <p>[failure-cancels] Failure: when {@code fn} throws, the remaining work is cancelled: the calls still running
     * are interrupted and the inputs not yet started never start (one that a thread was just about to start may still
     * start, and is then interrupted at once). [failure-waits] Once the cancelled calls have ended,
     * [failure-thrown] this method throws an {@link ExecutionException} whose cause is the exception {@code fn} threw
     * (itself, not wrapped). [first-failure] If several calls throw, the cause is the first failure in time; the
     * failures of calls that were interrupted by the cancellation are not reported.
     *
     * <p>[interrupt] Interruption: if the calling thread is interrupted while this method waits, it cancels the
     * remaining work the same way (the calls still running are interrupted, the inputs not yet started never start),
     * waits until its threads have ended, and throws {@link InterruptedException}.
     *
     * <p>Not guaranteed: the order in which the inputs start or finish, which thread runs which input, how many
     * distinct threads are used over the whole call, and whether the returned list can be modified.
     *
     * @param inputs      the inputs, in order; the list may not be null, its elements may
     * @param fn          the function to apply to each input, once each; it may return null
     * @param parallelism how many calls of {@code fn} may run at once, at least 1
     * @param <T>         the type of the inputs
     * @param <R>         the type of the results
     * @return the results, in input order; [no-inputs] an empty list for no inputs
     * @throws NullPointerException     [null-rejected] if {@code inputs} or {@code fn} is null; no call has started
     *                                  then
     * @throws IllegalArgumentException [parallelism-rejected] if {@code parallelism < 1}; no call has started then
     * @throws ExecutionException       if {@code fn} threw, once the cancelled calls have ended; its cause is
     *                                  what {@code fn} threw
     * @throws InterruptedException     if the calling thread was interrupted while waiting
     */
    public static <T, R> List<R> map(List<T> inputs, Function<? super T, ? extends R> fn, int parallelism)
            throws InterruptedException, ExecutionException {
        throw new UnsupportedOperationException("exercise 7 (cpu): implement map, see docs/cpu.md");
    }
}
