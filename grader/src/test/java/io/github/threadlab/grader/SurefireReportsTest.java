package io.github.threadlab.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurefireReportsTest {

    private static final String REPORT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite name="x.SleepTest" tests="2">
              <testcase name="runs_in_order" classname="x.SleepTest" time="0.1"/>
              <testcase name="runs_at_once" classname="x.SleepTest" time="0.2">
                <failure message="only 1 of 10 tasks ran at once" type="AssertionFailedError">trace</failure>
              </testcase>
            </testsuite>
            """;

    @TempDir
    Path reports;

    @Test
    void a_report_that_agrees_with_the_builds_summary_line_is_believed() throws IOException {
        Files.writeString(reports.resolve("TEST-x.SleepTest.xml"), REPORT);
        SurefireReports read = SurefireReports.read(reports, List.of(
                "[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.3 s <<< FAILURE! -- in x.SleepTest"));

        assertTrue(read.find("x.SleepTest#runs_in_order").orElseThrow().passed());
        SurefireReports.Case failed = read.find("x.SleepTest#runs_at_once").orElseThrow();
        assertFalse(failed.passed());
        assertEquals("only 1 of 10 tasks ran at once", failed.message());
    }

    @Test
    void a_report_that_claims_more_passes_than_the_build_saw_is_not_believed() throws IOException {
        Files.writeString(reports.resolve("TEST-x.SleepTest.xml"), REPORT.replaceAll("(?s)<failure.*?</failure>", ""));
        SurefireReports read = SurefireReports.read(reports, List.of(
                "[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.3 s <<< FAILURE! -- in x.SleepTest"));

        assertTrue(read.find("x.SleepTest#runs_in_order").isEmpty());
        assertTrue(read.distrust("x.SleepTest").orElseThrow().contains("disagrees"));
    }

    @Test
    void a_report_of_a_class_the_build_never_finished_is_not_believed() throws IOException {
        Files.writeString(reports.resolve("TEST-x.SleepTest.xml"), REPORT);
        SurefireReports read = SurefireReports.read(reports, List.of());

        assertTrue(read.find("x.SleepTest#runs_in_order").isEmpty());
        assertTrue(read.distrust("x.SleepTest").orElseThrow().contains("never reported"));
    }
}
