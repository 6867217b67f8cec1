package io.github.threadlab.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The pristine course: a project generated from the archetype (all exercises or a selection), plus optional
 * hidden tests from an instructor's folder. Every file of a graded workspace comes from here except the student's
 * exercise sources: tests, harness, pom, Maven Wrapper, resources and course-provided classes.
 *
 * <p>Exercises are found, not listed: every package under {@code src/test/java/io/github/threadlab} but the
 * harness is one (the same rule as the archetype's exercise selection).
 */
public final class Course {

    static final String BASE_PACKAGE_PATH = "io/github/threadlab";
    private static final Pattern STUB = Pattern.compile("throw\\s+new\\s+UnsupportedOperationException\\s*\\(");

    private final Path root;
    private final Optional<Path> hiddenTests;

    public Course(Path root, Optional<Path> hiddenTests) {
        this.root = root.toAbsolutePath().normalize();
        this.hiddenTests = hiddenTests.map(p -> p.toAbsolutePath().normalize());
        if (!Files.isRegularFile(this.root.resolve("pom.xml")) || !Files.isRegularFile(this.root.resolve("mvnw"))
                || !Files.isDirectory(testPackages())) {
            throw new IllegalArgumentException(this.root + " is not a threadlab course (a project generated from the "
                    + "archetype, with pom.xml, mvnw and src/test/java/" + BASE_PACKAGE_PATH + ")");
        }
        this.hiddenTests.ifPresent(h -> {
            if (!Files.isDirectory(h)) {
                throw new IllegalArgumentException("no hidden-test folder at " + h);
            }
        });
    }

    public Path root() {
        return root;
    }

    /** The instructor's hidden tests, a src/test/java-like tree, if any. */
    public Optional<Path> hiddenTests() {
        return hiddenTests;
    }

    /** The exercises the course has, in name order. */
    public List<String> exercises() {
        try (Stream<Path> dirs = Files.list(testPackages())) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals("harness")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path testPackages() {
        return root.resolve("src/test/java").resolve(BASE_PACKAGE_PATH);
    }

    /**
     * Writes a workspace to {@code workspace}: the course without its build output, only the graded exercises'
     * tests, the hidden tests, and the student's sources for the graded exercises in place of the stubs.
     *
     * @param studentMainJava the submission's {@code src/main/java}, or empty to build the course as it is
     * @return the student files that went in, relative to src/main/java
     */
    List<Path> assemble(Path workspace, List<String> graded, Optional<Path> studentMainJava) throws IOException {
        Files.createDirectories(workspace);
        try (Stream<Path> top = Files.list(root)) {
            for (Path entry : top.toList()) {
                String name = entry.getFileName().toString();
                if (!name.equals("target") && !name.equals("build.log")) {
                    FileTrees.copy(entry, workspace.resolve(name));
                }
            }
        }
        // Hidden tests first, so that an exercise left out of grading loses its hidden tests too.
        if (hiddenTests.isPresent()) {
            FileTrees.copyJavaSources(hiddenTests.get(), workspace.resolve("src/test/java"));
        }
        for (String exercise : exercises()) {
            if (!graded.contains(exercise)) {
                FileTrees.delete(workspace.resolve("src/test/java").resolve(BASE_PACKAGE_PATH).resolve(exercise));
            }
        }
        List<Path> taken = new ArrayList<>();
        if (studentMainJava.isPresent()) {
            Path mainJava = workspace.resolve("src/main/java");
            for (String exercise : graded) {
                Path from = studentMainJava.get().resolve(BASE_PACKAGE_PATH).resolve(exercise);
                if (!Files.isDirectory(from)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(from)) {
                    for (Path source : files.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)
                            && !Files.isSymbolicLink(p)).toList()) {
                        Path relative = studentMainJava.get().relativize(source);
                        Path target = mainJava.resolve(relative.toString());
                        if (Files.exists(target) && !isStub(target)) {
                            continue; // course-provided (e.g. EventLoop): always the course's own
                        }
                        Files.createDirectories(target.getParent());
                        Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        taken.add(relative);
                    }
                }
            }
        }
        return taken;
    }

    /**
     * A stub is a course file the student writes: it throws UnsupportedOperationException. Any other course file
     * in src/main/java is course-provided, and a submission's copy of it is ignored.
     */
    static boolean isStub(Path courseFile) throws IOException {
        return STUB.matcher(Files.readString(courseFile)).find();
    }
}
