package io.github.threadlab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradedTestExtensionTest {

    /** Samples of what student code does to the threads it starts. */
    @Exercise(number = 1, name = "threads")
    static class ThreadCases {
        static final CountDownLatch never = new CountDownLatch(1);

        @Graded(timeLimitSeconds = 1)
        void stuck_forever() throws InterruptedException {
            never.await();
        }

        @Graded
        void leaves_a_thread_running() {
            Thread.ofPlatform().name("leaky-worker").start(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        @Graded
        void leaves_a_virtual_thread_seen_by_a_probe_running() {
            TaskProbe probe = TaskProbe.create();
            Thread.ofVirtual().name("leaky-virtual").start(probe.task(0, () -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            Eventually.within(Duration.ofSeconds(5)).until("the task started", () -> probe.started() == 1);
        }

        @Graded
        void joins_what_it_starts() throws InterruptedException {
            Thread worker = Thread.ofPlatform().start(() -> { });
            worker.join();
        }

        @Graded
        void times_a_future_out_with_the_jdks_shared_timer() {
            CompletableFuture<String> future = new CompletableFuture<String>().orTimeout(10, TimeUnit.MILLISECONDS);
            Eventually.within(Duration.ofSeconds(5)).until("the future timed out", future::isCompletedExceptionally);
        }

        @Graded
        void shuts_a_pool_down_without_waiting_for_its_threads() {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 4; i++) {
                pool.execute(Work.sleep(Duration.ofMillis(20)));
            }
            pool.shutdown();
        }
    }

    @TempDir
    Path dir;

    @Test
    void time_limit_stops_a_stuck_test_and_dumps_its_threads_and_leak_check_catches_threads_left_running()
            throws Exception {
        long start = System.nanoTime();
        SampleRun run = SampleRun.of(dir.resolve("r.json"), ThreadCases.class);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        Map<String, JsonNode> byName = new HashMap<>();
        new ObjectMapper().readTree(run.resultsFile().toFile()).get("tests")
                .forEach(t -> byName.put(t.get("name").asText(), t));

        String stuck = byName.get("threads: stuck forever").get("output").asText();
        assertTrue(stuck.contains("did not finish within 1000 ms"), stuck);
        assertTrue(stuck.contains("\"threadlab-test stuck_forever\" platform WAITING"), stuck);
        assertTrue(stuck.contains("ThreadCases.stuck_forever"), "the dump shows where it is stuck:\n" + stuck);

        String leak = byName.get("threads: leaves a thread running").get("output").asText();
        assertTrue(leak.contains("still running"), leak);
        assertTrue(leak.contains("\"leaky-worker\" platform WAITING"), leak);

        String virtualLeak = byName.get("threads: leaves a virtual thread seen by a probe running").get("output")
                .asText();
        assertTrue(virtualLeak.contains("\"leaky-virtual\" virtual"), virtualLeak);

        assertEquals("passed", byName.get("threads: joins what it starts").get("status").asText());
        assertEquals("passed", byName.get("threads: times a future out with the jdks shared timer").get("status")
                .asText(), "the JDK's shared timer thread is not the test's to stop");
        assertEquals("passed",
                byName.get("threads: shuts a pool down without waiting for its threads").get("status").asText(),
                "a pool's threads die a moment after shutdown; the grace period allows for it");
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "the samples took " + took);
    }
}
