package io.github.threadlab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

    @Test
    void keeps_bars_up_to_its_cap_and_counts_the_rest() {
        Timeline timeline = Timeline.startingNow();
        Thread me = Thread.currentThread();
        long now = System.nanoTime();
        for (int i = 0; i < Timeline.MAX_BARS + 5; i++) {
            timeline.bar("task " + i, me, now, now + 1_000, false);
        }

        assertEquals(Timeline.MAX_BARS, timeline.bars().size());
        assertEquals(5, timeline.barsDropped());
    }

    @Test
    void records_spans_counts_limits_and_ticks_of_the_calling_thread() {
        Timeline timeline = Timeline.startingNow();

        timeline.limit("requests in flight", 3, "concurrency");
        timeline.count("requests in flight", 1);
        try (Timeline.Span span = timeline.begin("GET /1")) {
            timeline.tick("heartbeat");
        }
        timeline.begin("GET /2").failed().close();
        timeline.count("requests in flight", 0);
        timeline.end();

        List<Timeline.Bar> bars = timeline.bars();
        assertEquals(List.of("GET /1", "GET /2"), bars.stream().map(Timeline.Bar::label).toList());
        assertEquals(Thread.currentThread().threadId(), bars.get(0).threadId());
        assertTrue(bars.get(0).start() <= bars.get(0).end());
        assertTrue(bars.get(1).failed());
        assertEquals(List.of(1, 0), timeline.samples().stream().map(Timeline.Sample::value).toList());
        assertEquals(3, timeline.limits().get("requests in flight").value());
        assertEquals("heartbeat", timeline.ticks().get(0).series());
        assertTrue(timeline.durationNanos() >= bars.get(1).end());
    }

    @Test
    void outside_a_graded_test_nothing_is_recorded() {
        Timeline timeline = Timeline.current();
        timeline.bar("task", Thread.currentThread(), 0, 1, false);
        timeline.count("tasks running", 1);

        assertFalse(timeline.recording());
        assertTrue(timeline.bars().isEmpty());
        assertTrue(timeline.samples().isEmpty());
    }
}
