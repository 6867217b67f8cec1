/*
 * CORRECT: PLATFORM_POOL hands every request to a fixed pool of platform threads with invokeAll; VIRTUAL_THREADS
 * starts one raw Thread.ofVirtual() per request, all at once, each waiting inside for a Semaphore permit, and
 * joins them; bodies read with BodyHandlers.ofByteArray; exchanges listed in the order they finished
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
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
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
        if (client == null || mode == null) {
            throw new NullPointerException("client and mode are required");
        }
        if (concurrency <= 0) {
            throw new IllegalArgumentException("concurrency must be positive: " + concurrency);
        }
        this.client = client;
        this.concurrency = concurrency;
        this.mode = mode;
    }

    public FetchReport fetch(URI uri, int requests) throws InterruptedException {
        Objects.requireNonNull(uri);
        if (requests < 0) {
            throw new IllegalArgumentException("requests must not be negative: " + requests);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        Queue<Exchange> finished = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        if (mode == Mode.PLATFORM_POOL) {
            onPool(request, requests, finished);
        } else {
            onVirtualThreads(request, requests, finished);
        }
        return new FetchReport(new ArrayList<>(finished), Duration.ofNanos(System.nanoTime() - start));
    }

    private void onPool(HttpRequest request, int requests, Queue<Exchange> finished) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, Thread.ofPlatform().factory());
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            tasks.add(() -> {
                finished.add(exchange(request));
                return null;
            });
        }
        try {
            pool.invokeAll(tasks);
        } catch (InterruptedException e) {
            pool.shutdownNow(); // invokeAll cancelled the tasks, but does not wait for the running ones to end
            awaitEnd(pool);
            throw e;
        }
        pool.shutdown();
        awaitEnd(pool);
    }

    private void onVirtualThreads(HttpRequest request, int requests, Queue<Exchange> finished)
            throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    permits.acquire();
                } catch (InterruptedException e) {
                    return; // the run was interrupted before this request started
                }
                try {
                    finished.add(exchange(request));
                } catch (InterruptedException e) {
                    // the run was interrupted: this request is abandoned
                } finally {
                    permits.release();
                }
            }));
        }
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            boolean again = false;
            for (Thread thread : threads) {
                while (thread.isAlive()) {
                    try {
                        thread.join();
                    } catch (InterruptedException ignored) {
                        again = true;
                    }
                }
            }
            if (again) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
    }

    private Exchange exchange(HttpRequest request) throws InterruptedException {
        long sent = System.nanoTime();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            Duration latency = Duration.ofNanos(System.nanoTime() - sent);
            int status = response.statusCode();
            long bytes = response.body().length;
            if (status < 200 || status >= 300) {
                return Exchange.badStatus(status, bytes, latency);
            }
            return Exchange.success(status, bytes, latency);
        } catch (IOException e) {
            return Exchange.failure(e, Duration.ofNanos(System.nanoTime() - sent));
        }
    }

    private static void awaitEnd(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
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
