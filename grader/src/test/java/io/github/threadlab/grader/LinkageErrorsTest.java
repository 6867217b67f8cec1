package io.github.threadlab.grader;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkageErrorsTest {

    private static final String ERROR = """
            <testcase name="runs_in_order" classname="x.SleepTest" time="0.1">
              <error message="'void x.Sleep.run(java.util.List)'" type="java.lang.NoSuchMethodError">trace</error>
            </testcase>
            """;

    @TempDir
    Path reports;

    @Test
    void a_test_that_could_not_call_a_method_of_the_contract_is_found() throws IOException {
        Files.writeString(reports.resolve("TEST-x.SleepTest.xml"), "<testsuite>" + ERROR + "</testsuite>");
        assertTrue(LinkageErrors.in(reports));
    }

    @Test
    void a_name_that_straddles_two_windows_of_a_large_report_is_found() throws IOException {
        String padding = "x".repeat((1 << 16) - 12);
        Files.writeString(reports.resolve("TEST-x.SleepTest.xml"), padding + "java.lang.NoSuchFieldError: count");
        assertTrue(LinkageErrors.in(reports));
    }

    @Test
    void failures_of_other_kinds_and_bytes_that_are_not_utf8_are_not_linkage_errors() throws IOException {
        Files.writeString(reports.resolve("TEST-x.SleepTest.xml"), ERROR.replace("java.lang.NoSuchMethodError",
                "org.opentest4j.AssertionFailedError"));
        Files.write(reports.resolve("TEST-x.Other.xml"), new byte[] {(byte) 0xff, (byte) 0xfe, 'N', 'o'});
        Files.writeString(reports.resolve("x.SleepTest-output.txt"), "java.lang.NoSuchMethodError", StandardCharsets.UTF_8);
        assertFalse(LinkageErrors.in(reports));
        assertFalse(LinkageErrors.in(reports.resolve("missing")));
    }
}
