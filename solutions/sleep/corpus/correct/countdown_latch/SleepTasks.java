/*
 * CORRECT: a CountDownLatch that every task counts down when it ends, awaited by the caller; Thread.Builder for
 * the threads, a ThreadPoolExecutor with execute, shutdown and awaitTermination for the pool
 */
package io.github.threadlab.sleep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

public final class SleepTasks {

    private SleepTasks() {
    }

    public static void runSequentially(List<? extends Runnable> tasks) {
        List<Runnable> work = List.copyOf(tasks);
        ConcurrentMap<Integer, Throwable> failures = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(work.size());
        for (int i = 0; i < work.size(); i++) {
            counted(i, work.get(i), failures, done).run();
        }
        throwIfAny(failures, work.size());
    }

    public static void runOnPlatformThreads(List<? extends Runnable> tasks) throws InterruptedException {
        runEachOnItsOwnThread(List.copyOf(tasks), Thread.ofPlatform());
    }

    public static void runOnVirtualThreads(List<? extends Runnable> tasks) throws InterruptedException {
        runEachOnItsOwnThread(List.copyOf(tasks), Thread.ofVirtual());
    }

    public static void runOnFixedPool(List<? extends Runnable> tasks, int poolSize) throws InterruptedException {
        List<Runnable> work = List.copyOf(tasks);
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize " + poolSize + " < 1");
        }
        ConcurrentMap<Integer, Throwable> failures = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(work.size());
        ExecutorService pool = new ThreadPoolExecutor(poolSize, poolSize, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>());
        try {
            for (int i = 0; i < work.size(); i++) {
                pool.execute(counted(i, work.get(i), failures, done));
            }
            done.await();
        } catch (InterruptedException e) {
            pool.shutdownNow();
            pool.close(); // waits until the interrupted tasks have ended
            throw e;
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        throwIfAny(failures, work.size());
    }

    private static void runEachOnItsOwnThread(List<Runnable> work, Thread.Builder builder)
            throws InterruptedException {
        ConcurrentMap<Integer, Throwable> failures = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(work.size());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < work.size(); i++) {
            threads.add(builder.start(counted(i, work.get(i), failures, done)));
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException again) {
                    // keep waiting for the interrupted tasks: InterruptedException is already on its way
                }
            }
            throw e;
        }
        throwIfAny(failures, work.size());
    }

    private static Runnable counted(int index, Runnable task, ConcurrentMap<Integer, Throwable> failures,
            CountDownLatch done) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                failures.put(index, t);
            } finally {
                done.countDown();
            }
        };
    }

    private static void throwIfAny(ConcurrentMap<Integer, Throwable> failures, int tasks) {
        CompletionException thrown = null;
        for (int i = 0; i < tasks; i++) {
            Throwable failure = failures.get(i);
            if (failure != null && thrown == null) {
                thrown = new CompletionException(failure);
            } else if (failure != null) {
                thrown.addSuppressed(failure);
            }
        }
        if (thrown != null) {
            throw thrown;
        }
    }
}
