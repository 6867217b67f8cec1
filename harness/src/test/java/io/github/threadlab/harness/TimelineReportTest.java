package io.github.threadlab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report of a known run: one section per test, each with the timeline its threads drew. */
class TimelineReportTest {

    @TempDir
    Path dir;

    @Test
    void every_graded_test_gets_a_timeline_with_its_lanes_bars_and_limit() throws Exception {
        SampleRun run = SampleRun.of(dir.resolve("results.json"), TimelineCases.Demo.class);
        String html = Files.readString(run.reportFile(), StandardCharsets.UTF_8);

        String pool = article(html, "demo-pool-of-two-runs-four-sleeps");
        assertTrue(pool.contains("class=\"test passed\""), pool);
        assertEquals("bars", attribute(pool, "svg", "data-mode"));
        assertEquals("3", attribute(pool, "svg", "data-lanes"), "the caller and the pool's 2 threads");
        assertEquals("4", attribute(pool, "svg", "data-bars"));
        assertEquals(2, count(pool, "data-kind=\"platform\""));
        assertEquals(1, count(pool, "data-kind=\"caller\""));
        assertEquals("2", attribute(pool, "g class=\"count\"", "data-limit"));

        String unbounded = article(html, "demo-unbounded-virtual-threads-break-the-limit");
        assertTrue(unbounded.contains("class=\"test failed\""), unbounded);
        assertTrue(unbounded.contains("the peak of tasks running at once was 6, the limit is 2"), unbounded);
        assertEquals(6, count(unbounded, "data-kind=\"virtual\""));
        assertEquals("6", attribute(unbounded, "g class=\"count\"", "data-peak"));
        assertTrue(unbounded.contains("limit 2 (concurrency): exceeded, peak 6"), unbounded);

        String sequential = article(html, "demo-three-tasks-on-the-callers-thread");
        assertEquals("1", attribute(sequential, "svg", "data-lanes"), "only the caller's lane");
        assertEquals("3", attribute(sequential, "svg", "data-bars"));

        String big = article(html, "demo-ten-thousand-virtual-threads");
        assertEquals("summary", attribute(big, "svg", "data-mode"));
        assertEquals(String.valueOf(TimelineCases.BIG_RUN), attribute(big, "svg", "data-tasks"));
        assertEquals("0", attribute(big, "svg", "data-bars"), "no bar drawn one by one");
        assertTrue(big.length() < 200_000, "a summarised timeline stays small, was " + big.length() + " chars");

        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "the report fetches nothing");
    }

    @Test
    void the_console_points_each_failure_to_its_timeline() {
        SampleRun run = SampleRun.of(dir.resolve("results.json"), TimelineCases.Demo.class);

        assertTrue(run.console().contains("      timeline: " + run.reportFile()
                + "#demo-unbounded-virtual-threads-break-the-limit\n"), run.console());
        assertTrue(run.console().contains("report with a timeline of every test: " + run.reportFile()),
                run.console());
    }

    @Test
    void a_report_that_cannot_be_written_does_not_stop_the_run() throws Exception {
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a file where the report's folder should be");

        SampleRun run = SampleRun.of(blocked.resolve("results.json"), TimelineCases.Demo.class);

        assertTrue(run.console().contains("threadlab: could not write the test report"), run.console());
        assertTrue(run.console().contains("threadlab scoreboard"), run.console());
        assertFalse(run.console().contains("timeline: "), "no link to a report that does not exist");
    }

    @Test
    void recording_can_be_turned_off() throws Exception {
        String previous = System.setProperty(Timeline.ENABLED_PROPERTY, "false");
        SampleRun run;
        try {
            run = SampleRun.of(dir.resolve("results.json"), TimelineCases.Demo.class);
        } finally {
            if (previous == null) {
                System.clearProperty(Timeline.ENABLED_PROPERTY);
            } else {
                System.setProperty(Timeline.ENABLED_PROPERTY, previous);
            }
        }
        String html = Files.readString(run.reportFile(), StandardCharsets.UTF_8);

        assertEquals(TimelineCases.TIMELINES, count(html, "no timeline: the test did not run, or recording was off"));
        assertFalse(html.contains("<svg"), "no timeline drawn");
    }

    static String article(String html, String id) {
        int start = html.indexOf("id=\"" + id + "\"");
        assertTrue(start >= 0, "no section " + id);
        int from = html.lastIndexOf("<article", start);
        return html.substring(from, html.indexOf("</article>", start));
    }

    static String attribute(String html, String element, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(element) + "[^>]*?\\s" + name + "=\"([^\"]*)\"").matcher(html);
        assertTrue(m.find(), "no " + name + " on <" + element + "> in " + html);
        return m.group(1);
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
