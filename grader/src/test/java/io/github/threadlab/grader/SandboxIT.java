package io.github.threadlab.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Runs code that no scan stands in front of (Escape.java: processes, network, files, disk) in the sandbox every
 * build runs in, and checks from the outside that it stayed inside: a process of the grader's user survives, a
 * listener on the machine's loopback hears nothing, no file appears where it tried to write, the output folder
 * is invisible, and the disk fills up to the cap and no further.
 */
class SandboxIT {

    /** Beside GraderIT's output folder, not in it: the two run at the same time, and GraderIT watches its folder. */
    private static final Path OUTPUT = Path.of(System.getProperty("threadlab.grader.output", "target/grader-it"))
            .resolveSibling("sandbox-it");

    @Test
    void code_in_the_sandbox_reaches_no_process_listener_file_or_disk_outside() throws Exception {
        Path root = OUTPUT.resolve("sandbox-escape").toAbsolutePath();
        FileTrees.delete(root);
        Path repository = Files.createDirectories(root.resolve("repository"));
        Path workspace = Files.createDirectories(root.resolve("work/student/workspace"));
        Path neighbour = Files.createDirectories(root.resolve("work/neighbour/workspace"));
        Path grades = Files.createDirectories(root.resolve("grades"));
        Files.writeString(neighbour.resolve("SleepTasks.java"), "the neighbour's solution");
        // Looked at as a file the folder holds: the code may make a folder of the same name in its own /tmp (where
        // this test's folders are, when the build runs under /tmp), which is no view of the real one.
        Path gradebook = Files.writeString(grades.resolve("gradebook.csv"), "submission,score\n");
        long cap = 32L * 1024 * 1024;
        Optional<Sandbox> sandbox = Sandbox.detect(repository, new Sandbox.DiskCap(cap, 4L * 1024 * 1024));
        assumeTrue(sandbox.isPresent(), "SandboxIT: skipped: bubblewrap (bwrap) is not installed or does not work here");
        try (InputStream escape = SandboxIT.class.getResourceAsStream("Escape.java")) {
            Files.write(workspace.resolve("Escape.java"), escape.readAllBytes());
        }
        AtomicInteger received = new AtomicInteger();
        HttpServer listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        listener.createContext("/", exchange -> {
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        listener.start();
        // A process of the grader's user, named like the grader: what a killer looks for.
        Process sentinel = new ProcessBuilder("sleep", "300").start();
        String marker = "threadlab-escape-" + UUID.randomUUID();
        Path home = Path.of(System.getProperty("user.home"));
        List<Path> targets = List.of(Path.of("/tmp", marker), home.resolve(marker), grades.resolve(marker),
                workspace.resolve(marker), neighbour.resolve(marker));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "Escape.java", String.valueOf(listener.getAddress().getPort())));
        targets.forEach(t -> command.add(t.toString()));
        command.addAll(List.of("--look", gradebook.toString(), neighbour.resolve("SleepTasks.java").toString(),
                home.resolve(".m2/settings.xml").toString()));
        String output;
        try {
            Process p = new ProcessBuilder(sandbox.get().wrap(workspace, Optional.empty(), command, Map.of("JAVA_TOOL_OPTIONS", "-Xmx128m")))
                    .redirectErrorStream(true).start();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the sandboxed program did not end");
        } finally {
            listener.stop(0);
        }
        try {
            assertTrue(output.contains("processes seen: "), output);
            long seen = Long.parseLong(output.replaceAll("(?s).*processes seen: (\\d+).*", "$1"));
            assertTrue(seen <= 6, "the sandboxed program saw " + seen + " processes:\n" + output);
            assertTrue(sentinel.isAlive(), "a process outside the sandbox was ended from inside:\n" + output);
            assertEquals(0, received.get(), "the listener outside the sandbox was reached:\n" + output);
            assertTrue(output.contains("listener not reached"), output);
            for (Path t : targets) {
                assertFalse(Files.exists(t.resolve("escaped.txt")), "a file appeared at " + t + ":\n" + output);
            }
            assertTrue(output.contains("invisible: " + gradebook), output);
            assertTrue(output.contains("invisible: " + neighbour.resolve("SleepTasks.java")), output);
            assertTrue(output.contains("disk full after"), output);
            long mb = Long.parseLong(output.replaceAll("(?s).*disk full after (\\d+) MB.*", "$1"));
            assertTrue(mb <= cap / 1024 / 1024, output);
            assertFalse(Files.exists(workspace.resolve("target/filler")), "the filler reached the host's disk");
        } finally {
            sentinel.destroyForcibly();
            FileTrees.delete(root);
        }
    }
}
