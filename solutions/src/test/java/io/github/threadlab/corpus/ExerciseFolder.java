package io.github.threadlab.corpus;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One exercise's folder, {@code exercises/<name>/}, as its manifest {@code exercise.properties} describes it:
 * the folders that hold an {@code exercise.properties} are the course's exercises, and nothing else lists them.
 *
 * @param folder   {@code exercises/<name>}
 * @param number   its place in the course, 1 first
 * @param name     its name, which is also its package's last part and its solutions folder's name
 * @param title    what its docs' first line says after "Exercise N: `name`, "
 * @param teaches  what the course README's table of exercises says it teaches
 * @param student  the classes the student writes, fully qualified (the stubs, in {@code src/main/java})
 * @param provided the classes the course provides, fully qualified (in {@code src/provided/java})
 */
record ExerciseFolder(Path folder, int number, String name, String title, String teaches, List<String> student,
        List<String> provided) {

    static final String MANIFEST = "exercise.properties";

    /** The exercises under {@code exercises}, in course order. */
    static List<ExerciseFolder> all(Path exercises) {
        try (Stream<Path> children = Files.list(exercises)) {
            return children.filter(f -> Files.isRegularFile(f.resolve(MANIFEST))).map(ExerciseFolder::read)
                    .sorted(Comparator.comparingInt(ExerciseFolder::number)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExerciseFolder read(Path folder) {
        Properties manifest = new Properties();
        try (Reader in = Files.newBufferedReader(folder.resolve(MANIFEST), StandardCharsets.UTF_8)) {
            manifest.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ExerciseFolder(folder, Integer.parseInt(required(manifest, folder, "number")),
                required(manifest, folder, "name"), required(manifest, folder, "title"),
                required(manifest, folder, "teaches"),
                classes(manifest.getProperty("student", "")), classes(manifest.getProperty("provided", "")));
    }

    /** {@code src/main/java}: the stubs. */
    Path stubsFolder() {
        return folder.resolve("src/main/java");
    }

    /** {@code src/provided/java}: what the course provides. */
    Path providedFolder() {
        return folder.resolve("src/provided/java");
    }

    /** {@code src/test/java}: the graded tests. */
    Path testsFolder() {
        return folder.resolve("src/test/java");
    }

    /** {@code docs/<name>.md}, the student's page; its pictures are in {@code docs/<name>/}. */
    Path docs() {
        return folder.resolve("docs").resolve(name + ".md");
    }

    private static String required(Properties manifest, Path folder, String key) {
        String value = manifest.getProperty(key, "").strip();
        if (value.isEmpty()) {
            throw new IllegalStateException(folder.resolve(MANIFEST) + " has no " + key);
        }
        return value;
    }

    private static List<String> classes(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).sorted().toList();
    }
}
