package io.github.threadlab.grader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bundle}: writes a Gradescope autograder zip: setup.sh (installs a JDK 21+, warms the Maven repository by
 * building the course once), run_autograder (grades /autograder/submission with this grader, writes
 * /autograder/results/results.json), the pristine course, the hidden tests and the grader itself.
 */
@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = "Writes a Gradescope autograder zip (setup.sh, run_autograder, the pristine course, the grader).")
final class BundleCommand implements Callable<Integer> {

    @Option(names = "--course", required = true, paramLabel = "DIR",
            description = "the pristine course: a project generated from the archetype")
    Path course;

    @Option(names = "--hidden-tests", paramLabel = "DIR", description = "instructor-only graded tests to include")
    Path hiddenTests;

    @Option(names = "--out", paramLabel = "ZIP", defaultValue = "autograder.zip", description = "(${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--exercises", split = ",", paramLabel = "NAME", description = "the exercises to grade (default: all)")
    List<String> exercises;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "wall-clock limit per submission (${DEFAULT-VALUE}); keep it at least twice what the "
                    + "reference takes on the machine you choose (scripts/gradescope-check.sh measures that for "
                    + "Gradescope's default machine, 0.5 CPU and 768 MB, or another size)")
    int timeoutSeconds;

    @Option(names = "--time-factor", paramLabel = "X", defaultValue = "2",
            description = "the harness's time factor (${DEFAULT-VALUE}): how much longer than on a developer's "
                    + "2-core machine the graded tests' upper time bounds are; 2 for half a CPU (the default "
                    + "machine), 1 from 2 CPUs up. It never makes a wrong solution pass: the tests count and gate, "
                    + "time only bounds how long they wait")
    double timeFactor;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "512m",
            description = "the heap of each JVM of a submission's build (${DEFAULT-VALUE}); on the default 768 MB "
                    + "machine the whole of run_autograder peaked at 565 MB with 512m (scripts/gradescope-check.sh): "
                    + "raise it only on a machine with more memory")
    String memory;

    @Override
    public Integer call() throws IOException {
        Course pristine = new Course(course, Optional.ofNullable(hiddenTests));
        List<String> options = new ArrayList<>(List.of("--timeout", String.valueOf(timeoutSeconds), "--time-factor",
                String.valueOf(timeFactor), "--memory", memory));
        if (exercises != null) {
            options.addAll(List.of("--exercises", String.join(",", exercises)));
        }
        Path zipFile = out.toAbsolutePath();
        Files.createDirectories(zipFile.getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(zipFile))) {
            script(zip, "setup.sh");
            script(zip, "run_autograder");
            addTree(zip, pristine.root(), "course/", p -> !p.startsWith(pristine.root().resolve("target"))
                    && !p.getFileName().toString().equals("build.log"));
            if (pristine.hiddenTests().isPresent()) {
                addTree(zip, pristine.hiddenTests().get(), "hidden-tests/", p -> true);
            }
            addGrader(zip);
            text(zip, "grader/options", String.join(" ", options) + "\n", false);
        }
        System.out.println("wrote " + zipFile + ": upload it as the Gradescope autograder (Ubuntu base image)");
        return 0;
    }

    private static void script(ZipOutputStream zip, String name) throws IOException {
        try (InputStream in = BundleCommand.class.getResourceAsStream("gradescope/" + name)) {
            text(zip, name, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), true);
        }
    }

    private static void text(ZipOutputStream zip, String name, String content, boolean executable) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        zip.putNextEntry(entry);
        zip.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** A class from each of the grader's jars: the grader itself and its runtime dependencies. */
    private static final List<Class<?>> GRADER_JARS = List.of(GraderCommand.class, picocli.CommandLine.class,
            de.thetaphi.forbiddenapis.Checker.class, com.fasterxml.jackson.databind.ObjectMapper.class,
            com.fasterxml.jackson.core.JsonFactory.class, com.fasterxml.jackson.annotation.JsonProperty.class,
            org.objectweb.asm.ClassReader.class);

    /** The grader's jars into grader/lib (its classes folder becomes a jar when it runs from one). */
    private static void addGrader(ZipOutputStream zip) throws IOException {
        java.util.Set<String> added = new java.util.HashSet<>();
        for (Class<?> anchor : GRADER_JARS) {
            Path path;
            try {
                path = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (java.net.URISyntaxException e) {
                throw new IOException(e);
            }
            String name = Files.isDirectory(path) ? "threadlab-grader.jar" : path.getFileName().toString();
            if (!added.add(name)) {
                continue;
            }
            zip.putNextEntry(new ZipEntry("grader/lib/" + name));
            if (Files.isDirectory(path)) {
                jarOf(path, zip);
            } else {
                Files.copy(path, zip);
            }
            zip.closeEntry();
        }
    }

    private static void jarOf(Path classes, OutputStream into) throws IOException {
        ZipOutputStream jar = new ZipOutputStream(into);
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new ZipEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, jar);
                jar.closeEntry();
            }
        }
        jar.finish();
    }

    private static void addTree(ZipOutputStream zip, Path root, String prefix, java.util.function.Predicate<Path> keep)
            throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).filter(keep).sorted().toList()) {
                ZipEntry entry = new ZipEntry(prefix + root.relativize(f).toString().replace('\\', '/'));
                zip.putNextEntry(entry);
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
    }
}
