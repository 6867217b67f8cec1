package io.github.threadlab.grader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One student's submission: a project folder or a zip of one. Only its Java sources under src/main/java are ever
 * read; a zip is unpacked to those alone, within a size bound, and no entry may leave the folder it unpacks to.
 *
 * @param name   the folder's or zip's name, the submission's row in the gradebook
 * @param source the folder or zip
 */
public record Submission(String name, Path source) {

    private static final long MAX_UNPACKED_BYTES = 20L * 1024 * 1024;

    /** The submission cannot be graded as it is (a zip that leaves its folder, or too big): the student's fault. */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    /** Every folder and zip directly in {@code folder}, by name. */
    public static List<Submission> in(Path folder) throws IOException {
        List<Submission> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
                String file = entry.getFileName().toString();
                if (file.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(entry)) {
                    found.add(new Submission(file, entry));
                } else if (file.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
                    found.add(new Submission(file.substring(0, file.length() - 4), entry));
                }
            }
        }
        return found;
    }

    /** A name safe as a folder name and a CSV cell. */
    public String safeName() {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * The submission's src/main/java: in the folder itself or one or two levels down (a zip of the project's
     * folder), unpacking a zip into {@code scratch} first. Empty when there is none.
     *
     * @throws Refused when the zip has an entry that leaves its folder, or Java sources over the size bound
     */
    Optional<Path> mainJava(Path scratch) throws IOException {
        Path root = source;
        if (Files.isRegularFile(source)) {
            root = scratch.resolve("unpacked");
            unpackJavaSources(source, root);
        }
        Path top = root;
        try (Stream<Path> dirs = Files.walk(root, 4)) {
            return dirs.filter(p -> p.endsWith(Path.of("src", "main", "java")) && Files.isDirectory(p))
                    .filter(p -> !isBuildOutput(top.relativize(p)))
                    .min(Comparator.comparingInt(Path::getNameCount));
        }
    }

    private static boolean isBuildOutput(Path relative) {
        for (Path element : relative) {
            if (element.toString().equals("target")) {
                return true;
            }
        }
        return false;
    }

    private static void unpackJavaSources(Path zip, Path into) throws IOException {
        Files.createDirectories(into);
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = nextEntry(in)) != null) {
                if (entry.isDirectory() || !entry.getName().endsWith(".java")) {
                    continue;
                }
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new Refused("the zip has an entry that leaves its folder: " + entry.getName());
                }
                Files.createDirectories(target.getParent());
                total += copyBounded(in, target, MAX_UNPACKED_BYTES - total);
            }
        }
    }

    private static ZipEntry nextEntry(ZipInputStream in) throws IOException {
        try {
            return in.getNextEntry();
        } catch (java.util.zip.ZipException e) {
            throw new Refused("not a readable zip: " + e.getMessage());
        }
    }

    private static long copyBounded(InputStream in, Path target, long budget) throws IOException {
        byte[] buffer = new byte[8192];
        long copied = 0;
        try (var out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                copied += n;
                if (copied > budget) {
                    throw new Refused("the zip's Java sources unpack to more than " + MAX_UNPACKED_BYTES / 1024 / 1024
                            + " MB");
                }
                out.write(buffer, 0, n);
            }
        }
        return copied;
    }
}
