package io.github.threadlab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.opentest4j.AssertionFailedError;

class FailureTimelineTest {

    /** Samples of the ways a graded test fails. */
    @Exercise(number = 3, name = "gamma")
    static class GammaCases {
        static final IllegalStateException CAUSE = new IllegalStateException("what the code under test threw");
        static final CountDownLatch never = new CountDownLatch(1);

        @Graded
        void fails_with_expected_and_actual() {
            AssertionFailedError failure = new AssertionFailedError("the peak was 8, the limit is 3", 3, 8, CAUSE);
            failure.addSuppressed(new IllegalArgumentException("another failure"));
            throw failure;
        }

        @Graded
        void fails_with_a_plain_assertion_error() {
            throw new AssertionError("plain");
        }

        @Graded
        void the_code_under_test_throws() {
            throw new UnsupportedOperationException("exercise 3 (gamma): implement it");
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
        void passes() {
        }
    }

    @TempDir
    Path dir;

    @Test
    void a_failure_ends_with_the_link_to_its_timeline_in_the_report_and_keeps_the_rest() throws Exception {
        SampleRun run = SampleRun.of(dir.resolve("results.json"), GammaCases.class);
        Map<String, Throwable> thrown = thrownByMethod(run);
        String report = run.reportFile().toString();

        AssertionFailedError values = assertInstanceOf(AssertionFailedError.class,
                thrown.get("fails_with_expected_and_actual"));
        String link = report + "#gamma-fails-with-expected-and-actual";
        assertEquals("the peak was 8, the limit is 3\ntimeline: " + link, values.getMessage());
        assertEquals(3, values.getExpected().getValue(), "an IDE still shows expected and actual");
        assertEquals(8, values.getActual().getValue());
        assertSame(GammaCases.CAUSE, values.getCause());
        assertEquals("another failure", values.getSuppressed()[0].getMessage());
        assertEquals("fails_with_expected_and_actual", values.getStackTrace()[0].getMethodName(),
                "the stack trace is the original's, which starts in the test");
        assertTrue(Files.readString(run.reportFile()).contains("id=\"gamma-fails-with-expected-and-actual\""),
                "the link names a section of the report written when the run ended");

        Throwable plain = thrown.get("fails_with_a_plain_assertion_error");
        assertEquals(AssertionError.class, plain.getClass());
        assertEquals("plain\ntimeline: " + report + "#gamma-fails-with-a-plain-assertion-error", plain.getMessage());

        Throwable error = thrown.get("the_code_under_test_throws");
        assertEquals(UnsupportedOperationException.class, error.getClass(), "the code's own exception is kept");
        assertEquals("exercise 3 (gamma): implement it", error.getMessage());

        String leak = thrown.get("leaves_a_thread_running").getMessage();
        assertTrue(leak.contains("\"leaky-worker\""), leak);
        assertTrue(leak.endsWith("\ntimeline: " + report + "#gamma-leaves-a-thread-running"), leak);

        assertTrue(run.console().contains("timeline: " + link), "the scoreboard prints the same link:\n"
                + run.console());
        Map<String, String> outputs = outputsByName(run);
        assertEquals("the peak was 8, the limit is 3", outputs.get("gamma: fails with expected and actual"),
                "the results file, read where the student's files are not, has the message without the link");
        assertEquals("plain", outputs.get("gamma: fails with a plain assertion error"));
    }

    @Test
    void without_a_timeline_the_failure_is_left_as_it_is() {
        String previous = System.setProperty(Timeline.ENABLED_PROPERTY, "false");
        try {
            SampleRun run = SampleRun.of(dir.resolve("results.json"), GammaCases.class);
            Throwable values = thrownByMethod(run).get("fails_with_expected_and_actual");
            assertEquals("the peak was 8, the limit is 3", values.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty(Timeline.ENABLED_PROPERTY);
            } else {
                System.setProperty(Timeline.ENABLED_PROPERTY, previous);
            }
        }
    }

    @Test
    void the_link_line_comes_off_again_and_only_it() {
        String link = "target/threadlab/report.html#a-b";
        assertEquals("message", FailureTimeline.withoutLink(FailureTimeline.withLink("message", link)));
        assertEquals("two\nlines", FailureTimeline.withoutLink(FailureTimeline.withLink("two\nlines", link)));
        assertEquals("", FailureTimeline.withoutLink(FailureTimeline.withLink((String) null, link)));
        assertEquals("no link\nhere", FailureTimeline.withoutLink("no link\nhere"));
    }

    private static Map<String, Throwable> thrownByMethod(SampleRun run) {
        Map<String, Throwable> thrown = new HashMap<>();
        run.summary().getFailures().forEach(f -> f.getTestIdentifier().getSource()
                .filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                .ifPresent(source -> thrown.put(source.getMethodName(), f.getException())));
        return thrown;
    }

    private static Map<String, String> outputsByName(SampleRun run) throws Exception {
        Map<String, String> outputs = new HashMap<>();
        JsonNode json = new ObjectMapper().readTree(run.resultsFile().toFile());
        json.get("tests").forEach(t -> outputs.put(t.get("name").asText(), t.get("output").asText()));
        return outputs;
    }
}
