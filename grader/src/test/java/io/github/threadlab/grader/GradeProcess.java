package io.github.threadlab.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The grader's command line in a JVM of its own, as an instructor runs it: for a batch that an integration test
 * kills, or grades while other batches are graded. Two commands never share a JVM: the command is a program, not a
 * library (it prints to {@code System.out}, and a test that captures that would capture its neighbour's too).
 */
final class GradeProcess {

    private final Process process;
    private final Path log;

    private GradeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code threadlab-grader <arguments>} on this JVM's java and class path; its output goes to {@code log}. */
    static GradeProcess start(List<String> arguments, Path log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path")));
        String repo = System.getProperty("maven.repo.local");
        if (repo != null) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        command.add(GraderCommand.class.getName());
        command.addAll(arguments);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new GradeProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Process process() {
        return process;
    }

    /** Waits for the command to end and gives its exit status. */
    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** What the command printed so far. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
