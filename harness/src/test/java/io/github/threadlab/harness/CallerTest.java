package io.github.threadlab.harness;

import static io.github.threadlab.harness.Durations.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class CallerTest {

    @Test
    void a_call_runs_once_on_a_platform_thread_of_its_own_and_gives_what_it_returned() throws Exception {
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        Caller<Integer> caller = Caller.call("answer()", () -> {
            ranOn.add(Thread.currentThread());
            return 42;
        });

        assertEquals(42, caller.awaitResult("at once"));
        assertEquals(List.of(caller.thread()), ranOn);
        assertNotSame(Thread.currentThread(), caller.thread());
        assertFalse(caller.thread().isVirtual());
        assertEquals(42, caller.returned());
        assertNull(caller.thrown());
        caller.close();
    }

    @Test
    void on_a_virtual_thread_when_asked() throws Exception {
        Caller<Boolean> caller = Caller.with().onVirtualThread().call("isVirtual()",
                () -> Thread.currentThread().isVirtual());

        assertTrue(caller.awaitResult("at once"));
        assertTrue(caller.thread().isVirtual());
    }

    @Test
    void the_watched_probe_is_read_when_the_call_ends_not_when_the_test_looks() throws Exception {
        TaskProbe probe = TaskProbe.create();
        Gate later = Gate.closed();
        List<Runnable> tasks = probe.tasks(3, i -> Work.nothing());
        Runnable leftRunning = probe.task(3, later.asWork());
        Caller<Void> caller = Caller.with().watching(probe, "tasks").call("runTwoOfFour()", () -> {
            tasks.get(0).run();
            tasks.get(1).run();
            Thread.ofPlatform().start(leftRunning);
            Eventually.within(Duration.ofSeconds(5)).until("task 3 running", () -> later.waiting() == 1);
        });

        caller.awaitResult("at once");
        tasks.get(2).run();
        later.open();
        Eventually.within(Duration.ofSeconds(5)).until("task 3 to end", () -> probe.finished() == 4);

        assertEquals(2, caller.finishedAtEnd());
        assertEquals(1, caller.inFlightAtEnd());
    }

    @Test
    void without_a_probe_the_counts_at_the_end_are_unknown() throws Exception {
        Caller<Void> caller = Caller.call("nothing()", () -> { });
        caller.awaitResult("at once");
        assertEquals(-1, caller.finishedAtEnd());
        assertEquals(-1, caller.inFlightAtEnd());
    }

    @Test
    void a_held_call_is_seen_waiting_then_returns_once_released() throws Exception {
        Gate gate = Gate.closed();
        Caller<Void> caller = Caller.call("held()", gate::pass);
        try {
            caller.awaitUntil("the call to wait at the gate", () -> gate.waiting() == 1, () -> "it never came");
            assertFalse(caller.endsWithin(ms(50)));
            assertTrue(caller.isRunning());
            gate.open();
            assertNull(caller.awaitResult("after the gate opened"));
            assertFalse(caller.isRunning());
        } finally {
            caller.close(gate::open);
        }
    }

    @Test
    void a_wait_for_a_condition_stops_at_once_when_the_call_throws_and_says_what_it_threw() {
        UnsupportedOperationException todo = new UnsupportedOperationException("not written yet");
        Caller<Void> caller = Caller.call("stub()", () -> {
            throw todo;
        });

        Duration took = Stopwatch.time(() -> {
            AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                    () -> caller.awaitUntil("a task running", () -> false, () -> "none had started"));
            assertEquals("stub() threw java.lang.UnsupportedOperationException: not written yet (while the test "
                    + "waited for a task running)", failure.getMessage());
            assertSame(todo, failure.getCause());
        });
        assertTrue(took.compareTo(Caller.PATIENCE) < 0, "waited " + Durations.format(took));
    }

    @Test
    void a_wait_for_a_condition_that_the_call_ended_without_says_what_it_returned() {
        Caller<String> valued = Caller.call("early()", () -> "done");
        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> valued.awaitUntil("a task running", () -> false, () -> "none had started"));
        assertEquals("early() returned done while the test waited for a task running; none had started",
                failure.getMessage());

        Caller<Void> plain = Caller.call("early()", () -> { });
        failure = assertThrows(AssertionFailedError.class,
                () -> plain.awaitUntil("a task running", () -> false, () -> "none had started"));
        assertEquals("early() returned while the test waited for a task running; none had started",
                failure.getMessage());
    }

    @Test
    void a_wait_for_a_condition_fails_after_the_patience_while_the_call_runs() throws Exception {
        Gate gate = Gate.closed();
        Caller<Void> caller = Caller.call("held()", gate::pass);
        try {
            AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                    () -> caller.awaitUntil("two tasks", () -> false, ms(50), () -> "one"));
            assertEquals("waited " + Durations.format(TimeLimits.scaled(ms(50))) + " for two tasks; one",
                    failure.getMessage());
        } finally {
            caller.close(gate::open);
        }
    }

    @Test
    void a_result_not_there_in_time_fails_with_what_the_probe_saw() throws Exception {
        TaskProbe probe = TaskProbe.create();
        Gate gate = Gate.closed();
        Runnable held = probe.task(0, gate.asWork());
        Caller<Void> caller = Caller.with().patience(ms(100)).watching(probe, "tasks").call("held()", held::run);
        try {
            AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                    () -> caller.awaitResult("after the test let go"));
            assertEquals("held() had not returned " + Durations.format(TimeLimits.scaled(ms(100)))
                    + " after the test let go (0 tasks finished, 1 running)", failure.getMessage());
        } finally {
            caller.close(gate::open);
        }
        assertFalse(caller.thread().isAlive());
    }

    @Test
    void a_result_that_is_an_exception_fails_with_it_as_the_cause() {
        IllegalStateException boom = new IllegalStateException("boom");
        Caller<Void> caller = Caller.call("work()", () -> {
            throw boom;
        });

        AssertionFailedError failure = assertThrows(AssertionFailedError.class, () -> caller.awaitResult("at once"));
        assertEquals("work() threw java.lang.IllegalStateException: boom where it should have returned",
                failure.getMessage());
        assertSame(boom, failure.getCause());
    }

    @Test
    void an_interrupted_call_ends_and_what_it_threw_is_given() throws Exception {
        Caller<Void> caller = Caller.call("sleepLong()", () -> Thread.sleep(60_000));
        caller.awaitUntil("the call to sleep", () -> caller.thread().getState() == Thread.State.TIMED_WAITING,
                () -> "it was " + caller.thread().getState());

        caller.interrupt();

        assertInstanceOf(InterruptedException.class, caller.awaitEnd("after it was interrupted"));
    }

    @Test
    void an_end_not_there_in_time_fails_and_close_interrupts_the_call() throws Exception {
        Caller<Void> caller = Caller.with().patience(ms(100)).call("sleepLong()", () -> Thread.sleep(60_000));

        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> caller.awaitEnd("after nothing"));
        assertEquals("sleepLong() had not ended " + Durations.format(TimeLimits.scaled(ms(100))) + " after nothing",
                failure.getMessage());

        caller.close();
        assertFalse(caller.thread().isAlive());
        assertInstanceOf(InterruptedException.class, caller.thrown());
    }
}
