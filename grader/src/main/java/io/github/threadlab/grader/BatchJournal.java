package io.github.threadlab.grader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What a batch remembers of each submission it finished, so that a rerun with the same output folder grades only
 * the rest: {@code OUT/<submission>/graded.properties}, written last (after the submission's reports) and whole
 * (a rename), with the submission's gradebook row and a fingerprint of what was graded. A submission is graded
 * again when its fingerprint changed: its Java sources (or zip), the graded tests or the grading settings.
 */
final class BatchJournal {

    static final String FILE = "graded.properties";

    private final Path out;
    private final String settings;

    /** @param settings everything besides the submission that decides its grade (tests, limits, exercises) */
    BatchJournal(Path out, String settings) {
        this.out = out;
        this.settings = settings;
    }

    /** The fingerprint of grading this submission with these settings. */
    String fingerprint(Submission s) {
        MessageDigest digest = sha256();
        digest.update(settings.getBytes(StandardCharsets.UTF_8));
        try {
            if (Files.isRegularFile(s.source(), LinkOption.NOFOLLOW_LINKS)) {
                update(digest, "zip", s.source());
            } else {
                // What grading reads of a folder: its Java sources (links are never followed).
                try (Stream<Path> files = Files.walk(s.source())) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")
                            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                        update(digest, s.source().relativize(f).toString().replace('\\', '/'), f);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // Unreadable now: a fingerprint that matches nothing, so that it is graded (and the error reported).
            digest.update(("unreadable " + e + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The gradebook row of an earlier grading of this submission with this fingerprint, if there was one. */
    Optional<String> previousRow(Submission s, String fingerprint) {
        Path file = out.resolve(s.safeName()).resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return fingerprint.equals(p.getProperty("fingerprint")) ? Optional.ofNullable(p.getProperty("row"))
                : Optional.empty();
    }

    /** Forgets the submission's earlier grading: it is being graded again. */
    void forget(Submission s) throws IOException {
        Files.deleteIfExists(out.resolve(s.safeName()).resolve(FILE));
    }

    /** Records that the submission was graded, with its row: the last file written for it. */
    void record(Submission s, String fingerprint, String row) throws IOException {
        Path folder = out.resolve(s.safeName());
        Files.createDirectories(folder);
        Properties p = new Properties();
        p.setProperty("submission", s.name());
        p.setProperty("fingerprint", fingerprint);
        p.setProperty("row", row);
        Path partial = folder.resolve(FILE + ".partial");
        try (var writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            p.store(writer, "graded by threadlab-grader; delete this file, or pass --regrade, to grade it again");
        }
        Files.move(partial, folder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Adds {@code name} and the bytes of {@code file} to {@code digest}, each ended by a zero byte. */
    static void update(MessageDigest digest, String name, Path file) throws IOException {
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        digest.update((byte) 0);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The settings part of the fingerprint: the graded tests with their points, and how they are run. */
    static String settings(List<GradedTest> tests, List<String> exercises, Limits limits, Optional<Path> hiddenTests) {
        return "tests=" + tests.stream().map(GradedTest::toString).sorted().toList() + "\nexercises=" + exercises + "\nlimits=" + limits + "\nhidden="
                + hiddenTests.map(Path::toString).orElse("");
    }
}
