package io.github.threadlab.fetcher;

import java.net.URI;
import java.net.http.HttpClient;

/**
 * Exercise 5, {@code fetcher}: a mini Apache Bench. Send n GET requests to one URL, never more than
 * {@code concurrency} at once, and record how each went.
 *
 * <p>The Python article this exercise follows wrote {@code mini ab -n N -c C [--coroutine] url} twice: with a
 * pool of C threads, and with coroutines bounded by a semaphore of C permits. The JDK's {@link HttpClient} does
 * not bound anything by itself: its connection pool keeps idle connections for reuse but opens a new one for
 * every request that finds none free, so the limit is this class's job.
 *
 * <p>The story and the contract in plain words: {@code docs/fetcher.md}.
 *
 * <pre>
 * HOW TO RUN
 *
 *   ./mvnw test -Dtest='io.github.threadlab.fetcher.*Test'
 *
 * To debug, run the test class with your IDE's Debug, or add -Dmaven.surefire.debug to the command and attach a
 * debugger to port 5005: under a debugger every time limit is 60 times as long, so a breakpoint fails no test.
 * </pre>
 */
public final class Fetcher {

    /** How the requests are run. */
    public enum Mode {
        /** A pool of {@code concurrency} platform threads; each request occupies one while it is in flight. */
        PLATFORM_POOL,
        /** One virtual thread per request, with a {@link java.util.concurrent.Semaphore} of {@code concurrency}
         * permits bounding how many are in flight. */
        VIRTUAL_THREADS
    }

    /**
     * @param client      the client that sends every request
     * @param concurrency the most requests in flight at once, at least 1
     * @param mode        how the requests are run
     * @throws NullPointerException     [constructor-null-rejected] if {@code client} or {@code mode} is null
     * @throws IllegalArgumentException [concurrency-rejected] if {@code concurrency} is less than 1
     */
    public Fetcher(HttpClient client, int concurrency, Mode mode) {
        throw new UnsupportedOperationException("exercise 5 (fetcher): implement Fetcher, see docs/fetcher.md");
    }

    /**
     * [requests-sent] Sends {@code requests} GET requests to {@code uri}, [concurrency-bound] never more than
     * {@code concurrency} in flight at once, and waits for all of them.
     *
     * <p>[no-batches] The next request starts as soon as one finishes: while requests remain, {@code concurrency} are
     * in flight (no batches). [pool-mode] {@link Mode#PLATFORM_POOL} runs them on a pool of {@code concurrency}
     * platform threads, [virtual-mode] {@link Mode#VIRTUAL_THREADS} on one virtual thread per request, bounded by a
     * Semaphore of {@code concurrency} permits.
     *
     * <p>[latency] Each exchange's latency runs from sending its request to reading the last byte of its body; the time
     * it waited for a permit or a pool thread is not part of it. [failures-recorded] A failure (an exception, or a
     * status outside 200..299) is recorded as an exchange with its error, never thrown, [failure-frees] and frees its
     * permit or thread for the next request. The order of the report's exchanges is not specified. [threads-ended] When
     * this method returns or throws, every thread it started has ended.
     *
     * @param uri      where every request goes
     * @param requests [zero-requests] how many requests to send, at least 0 (0 gives an empty report)
     * @return [report] one exchange per request, and the run's wall time
     * @throws NullPointerException     [uri-null-rejected] if {@code uri} is null
     * @throws IllegalArgumentException [negative-requests-rejected] if {@code requests} is negative
     * @throws InterruptedException     [interrupt] if the calling thread was interrupted while waiting; the requests in
     *                                  flight were interrupted and have ended before this is thrown
     */
    public FetchReport fetch(URI uri, int requests) throws InterruptedException {
        throw new UnsupportedOperationException("exercise 5 (fetcher): implement fetch, see docs/fetcher.md");
    }
}
