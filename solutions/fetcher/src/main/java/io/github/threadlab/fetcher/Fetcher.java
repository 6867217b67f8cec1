package io.github.threadlab.fetcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exercise 5, {@code fetcher}: a mini Apache Bench. Send n GET requests to one URL, never more than
 * {@code concurrency} at once, and record how each went.
 *
 * <p>The Python article this exercise follows wrote {@code mini ab -n N -c C [--coroutine] url} twice: with a
 * pool of C threads, and with coroutines bounded by a semaphore of C permits. The JDK's {@link HttpClient} does
 * not bound anything by itself: its connection pool keeps idle connections for reuse but opens a new one for
 * every request that finds none free, so the limit is this class's job.
 *
 * <p>This reference keeps per-request overhead low, because it drives benchmarks at tens of thousands of requests
 * per second: the request is built once, bodies are counted and never kept ({@link CountingBody}), the pool's
 * threads take the next request from a shared counter instead of a queue of tasks, and the virtual threads are
 * started only once a permit is free, so at most {@code concurrency} of them exist at a time.
 *
 * <p>The story, the contract in plain words and hints: {@code docs/fetcher.md}.
 *
 * <pre>
 * HOW TO RUN
 *
 *   ./mvnw test -Dtest='io.github.threadlab.fetcher.*Test'
 *
 * To debug, run the test class with your IDE's Debug, or add -Dmaven.surefire.debug to the command and attach a
 * debugger to port 5005: under a debugger every time limit is 60 times as long, so a breakpoint fails no test.
 * </pre>
 *
 * <p>The contract of each public member is the stub's javadoc, which this class does not repeat.
 */
public final class Fetcher {

    public enum Mode {
        /** A pool of {@code concurrency} platform threads; each request occupies one while it is in flight. */
        PLATFORM_POOL,
        /** One virtual thread per request, with a {@link java.util.concurrent.Semaphore} of {@code concurrency}
         * permits bounding how many are in flight. */
        VIRTUAL_THREADS
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final HttpClient client;
    private final int concurrency;
    private final Mode mode;

    public Fetcher(HttpClient client, int concurrency, Mode mode) {
        this.client = Objects.requireNonNull(client, "client");
        this.mode = Objects.requireNonNull(mode, "mode");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency is " + concurrency + ", it must be at least 1");
        }
        this.concurrency = concurrency;
    }

    public FetchReport fetch(URI uri, int requests) throws InterruptedException {
        Objects.requireNonNull(uri, "uri");
        if (requests < 0) {
            throw new IllegalArgumentException("requests is " + requests + ", it cannot be negative");
        }
        if (requests == 0) {
            return new FetchReport(List.of(), Duration.ZERO);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        Exchange[] exchanges = new Exchange[requests];
        long start = System.nanoTime();
        switch (mode) {
            case PLATFORM_POOL -> onPool(request, exchanges);
            case VIRTUAL_THREADS -> onVirtualThreads(request, exchanges);
        }
        return new FetchReport(Arrays.asList(exchanges), Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * A pool of {@code concurrency} platform threads (fewer when there are fewer requests), each sending one request
     * after another, taking the next from a shared counter, until none remains: a sliding window of
     * {@code concurrency} requests.
     */
    private void onPool(HttpRequest request, Exchange[] exchanges) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        int threads = Math.min(concurrency, exchanges.length);
        ExecutorService pool = Executors.newFixedThreadPool(threads, poolThreads());
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                int i;
                while (!Thread.currentThread().isInterrupted() && (i = next.getAndIncrement()) < exchanges.length) {
                    try {
                        exchanges[i] = exchange(request);
                    } catch (InterruptedException e) {
                        return; // fetch was interrupted: stop, without starting another request
                    }
                }
            });
        }
        awaitAll(pool);
    }

    /**
     * One virtual thread per request, each started once a permit of the semaphore is free, and giving the permit
     * back when its exchange is over, whatever came of it.
     */
    private void onVirtualThreads(HttpRequest request, Exchange[] exchanges) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fetcher-", 0).factory());
        try {
            for (int i = 0; i < exchanges.length; i++) {
                permits.acquire();
                int index = i;
                threads.execute(() -> {
                    try {
                        exchanges[index] = exchange(request);
                    } catch (InterruptedException e) {
                        // fetch was interrupted: this request is abandoned, and fetch throws
                    } finally {
                        permits.release();
                    }
                });
            }
        } catch (InterruptedException e) {
            stopAll(threads);
            throw e;
        }
        awaitAll(threads);
    }

    /** Sends the request and records how it went; only an interrupt is thrown. */
    private Exchange exchange(HttpRequest request) throws InterruptedException {
        long sent = System.nanoTime();
        try {
            HttpResponse<Long> response = client.send(request, CountingBody.HANDLER);
            Duration latency = Duration.ofNanos(System.nanoTime() - sent);
            int status = response.statusCode();
            return status >= 200 && status <= 299
                    ? Exchange.success(status, response.body(), latency)
                    : Exchange.badStatus(status, response.body(), latency);
        } catch (IOException | RuntimeException e) {
            return Exchange.failure(e, Duration.ofNanos(System.nanoTime() - sent));
        }
    }

    /**
     * Waits until every task of {@code executor} has ended. Interrupted, it interrupts them, waits until they have
     * ended, then throws.
     */
    private static void awaitAll(ExecutorService executor) throws InterruptedException {
        executor.shutdown();
        try {
            while (!executor.awaitTermination(1, TimeUnit.DAYS)) {
                // a day is not a limit, only an argument the method needs
            }
        } catch (InterruptedException e) {
            stopAll(executor);
            throw e;
        }
    }

    /** Interrupts every task of {@code executor} and waits, whatever further interrupts come, until they end. */
    private static void stopAll(ExecutorService executor) {
        executor.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(1, TimeUnit.DAYS)) {
                    break;
                }
            } catch (InterruptedException again) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory poolThreads() {
        return Thread.ofPlatform().name("fetcher-pool-" + POOLS.incrementAndGet() + "-thread-", 0).factory();
    }
}
