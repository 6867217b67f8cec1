package io.github.threadlab.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The course's reference solutions as a student would hand them in: every exercise's {@code
 * solutions/<exercise>/src/main/java} copied into one source tree. The grader's tests grade it, zip it and scan it.
 */
final class References {

    private References() {
    }

    /**
     * Copies every exercise's reference under {@code root/solutions} into {@code tree}, emptied first, and returns
     * {@code tree}.
     */
    static Path copiedInto(Path root, Path tree) throws IOException {
        FileTrees.delete(tree);
        Files.createDirectories(tree);
        try (Stream<Path> folders = Files.list(root.resolve("solutions"))) {
            for (Path sources : folders.map(f -> f.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                FileTrees.copyJavaSources(sources, tree);
            }
        }
        return tree;
    }
}
