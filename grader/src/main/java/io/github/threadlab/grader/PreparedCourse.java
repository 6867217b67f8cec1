package io.github.threadlab.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A pristine course's build kept for later runs: the assembled workspace with its {@code target}, and the
 * fingerprint of what was assembled (every file, before the build). A later run that assembles the same files
 * (same course, same exercises, same hidden tests) uses the build as it is instead of building the course again.
 * The Gradescope bundle's {@code setup.sh} prepares one when the image is built, so that each submission costs
 * one build, not two.
 *
 * <p>Guaranteed: a build is reused only when every assembled file is byte for byte what was built, and only a
 * build that finished (its fingerprint is written after it); runs at once may share a finished build. Not
 * guaranteed: that runs at once which both find no build of their files can share the folder (prepare it first,
 * with a run of no submissions, as setup.sh does). Nor that a build is reused across grader
 * versions whose assembly differs; such a run builds the course again, as it would anyway.
 */
final class PreparedCourse {

    /** The file in the workspace that holds the fingerprint of a finished build. */
    static final String STAMP = ".threadlab-prepared";

    private PreparedCourse() {
    }

    /** Whether {@code workspace} holds a finished build of exactly the files fingerprinted as {@code fingerprint}. */
    static boolean matches(Path workspace, String fingerprint) throws IOException {
        Path stamp = workspace.resolve(STAMP);
        return Files.isRegularFile(stamp, LinkOption.NOFOLLOW_LINKS)
                && Files.readAllLines(stamp, StandardCharsets.UTF_8).get(0).strip().equals(fingerprint);
    }

    /**
     * Records that the build of {@code workspace} (fingerprinted before it ran) has finished, with the summary lines
     * its Maven printed: the course's own build runs no student code, so they can be kept in a file.
     */
    static void record(Path workspace, String fingerprint, List<String> summaryLines) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(fingerprint);
        lines.addAll(summaryLines);
        Files.write(workspace.resolve(STAMP), lines, StandardCharsets.UTF_8);
    }

    /** The summary lines recorded with the build ({@link #record}). */
    static List<String> summaryLines(Path workspace) throws IOException {
        List<String> lines = Files.readAllLines(workspace.resolve(STAMP), StandardCharsets.UTF_8);
        return lines.subList(1, lines.size());
    }

    /** SHA-256 over the relative path and the bytes of every regular file under {@code folder}, in path order. */
    static String fingerprint(Path folder) throws IOException {
        MessageDigest digest = BatchJournal.sha256();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                BatchJournal.update(digest, folder.relativize(file).toString().replace('\\', '/'), file);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
