/*
 * CORRECT: a plain ArrayList of exchanges and, in PLATFORM_POOL, a plain int for the next request, both touched
 * only inside synchronized (lock) blocks, so that taking a request and adding an exchange are each one step
 */
package io.github.threadlab.fetcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

public final class Fetcher {

    /** How the requests are run. */
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
    private final Object lock = new Object();

    /**
     * @param client      the client that sends every request
     * @param concurrency the most requests in flight at once, at least 1
     * @param mode        how the requests are run
     * @throws NullPointerException     if {@code client} or {@code mode} is null
     * @throws IllegalArgumentException if {@code concurrency} is less than 1
     */
    public Fetcher(HttpClient client, int concurrency, Mode mode) {
        this.client = Objects.requireNonNull(client, "client");
        this.mode = Objects.requireNonNull(mode, "mode");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency is " + concurrency + ", it must be at least 1");
        }
        this.concurrency = concurrency;
    }

    /**
     * Sends {@code requests} GET requests to {@code uri}, never more than {@code concurrency} in flight at once,
     * and waits for all of them.
     *
     * <p>The next request starts as soon as one finishes: while requests remain, {@code concurrency} are in
     * flight. Each exchange's latency runs from sending its request to reading the last byte of its body; the
     * time it waited for a permit or a pool thread is not part of it. A failure (an exception, or a status
     * outside 200..299) is recorded as an exchange with its error, never thrown, and frees its permit or thread
     * for the next request. When this method returns or throws, every thread it started has ended.
     *
     * @param uri      where every request goes
     * @param requests how many requests to send, at least 0 (0 gives an empty report)
     * @return one exchange per request, and the run's wall time
     * @throws NullPointerException     if {@code uri} is null
     * @throws IllegalArgumentException if {@code requests} is negative
     * @throws InterruptedException     if the calling thread was interrupted while waiting; the requests in
     *                                  flight were interrupted and have ended, and none is started afterwards
     */
    public FetchReport fetch(URI uri, int requests) throws InterruptedException {
        Objects.requireNonNull(uri, "uri");
        if (requests < 0) {
            throw new IllegalArgumentException("requests is " + requests + ", it cannot be negative");
        }
        if (requests == 0) {
            return new FetchReport(List.of(), Duration.ZERO);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        List<Exchange> exchanges = new ArrayList<>(requests); // guarded by lock
        long start = System.nanoTime();
        switch (mode) {
            case PLATFORM_POOL -> onPool(request, requests, exchanges);
            case VIRTUAL_THREADS -> onVirtualThreads(request, requests, exchanges);
        }
        synchronized (lock) {
            return new FetchReport(exchanges, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * A pool of {@code concurrency} platform threads (fewer when there are fewer requests), each sending one request
     * after another, taking the next from a shared counter, until none remains: a sliding window of
     * {@code concurrency} requests.
     */
    private void onPool(HttpRequest request, int requests, List<Exchange> exchanges) throws InterruptedException {
        int[] taken = new int[1]; // how many requests the pool's threads have taken; guarded by lock
        int threads = Math.min(concurrency, requests);
        ExecutorService pool = Executors.newFixedThreadPool(threads, poolThreads());
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                while (!Thread.currentThread().isInterrupted() && takeARequest(taken, requests)) {
                    try {
                        add(exchanges, exchange(request));
                    } catch (InterruptedException e) {
                        return; // fetch was interrupted: stop, without starting another request
                    }
                }
            });
        }
        awaitAll(pool);
    }

    /** Whether a request remains; if one does, it is this thread's from now on. Checked and taken in one step. */
    private boolean takeARequest(int[] taken, int requests) {
        synchronized (lock) {
            if (taken[0] >= requests) {
                return false;
            }
            taken[0]++;
            return true;
        }
    }

    private void add(List<Exchange> exchanges, Exchange exchange) {
        synchronized (lock) {
            exchanges.add(exchange);
        }
    }

    /**
     * One virtual thread per request, each started once a permit of the semaphore is free, and giving the permit
     * back when its exchange is over, whatever came of it.
     */
    private void onVirtualThreads(HttpRequest request, int requests, List<Exchange> exchanges)
            throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fetcher-", 0).factory());
        try {
            for (int i = 0; i < requests; i++) {
                permits.acquire();
                threads.execute(() -> {
                    try {
                        add(exchanges, exchange(request));
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
