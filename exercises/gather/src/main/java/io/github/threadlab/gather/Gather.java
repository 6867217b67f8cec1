package io.github.threadlab.gather;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * Exercise 3, {@code gather}: Python's {@code asyncio.gather} in Java. Run every call at once, collect the
 * results in the order the calls were given, and when one fails, cancel the rest.
 *
 * <p>The Python article this exercise follows ran 1000 tasks that each sleep 3 s. On the event loop, with
 * {@code asyncio.gather}, all of them took 3.08 s: they all waited at the same time. On a
 * {@code ThreadPoolExecutor} of the default size, {@code min(32, cpu_count + 4)} = 20 workers on that 16-core
 * machine, they took 150 s: 20 at a time, 50 rounds of 3 s. The pool, not the work, set the pace. On a 2-core
 * machine the default pool has 6 workers, and the same 1000 tasks would take 167 rounds, about 500 s.
 *
 * <p>Virtual threads make the event loop's trick available to plain blocking Java code: a virtual thread that
 * waits costs almost nothing, so every call can have one of its own, and nothing sets the pace but the calls.
 * That is {@link #gather}: start every call, each on its own virtual thread, wait, return the results in input
 * order, whatever order they finished in.
 *
 * <p>The hard part is failure. If one call of a thousand fails, the result is lost anyway, and the other 999
 * should not run on with nobody waiting for them. {@code gather} interrupts every call still running, waits until
 * they have all ended, and only then throws, with the first failure as the cause. No thread outlives the call
 * that started it: this is <em>structured concurrency</em>, which the JDK's {@code StructuredTaskScope} (still a
 * preview API) packages, built here from what is stable.
 *
 * <p>Sometimes every answer matters, failures included: {@link #gatherAll} is {@code asyncio.gather(...,
 * return_exceptions=True)}. It waits for every call and returns an {@link Outcome} for each, success or failure;
 * a failure cancels nothing.
 *
 * <p>The story and the contract in plain words: {@code docs/gather.md}.
 *
 * <pre>
 * HOW TO RUN
 *
 *   ./mvnw test -Dtest='io.github.threadlab.gather.*Test'
 *
 * To debug, run the test class with your IDE's Debug, or add -Dmaven.surefire.debug to the command and attach a
 * debugger to port 5005: under a debugger every time limit is 60 times as long, so a breakpoint fails no test.
 *
 * The scoreboard printed at the end shows what passes. A failing test says what it saw, what the contract
 * requires and why; the tests hold your calls at gates they open themselves and watch which thread ran each
 * call, how many ran at once and which were interrupted; they do not time your machine.
 * </pre>
 */
public final class Gather {

    private Gather() {
    }

    /**
     * [gather-virtual-threads] Runs every call at once, each on a virtual thread of its own, [gather-in-order] and
     * returns their results in the order of {@code calls}, whatever order they finished in.
     *
     * <p>[gather-all-at-once] Every call is started before this method waits for any, and nothing limits how many run
     * at once. [gather-null-results] A call may return null; its place in the list is then null.
     * [gather-threads-ended] When this method returns, every call has finished and every thread it started has ended.
     *
     * <p>[gather-failure-interrupts] Failures: when a call throws, this method interrupts every call still running,
     * [gather-failure-waits] waits until all of them have ended, [gather-failure-thrown] and then throws an
     * {@link ExecutionException} whose cause is exactly what that call threw, not wrapped in another exception.
     * [gather-first-in-time] When several calls throw, the cause is what the first to fail in time threw; a call that
     * fails later, for instance because it was interrupted, does not change it.
     *
     * <p>[gather-interrupt] Interruption: if the calling thread is interrupted while this method waits, it interrupts
     * every call still running, waits until all of them have ended, and throws {@link InterruptedException}.
     *
     * <p>Not guaranteed: the order in which the calls start or finish, the names of the threads, whether the
     * failures of the other calls are reported too (as suppressed exceptions, say), what is thrown when the
     * calling thread is interrupted while this method is already stopping the calls after a failure, and whether
     * the returned list can be modified.
     *
     * @param calls the calls to run; neither the list nor any element may be null; it may be empty
     * @param <T>   the type of the results
     * @return the results, one per call, in the order of {@code calls}
     * @throws NullPointerException [gather-null-rejected] if {@code calls} or one of its elements is null; no call has
     *                              started then
     * @throws ExecutionException   if a call threw, once every call has ended; its cause is what the first call to
     *                              fail threw
     * @throws InterruptedException if the calling thread was interrupted while waiting, once every call has ended
     */
    public static <T> List<T> gather(List<? extends Callable<? extends T>> calls)
            throws InterruptedException, ExecutionException {
        throw new UnsupportedOperationException("exercise 3 (gather): implement gather, see docs/gather.md");
    }

    /**
     * [outcomes-virtual-threads] Runs every call at once, each on a virtual thread of its own, like {@link #gather},
     * [outcomes-in-order] waits until every one of them has ended, and returns what each came to, in the order of
     * {@code calls}: [outcomes-exact] an {@link Outcome.Success} with the value it returned (null if it returned null),
     * or an {@link Outcome.Failure} with exactly what it threw, not wrapped in another exception. Python's
     * {@code asyncio.gather(..., return_exceptions=True)}.
     *
     * <p>[outcomes-cancel-nothing] Failures: a call that throws cancels nothing. The other calls run on undisturbed,
     * and this method waits for them; it never throws because a call failed.
     *
     * <p>[outcomes-interrupt] Interruption: if the calling thread is interrupted while this method waits, it interrupts
     * every call still running, waits until all of them have ended, and throws {@link InterruptedException}.
     *
     * <p>Not guaranteed: the order in which the calls start or finish, the names of the threads, and whether the
     * returned list can be modified.
     *
     * @param calls the calls to run; neither the list nor any element may be null; it may be empty
     * @param <T>   the type of the results
     * @return one outcome per call, in the order of {@code calls}
     * @throws NullPointerException [outcomes-null-rejected] if {@code calls} or one of its elements is null; no call
     *                              has started then
     * @throws InterruptedException if the calling thread was interrupted while waiting, once every call has ended
     */
    public static <T> List<Outcome<T>> gatherAll(List<? extends Callable<? extends T>> calls)
            throws InterruptedException {
        throw new UnsupportedOperationException("exercise 3 (gather): implement gatherAll, see docs/gather.md");
    }
}
