/*
 * CORRECT: CompletableFuture.supplyAsync for every request, on a fixed pool of platform threads (PLATFORM_POOL) or
 * on a virtual-thread-per-task executor whose tasks each take a Semaphore permit first (VIRTUAL_THREADS); bodies
 * read with BodyHandlers.ofInputStream and drained; allOf(...).get() waits, shutdownNow() stops an interrupted run
 */
package io.github.threadlab.fetcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

public final class Fetcher {

    public enum Mode {
        PLATFORM_POOL,
        VIRTUAL_THREADS
    }

    private final HttpClient client;
    private final int concurrency;
    private final Mode mode;

    public Fetcher(HttpClient client, int concurrency, Mode mode) {
        this.client = Objects.requireNonNull(client, "client");
        this.mode = Objects.requireNonNull(mode, "mode");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency " + concurrency);
        }
        this.concurrency = concurrency;
    }

    public FetchReport fetch(URI uri, int requests) throws InterruptedException {
        Objects.requireNonNull(uri, "uri");
        if (requests < 0) {
            throw new IllegalArgumentException("requests " + requests);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).build();
        long start = System.nanoTime();
        ExecutorService executor = mode == Mode.PLATFORM_POOL
                ? Executors.newFixedThreadPool(concurrency)
                : Executors.newVirtualThreadPerTaskExecutor();
        Semaphore permits = mode == Mode.VIRTUAL_THREADS ? new Semaphore(concurrency) : null;
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                futures.add(CompletableFuture.supplyAsync(() -> inTurn(request, permits), executor));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            executor.shutdownNow();
            awaitEnd(executor);
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a request neither succeeded nor failed", e.getCause());
        }
        executor.shutdown();
        awaitEnd(executor);
        List<Exchange> exchanges = futures.stream().map(CompletableFuture::join).toList();
        return new FetchReport(exchanges, Duration.ofNanos(System.nanoTime() - start));
    }

    /** One request, once it has a permit (VIRTUAL_THREADS); a pool thread is its permit in PLATFORM_POOL. */
    private Exchange inTurn(HttpRequest request, Semaphore permits) {
        try {
            if (permits != null) {
                permits.acquire();
            }
            try {
                return exchange(request);
            } finally {
                if (permits != null) {
                    permits.release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    private Exchange exchange(HttpRequest request) throws InterruptedException {
        long sent = System.nanoTime();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long bytes;
            try (InputStream body = response.body()) {
                bytes = body.transferTo(OutputStream.nullOutputStream());
            }
            Duration latency = Duration.ofNanos(System.nanoTime() - sent);
            int status = response.statusCode();
            return status / 100 == 2 ? Exchange.success(status, bytes, latency)
                    : Exchange.badStatus(status, bytes, latency);
        } catch (IOException e) {
            return Exchange.failure(e, Duration.ofNanos(System.nanoTime() - sent));
        }
    }

    /** Waits until every thread of {@code executor} has ended, whatever interrupts come, then restores them. */
    private static void awaitEnd(ExecutorService executor) {
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
