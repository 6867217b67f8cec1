package io.github.threadlab.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedLogTest {

    @TempDir
    Path dir;

    @Test
    void megabytes_of_output_leave_a_bounded_log_and_the_wanted_lines() throws IOException {
        String noise = ("x".repeat(10_000) + "\n").repeat(500);
        String output = noise + "Tests run: 3, Failures: 0, Errors: 0, Skipped: 0 -- in a.B\n" + noise;
        BoundedLog log = new BoundedLog(100_000, line -> line.startsWith("Tests run:"));
        Path file = dir.resolve("build.log");

        log.drain(new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)), file);

        assertEquals(List.of("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0 -- in a.B"), log.keptLines());
        assertTrue(Files.size(file) < 100_000 + 200, "log of " + Files.size(file) + " bytes");
        assertTrue(Files.readString(file).contains("characters of output were dropped"));
    }
}
