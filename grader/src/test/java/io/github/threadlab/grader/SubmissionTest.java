package io.github.threadlab.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A zip is unpacked to its Java sources within bounds; one that breaks them is refused as the student's. */
class SubmissionTest {

    @TempDir
    Path dir;

    @Test
    void a_zip_of_a_project_unpacks_to_its_src_main_java() throws IOException {
        Path zip = zip("ok.zip", "hw1/src/main/java/io/github/threadlab/sleep/SleepTasks.java", 10);
        Path mainJava = new Submission("ok", zip).mainJava(dir.resolve("scratch")).orElseThrow();
        assertTrue(Files.isRegularFile(mainJava.resolve("io/github/threadlab/sleep/SleepTasks.java")));
    }

    @Test
    void an_entry_that_leaves_its_folder_is_refused() throws IOException {
        Path zip = zip("slip.zip", "../../escaped/src/main/java/Evil.java", 10);
        Submission.Refused refused = assertThrows(Submission.Refused.class,
                () -> new Submission("slip", zip).mainJava(dir.resolve("scratch")));
        assertTrue(refused.getMessage().contains("leaves its folder"), refused.getMessage());
        assertFalse(Files.exists(dir.resolve("escaped")));
    }

    @Test
    void a_bomb_is_refused_at_the_bound() throws IOException {
        Path zip = zip("bomb.zip", "src/main/java/io/github/threadlab/sleep/Big.java", 21 * 1024 * 1024);
        assertTrue(Files.size(zip) < 1024 * 1024, "a bomb compresses well");
        Submission.Refused refused = assertThrows(Submission.Refused.class,
                () -> new Submission("bomb", zip).mainJava(dir.resolve("scratch")));
        assertTrue(refused.getMessage().contains("20 MB"), refused.getMessage());
    }

    @Test
    void a_file_that_is_not_a_zip_is_refused_or_has_no_sources() throws IOException {
        Path zip = dir.resolve("junk.zip");
        Files.writeString(zip, "not a zip at all");
        try {
            assertEquals(java.util.Optional.empty(), new Submission("junk", zip).mainJava(dir.resolve("scratch")));
        } catch (Submission.Refused refused) {
            assertTrue(refused.getMessage().contains("zip"), refused.getMessage());
        }
    }

    private Path zip(String name, String entry, int bytes) throws IOException {
        Path zip = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry(entry));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int written = 0; written < bytes; written += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, bytes - written));
            }
            out.closeEntry();
        }
        return zip;
    }
}
