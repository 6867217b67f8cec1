package io.github.threadlab.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Hidden tests are instructor-only graded tests kept outside the course (they ship neither in the archetype nor to
 * students) and added at grading. They must be marked as such: every graded test of a hidden-test class declares a
 * visibility other than visible ({@code @Graded(visibility = HIDDEN)} or {@code AFTER_DUE_DATE} or
 * {@code AFTER_PUBLISHED}), so that Gradescope does not show what they check before the instructor means it to.
 */
final class HiddenTests {

    private HiddenTests() {
    }

    static void checkMarked(Course course, CourseTests tests) {
        if (course.hiddenTests().isEmpty()) {
            return;
        }
        Path root = course.hiddenTests().get();
        List<String> classes;
        try (Stream<Path> files = Files.walk(root)) {
            classes = files.filter(p -> p.toString().endsWith(".java"))
                    .map(p -> root.relativize(p).toString().replace('/', '.').replace('\\', '.').replaceFirst("\\.java$", ""))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<GradedTest> unmarked = tests.all().stream().filter(t -> classes.contains(t.className()))
                .filter(GradedTest::visible).toList();
        if (!unmarked.isEmpty()) {
            throw new IllegalArgumentException("hidden tests must not be visible, but these are: " + unmarked.stream()
                    .map(GradedTest::key).toList() + " (give them @Graded(visibility = Visibility.HIDDEN))");
        }
    }
}
