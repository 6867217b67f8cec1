package io.github.threadlab.eventloop;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An event loop: one thread that runs the callbacks it is given, one at a time, in the order they were
 * submitted. Python's asyncio runs every coroutine on such a loop; Node.js, Netty and Vert.x run their
 * handlers on one. Everything on the loop shares that one thread, so a callback that blocks it (sleeps,
 * waits for a lock, makes a blocking call) holds up every other callback: the whole system stalls.
 *
 * <p>What it offers:
 * <ul>
 *   <li>{@link #execute(Runnable)}: runs a callback on the loop thread, after those submitted before it;</li>
 *   <li>{@link #delay(Duration)}: a future that completes on the loop thread after a delay, without blocking
 *   any thread while it waits (a timer thread hands the completion to the loop), asyncio's
 *   {@code await asyncio.sleep(0.05)};</li>
 *   <li>{@link #inLoop()}: whether the calling thread is the loop thread;</li>
 *   <li>a <em>heartbeat</em>: every {@value #TICK_MILLIS} ms the timer submits a tick to the loop and the loop
 *   records how long the tick waited before it ran. A loop that is never blocked runs its ticks within a
 *   millisecond or two; a loop blocked by a callback for 50 ms runs the next tick about 50 ms late.
 *   {@link #maxStall()} is the worst lateness so far, including that of a tick still waiting now.</li>
 * </ul>
 *
 * <p>Guarantees: callbacks run on one platform thread (named after the loop), never two at once, in the
 * order {@link #execute} accepted them. A callback that throws is reported on {@code System.err} and the loop
 * goes on with the next one. Callbacks attached to a future that is completed on the loop thread (with
 * {@code thenApply}, {@code whenComplete} and the like, not their {@code Async} versions) run on the loop
 * thread too.
 *
 * <p>Not guaranteed: how late a callback runs (it waits for those before it), and the name of the timer
 * thread.
 *
 * <p>Shutting down: {@link #close()} stops the heartbeat and the timer, drops the callbacks not yet run, and
 * waits until the loop thread has ended. After close, {@code execute} throws
 * {@link RejectedExecutionException} and {@code delay} returns a future failed with it.
 *
 * <p>Course-provided: you use it, you do not write it. Thread-safe.
 */
public final class EventLoop implements Executor, AutoCloseable {

    /** How often the heartbeat ticks, in milliseconds. */
    public static final int TICK_MILLIS = 10;

    /** How long {@link #close()} lets a running callback finish before it interrupts the loop thread. */
    private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(1);

    /** Submitted to wake the loop thread up when the loop closes. */
    private static final Runnable WAKE_UP = () -> {
    };

    private final BlockingQueue<Runnable> callbacks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final ScheduledExecutorService timer;
    /** When the tick that has not run yet was submitted ({@link System#nanoTime()}), or 0 when none waits. */
    private final AtomicLong tickWaitingSince = new AtomicLong();
    private final AtomicLong maxStallNanos = new AtomicLong();
    private volatile boolean closed;

    /** Starts a loop whose thread is called {@code "event-loop"}. */
    public EventLoop() {
        this("event-loop");
    }

    /** Starts a loop whose thread is called {@code name}; its timer thread is called {@code name + "-timer"}. */
    public EventLoop(String name) {
        Objects.requireNonNull(name, "name");
        thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::runCallbacks);
        timer = Executors.newSingleThreadScheduledExecutor(
                task -> Thread.ofPlatform().name(name + "-timer").daemon(true).unstarted(task));
        thread.start();
        timer.scheduleAtFixedRate(this::submitTick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code callback} on the loop thread, after every callback submitted before it. Returns at once.
     *
     * @throws NullPointerException       if {@code callback} is null
     * @throws RejectedExecutionException if the loop is closed
     */
    @Override
    public void execute(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        if (closed) {
            throw new RejectedExecutionException("the event loop is closed");
        }
        callbacks.add(callback);
    }

    /**
     * A future that completes (with {@code null}) on the loop thread once {@code delay} has passed. Returns at
     * once; no thread blocks while it waits. Never completes early.
     *
     * @throws NullPointerException     if {@code delay} is null
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public CompletableFuture<Void> delay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            timer.schedule(() -> {
                try {
                    execute(() -> done.complete(null));
                } catch (RejectedExecutionException e) {
                    done.completeExceptionally(e);
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new RejectedExecutionException("the event loop is closed", e));
        }
        return done;
    }

    /** Whether the calling thread is this loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * The longest any heartbeat tick has waited for the loop thread since the loop started (or since
     * {@link #resetStall()}), counting a tick that is waiting now. How long the loop was unable to run
     * anything else, give or take one tick.
     */
    public Duration maxStall() {
        long waitingSince = tickWaitingSince.get();
        long now = waitingSince == 0 ? 0 : System.nanoTime() - waitingSince;
        return Duration.ofNanos(Math.max(maxStallNanos.get(), now));
    }

    /** Forgets the stalls measured so far. */
    public void resetStall() {
        maxStallNanos.set(0);
    }

    /**
     * Stops the loop: stops the heartbeat and the timer, drops the callbacks not yet run, and waits until the
     * loop thread has ended. A callback still running is given a second to finish, then its thread is
     * interrupted. Closing twice is harmless; called on the loop thread, it returns without waiting.
     */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        callbacks.add(WAKE_UP);
        if (inLoop()) {
            return;
        }
        boolean interrupted = false;
        try {
            if (!thread.join(CLOSE_PATIENCE)) {
                thread.interrupt(); // a callback is blocking the loop
                thread.join(CLOSE_PATIENCE.multipliedBy(5));
            }
            timer.awaitTermination(CLOSE_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "EventLoop[" + thread.getName() + (closed ? ", closed" : "") + ", max stall "
                + maxStall().toMillis() + " ms]";
    }

    /** The loop thread: takes callbacks one at a time and runs them until the loop closes. */
    private void runCallbacks() {
        while (!closed) {
            Runnable callback;
            try {
                callback = callbacks.take();
            } catch (InterruptedException e) {
                continue; // only close() interrupts the loop thread: look at closed again
            }
            if (closed) {
                break;
            }
            try {
                callback.run();
            } catch (Throwable t) {
                System.err.println(thread.getName() + ": a callback threw; the loop goes on");
                t.printStackTrace();
            }
            Thread.interrupted(); // an interrupt meant for a callback does not outlive it
        }
        callbacks.clear();
    }

    /** On the timer thread: submits a tick, unless the previous one is still waiting for the loop. */
    private void submitTick() {
        long now = System.nanoTime();
        if (tickWaitingSince.compareAndSet(0, now)) {
            try {
                execute(this::tick);
            } catch (RejectedExecutionException e) {
                tickWaitingSince.set(0);
            }
        }
    }

    /** On the loop thread: records how long this tick waited. */
    private void tick() {
        long submitted = tickWaitingSince.getAndSet(0);
        if (submitted != 0) {
            maxStallNanos.accumulateAndGet(System.nanoTime() - submitted, Math::max);
        }
    }
}
