package io.github.threadlab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimelineSvgTest {

    @Test
    void coordinates_have_one_decimal() {
        assertEquals("12.3", TimelineSvg.f(12.34));
        assertEquals("0.0", TimelineSvg.f(0));
        assertEquals("250.0", TimelineSvg.f(250));
        assertEquals("-1.5", TimelineSvg.f(-1.46));
    }

    @Test
    void axis_steps_are_one_two_or_five_times_a_power_of_ten() {
        assertEquals(20e6, TimelineSvg.niceStep(16.25e6));
        assertEquals(50e6, TimelineSvg.niceStep(25e6));
        assertEquals(100e6, TimelineSvg.niceStep(100e6));
    }

    @Test
    void times_read_in_milliseconds_or_seconds() {
        assertEquals("0 ms", TimelineSvg.ms(0));
        assertEquals("2.5 ms", TimelineSvg.ms(2_500_000));
        assertEquals("120 ms", TimelineSvg.ms(120_000_000));
        assertEquals("1.50 s", TimelineSvg.ms(1_500_000_000));
    }

    @Test
    void a_task_still_running_at_the_end_is_drawn_to_the_end_and_said_so() {
        Timeline timeline = Timeline.startingNow();
        long now = System.nanoTime();
        timeline.bar("task 0", Thread.currentThread(), now, now + 1_000_000, false);
        timeline.bar("task 1 (still running)", Thread.currentThread(), now, -1, false);
        timeline.end();

        String svg = timeline.toSvg();

        assertTrue(svg.contains("the end of the test (still running)"), svg);
        assertTrue(timeline.caption().contains("1 still running when the test ended"), timeline.caption());
    }

    @Test
    void a_limit_declared_before_any_task_ran_is_drawn_over_an_empty_count() {
        Timeline timeline = Timeline.startingNow();
        timeline.limit("tasks running", 3, "poolSize");
        timeline.end();

        String svg = timeline.toSvg();

        assertTrue(svg.contains("data-limit=\"3\""), svg);
        assertTrue(svg.contains("limit 3 (poolSize)"), svg);
    }
}
