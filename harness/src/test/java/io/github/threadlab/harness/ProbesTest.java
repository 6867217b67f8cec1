package io.github.threadlab.harness;

import static io.github.threadlab.harness.Durations.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class ProbesTest {

    @Test
    void probe_records_threads_kind_order_and_peak() throws Exception {
        TaskProbe probe = TaskProbe.create();
        Gate gate = Gate.closed();
        List<Runnable> tasks = probe.tasks(3, i -> gate.asWork());
        List<Thread> threads = new ArrayList<>();
        for (Runnable task : tasks) {
            threads.add(Thread.ofVirtual().start(task));
        }
        Eventually.within(Duration.ofSeconds(5)).until("3 tasks waiting", () -> gate.waiting() == 3);
        assertEquals(3, probe.inFlight());
        gate.open();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(3, probe.started());
        assertEquals(3, probe.finished());
        assertEquals(0, probe.inFlight());
        assertEquals(3, probe.peakInFlight());
        assertEquals(3, probe.virtualRuns());
        assertEquals(3, probe.threads().size());
        assertTrue(probe.runs().stream().allMatch(Run::finished));
    }

    @Test
    void sequential_runs_peak_at_one_in_start_order() {
        TaskProbe probe = TaskProbe.create();
        probe.tasks(4, i -> Work.nothing()).forEach(Runnable::run);
        assertEquals(1, probe.peakInFlight());
        assertEquals(List.of(0, 1, 2, 3), probe.startOrder());
        assertEquals(Thread.currentThread(), probe.run(2).orElseThrow().thread());
        assertFalse(probe.run(2).orElseThrow().virtual());
    }

    @Test
    void probe_records_failures_and_passes_them_on() {
        TaskProbe probe = TaskProbe.create();
        IllegalStateException boom = new IllegalStateException("boom");
        Runnable task = probe.task(7, Work.fail(boom));
        assertThrows(IllegalStateException.class, task::run);
        assertEquals(boom, probe.run(7).orElseThrow().failure());
        assertEquals(0, probe.inFlight());
    }

    @Test
    void one_task_run_by_several_threads_at_once_draws_a_bar_per_run_on_its_own_thread() throws Exception {
        TimelineArchive.open();
        TestContext context = TestContext.begin();
        try {
            TaskProbe probe = TaskProbe.create();
            Gate gate = Gate.closed();
            Runnable shared = probe.task(0, gate.asWork()); // one task, as a test hands it to n threads
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                threads.add(Thread.ofPlatform().start(shared));
            }
            Eventually.within(Duration.ofSeconds(5)).until("4 runs waiting", () -> gate.waiting() == 4);
            gate.open();
            for (Thread t : threads) {
                t.join();
            }
            Eventually.within(Duration.ofSeconds(5)).until("all runs over", () -> probe.inFlight() == 0);

            List<Timeline.Bar> bars = context.finishTimeline().bars();
            assertEquals(4, bars.size());
            assertEquals(4, bars.stream().map(Timeline.Bar::threadId).distinct().count(),
                    "each run's bar is on the thread that ran it");
            assertTrue(bars.stream().allMatch(bar -> bar.start() <= bar.end()));
            assertEquals(0, probe.unfinishedRuns().size());
        } finally {
            TestContext.end(context);
            TimelineArchive.close();
        }
    }

    @Test
    void a_run_still_going_when_the_test_ends_is_drawn_unfinished_even_if_its_task_ran_before() throws Exception {
        TimelineArchive.open();
        TestContext context = TestContext.begin();
        Gate gate = Gate.closed();
        try {
            TaskProbe probe = TaskProbe.create();
            Runnable shared = probe.task(0, () -> {
                if (Thread.currentThread().getName().equals("held")) {
                    gate.pass();
                }
            });
            Thread held = Thread.ofPlatform().name("held").start(shared);
            Eventually.within(Duration.ofSeconds(5)).until("the held run waiting", () -> gate.waiting() == 1);
            shared.run(); // a later run of the same task, which ends

            List<Timeline.Bar> bars = context.finishTimeline().bars();
            assertEquals(2, bars.size());
            assertTrue(bars.stream().anyMatch(bar -> bar.end() < 0 && bar.threadName().equals("held")),
                    "the held run is drawn as still running: " + bars);
            gate.open();
            held.join();
        } finally {
            gate.open();
            TestContext.end(context);
            TimelineArchive.close();
        }
    }

    @Test
    void rendezvous_is_met_only_when_all_parties_are_there_at_once() throws Exception {
        Rendezvous together = Rendezvous.of(4);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                pool.execute(together::arrive);
            }
        }
        assertTrue(together.met());
        assertEquals(4, together.mostPresent());
    }

    @Test
    void a_missed_rendezvous_costs_one_patience_not_one_per_party() {
        Rendezvous oneByOne = Rendezvous.of(5).withPatience(ms(200));
        Duration took = Stopwatch.time(() -> {
            for (int i = 0; i < 5; i++) {
                oneByOne.arrive();
            }
        });
        assertFalse(oneByOne.met());
        assertEquals(1, oneByOne.mostPresent());
        assertTrue(took.compareTo(ms(200)) >= 0 && took.compareTo(ms(200 * 3)) < 0, "took " + took);
    }

    @Test
    void schedule_gives_rounds_times_delay() {
        assertEquals(4, Schedule.roundsFor(10, 3));
        assertEquals(0, Schedule.roundsFor(0, 3));
        assertEquals(ms(400), Schedule.rounds(10, 3, ms(100)));
        assertThrows(IllegalArgumentException.class, () -> Schedule.roundsFor(1, 0));
    }

    @Test
    void expect_messages_say_what_was_observed_what_is_required_and_why() {
        AssertionFailedError atMost = assertThrows(AssertionFailedError.class,
                () -> Expect.atMost("peak in flight", 10, 3, "requests are not bounded by the semaphore"));
        assertEquals("peak in flight was 10, the limit is 3: requests are not bounded by the semaphore",
                atMost.getMessage());

        AssertionFailedError tooFast = assertThrows(AssertionFailedError.class,
                () -> Expect.tookAtLeast("9 tasks on 3 threads", ms(120), ms(300), "work was skipped"));
        assertEquals("9 tasks on 3 threads took 120 ms, it cannot take less than 300 ms: work was skipped",
                tooFast.getMessage());

        AssertionFailedError nothing = assertThrows(AssertionFailedError.class,
                () -> Expect.thrownBy(NullPointerException.class, () -> { }, "nulls are rejected"));
        assertEquals("expected java.lang.NullPointerException, but nothing was thrown: nulls are rejected",
                nothing.getMessage());

        Expect.atMost("peak", 3, 3, "never fails at the limit");
        Expect.tookAtMost("fast work", ms(1), ms(10), "never fails below the bound");
    }

    @Test
    void eventually_fails_with_what_it_waited_for() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> Eventually.within(ms(50)).until("3 tasks running", () -> false, () -> "1 running"));
        assertTrue(e.getMessage().startsWith("waited "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" for 3 tasks running; 1 running"), e.getMessage());
    }

    @Test
    void time_factor_scales_upper_bounds_only_upwards() {
        String previous = System.getProperty(TimeLimits.PROPERTY);
        try {
            System.setProperty(TimeLimits.PROPERTY, "2.5");
            assertEquals(ms(250), TimeLimits.scaled(ms(100)));
            System.setProperty(TimeLimits.PROPERTY, "0.1");
            assertEquals(ms(100), TimeLimits.scaled(ms(100)));
            System.setProperty(TimeLimits.PROPERTY, "fast");
            assertEquals(ms(100), TimeLimits.scaled(ms(100)));
        } finally {
            if (previous == null) {
                System.clearProperty(TimeLimits.PROPERTY);
            } else {
                System.setProperty(TimeLimits.PROPERTY, previous);
            }
        }
    }
}
