package io.github.threadlab.corpus;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.github.threadlab.harness.Graded;
import io.github.threadlab.harness.Timeline;
import io.github.threadlab.harness.TimelineArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Compiles a variant against the reference's classes and runs an exercise's graded tests against it, in this
 * JVM, with the JUnit Platform launcher.
 *
 * <p>The tests run in a {@link ChildFirstClassLoader} over [the variant's classes, the test classes, the
 * reference's classes], so they link against the variant. The launcher registers no listener of its own
 * (no scoreboard, which would overwrite the reference's results file), only the one that collects the outcomes.
 */
final class GradedSuite {

    private final Path classes;
    private final Path testClasses;
    private final Path output;
    private final JavaCompiler compiler;

    GradedSuite(Path classes, Path testClasses, Path output) {
        this.classes = classes;
        this.testClasses = testClasses;
        this.output = output;
        this.compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler in this JVM (" + System.getProperty("java.home")
                    + "): the corpus runner needs a JDK, not a JRE");
        }
    }

    /** How one graded test went. */
    enum Status { PASSED, FAILED, NOT_RUN }

    record Outcome(String test, Status status, String message) {
        boolean passed() {
            return status == Status.PASSED;
        }
    }

    /**
     * The outcome of every graded test of the exercise, by name, and how long the run took.
     *
     * @param compileErrors the compiler's complaints; when not empty, nothing ran
     * @param timelines     each graded test's timeline, by name, when the run was recorded (see {@link
     *                      io.github.threadlab.harness.TimelineArchive}); empty otherwise
     */
    record Result(Map<String, Outcome> outcomes, Duration took, String compileErrors, Map<String, Timeline> timelines) {

        Result(Map<String, Outcome> outcomes, Duration took, String compileErrors) {
            this(outcomes, took, compileErrors, Map.of());
        }

        List<String> rejectedBy() {
            return outcomes.values().stream().filter(o -> o.status() == Status.FAILED).map(Outcome::test).toList();
        }

        List<Outcome> notPassed() {
            return outcomes.values().stream().filter(o -> !o.passed()).toList();
        }

        long passedCount() {
            return outcomes.values().stream().filter(Outcome::passed).count();
        }
    }

    /**
     * Compiles the variant into {@code target/corpus/<exercise>/<kind>/<variant>/} and runs the graded tests named
     * {@code tests} (all of them when empty).
     */
    Result compileAndRun(Variant variant, List<String> tests) {
        Path compiled = compiledFolder(variant);
        String errors = compile(variant.javaFiles(), compiled);
        if (!errors.isEmpty()) {
            return new Result(Map.of(), Duration.ZERO, errors);
        }
        return run(variant, compiled, tests);
    }

    /** Compiles the variant as {@link #compileAndRun} does; the compiler's complaints, or empty. */
    String compile(Variant variant) {
        return compile(variant.javaFiles(), compiledFolder(variant));
    }

    /**
     * Runs only the graded tests named {@code tests} (all of them when empty) against the variant compiled by
     * {@link #compile(Variant)}, in a class loader of its own, so each run loads the variant afresh.
     */
    Result runCompiled(Variant variant, List<String> tests) {
        return run(variant, compiledFolder(variant), tests);
    }

    /** Runs every graded test of {@code exercise} against the reference alone, in a class loader of its own. */
    Result runReference(String exercise) {
        Variant reference = new Variant(exercise, Variant.Kind.CORRECT, "reference", classes, Variant.Header.NONE);
        return run(reference, output.resolve(exercise).resolve("no-variant"), List.of());
    }

    private Path compiledFolder(Variant variant) {
        Path compiled = output.resolve(variant.exercise()).resolve(variant.kind().folder);
        return variant.kind() == Variant.Kind.STUBS ? compiled : compiled.resolve(variant.name());
    }

    /** The names of the graded test classes of {@code exercise}: {@code io.github.threadlab.<exercise>.*Test}. */
    List<String> testClassNames(String exercise) {
        Path folder = testClasses.resolve(Path.of("io", "github", "threadlab", exercise));
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith("Test.class") && !f.contains("$"))
                    .map(f -> "io.github.threadlab." + exercise + "." + f.substring(0, f.length() - ".class".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String compile(List<Path> sources, Path into) {
        if (sources.isEmpty()) {
            return "no .java files";
        }
        try {
            deleteRecursively(into);
            Files.createDirectories(into);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", into.toString(), "-classpath", classes.toString(),
                    "--release", "21", "-encoding", "UTF-8", "-proc:none", "-implicit:none", "-nowarn");
            boolean compiled = compiler.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            if (compiled) {
                return "";
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> (d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
                        + d.getMessage(Locale.ROOT))
                .collect(Collectors.joining("\n"));
    }

    private Result run(Variant variant, Path compiled, List<String> onlyTests) {
        ChildFirstClassLoader loader = new ChildFirstClassLoader("corpus " + variant.displayName(),
                new URL[] {url(compiled), url(testClasses), url(classes)}, GradedSuite.class.getClassLoader());
        List<Class<?>> testClassList = new ArrayList<>();
        List<DiscoverySelector> selectors = new ArrayList<>();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (String name : testClassNames(variant.exercise())) {
            Class<?> testClass;
            try {
                testClass = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("cannot load " + name + " for " + variant.displayName(), e);
            }
            testClassList.add(testClass);
            for (String test : gradedTests(testClass)) {
                if (onlyTests.isEmpty() || onlyTests.contains(test)) {
                    outcomes.put(test, new Outcome(test, Status.NOT_RUN, "did not run"));
                }
            }
            if (onlyTests.isEmpty()) {
                selectors.add(selectClass(testClass));
            } else {
                gradedMethods(testClass).stream().filter(m -> onlyTests.contains(m.getName()))
                        .forEach(m -> selectors.add(selectMethod(m.getDeclaringClass(), m)));
            }
        }
        if (testClassList.isEmpty() || selectors.isEmpty()) {
            return new Result(Map.of(), Duration.ZERO, "");
        }

        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .build());
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .build();
        Collector collector = new Collector(outcomes);

        Thread me = Thread.currentThread();
        ClassLoader previous = me.getContextClassLoader();
        me.setContextClassLoader(loader);
        long start = System.nanoTime();
        try {
            launcher.execute(request, collector);
        } finally {
            me.setContextClassLoader(previous);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        collector.explainNotRun();
        return new Result(outcomes, took, "", collector.timelines);
    }

    /** The names of the {@link Graded} methods of a test class and of its nested classes, sorted. */
    static List<String> gradedTests(Class<?> testClass) {
        List<String> names = new ArrayList<>(gradedMethods(testClass).stream().map(Method::getName).toList());
        names.sort(null);
        return names;
    }

    private static List<Method> gradedMethods(Class<?> testClass) {
        List<Method> methods = new ArrayList<>();
        for (Method method : testClass.getDeclaredMethods()) {
            if (method.isAnnotationPresent(Graded.class)) {
                methods.add(method);
            }
        }
        for (Class<?> nested : testClass.getDeclaredClasses()) {
            methods.addAll(gradedMethods(nested));
        }
        return methods;
    }

    private static URL url(Path folder) {
        try {
            return folder.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(folder.toString(), e);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** Collects the outcome of each graded test, by method name. */
    private static final class Collector implements TestExecutionListener {
        private final Map<String, Outcome> outcomes;
        private final List<String> containerFailures = new ArrayList<>();
        private final Map<String, Timeline> timelines = new LinkedHashMap<>();

        Collector(Map<String, Outcome> outcomes) {
            this.outcomes = outcomes;
        }

        @Override
        public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
            String test = methodName(id);
            boolean passed = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
            String message = result.getThrowable().map(Collector::firstLine).orElse(result.getStatus().toString());
            if (test != null && outcomes.containsKey(test)) {
                outcomes.put(test, new Outcome(test, passed ? Status.PASSED : Status.FAILED, passed ? "" : message));
                TimelineArchive.take(id.getUniqueId()).ifPresent(timeline -> timelines.put(test, timeline));
            } else if (id.isContainer() && !passed) {
                containerFailures.add(id.getDisplayName() + ": " + message);
            }
        }

        @Override
        public synchronized void executionSkipped(TestIdentifier id, String reason) {
            String test = methodName(id);
            if (test != null && outcomes.containsKey(test)) {
                outcomes.put(test, new Outcome(test, Status.NOT_RUN, "skipped: " + reason));
            }
        }

        synchronized void explainNotRun() {
            if (containerFailures.isEmpty()) {
                return;
            }
            outcomes.replaceAll((test, outcome) -> outcome.status() == Status.NOT_RUN
                    ? new Outcome(test, Status.NOT_RUN, outcome.message() + " (" + containerFailures + ")")
                    : outcome);
        }

        private static String methodName(TestIdentifier id) {
            return id.isTest() && id.getSource().orElse(null) instanceof MethodSource source
                    ? source.getMethodName() : null;
        }

        private static String firstLine(Throwable t) {
            String text = t instanceof AssertionFailedError || t instanceof AssertionError
                    ? String.valueOf(t.getMessage()) : t.getClass().getName() + ": " + t.getMessage();
            return text.lines().findFirst().orElse("");
        }
    }
}
