package io.github.threadlab.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsChannelTest {

    @TempDir
    Path target;

    private String unpack(String stream, long max) throws IOException {
        return ReportsChannel.unpack(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), target, max);
    }

    @Test
    void framed_reports_land_under_target() throws IOException {
        assertEquals("", unpack("5 threadlab/results.json\n{\"a\"}3 surefire-reports/TEST-a.b.CTest.xml\n<x>", 100));
        assertEquals("{\"a\"}", Files.readString(target.resolve("threadlab/results.json")));
        assertEquals("<x>", Files.readString(target.resolve("surefire-reports/TEST-a.b.CTest.xml")));
    }

    @Test
    void a_path_the_grader_does_not_read_ends_the_reading_and_is_returned_as_text() throws IOException {
        String rest = unpack("3 ../escaped.xml\nabc", 100);
        assertTrue(rest.contains("../escaped.xml"), rest);
        assertFalse(Files.exists(target.resolve("../escaped.xml")));
        assertTrue(unpack("bwrap: Can't mount tmpfs\n", 100).startsWith("bwrap: "));
    }

    @Test
    void reports_beyond_the_bound_are_refused() throws IOException {
        String rest = unpack("50 threadlab/results.json\n" + "x".repeat(50), 10);
        assertFalse(rest.isEmpty());
        assertFalse(Files.exists(target.resolve("threadlab/results.json")));
    }

    @Test
    void a_report_cut_short_says_so() throws IOException {
        assertTrue(unpack("9 threadlab/results.json\nabc", 100).contains("ended after 3 of 9"));
    }
}
