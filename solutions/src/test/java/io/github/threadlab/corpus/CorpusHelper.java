package io.github.threadlab.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A second JVM that runs the corpus of some exercises while {@link CorpusTest} runs the others: a wrong variant spends
 * most of its time waiting out a test's patience, not computing, so two JVMs on 2 cores take about half the time of
 * one (275 s against 147 s in a fresh clone's install: MEASURED.md). (Surefire's own {@code forkCount=2} cannot do it here: it lists the test classes in Maven's JVM, which may be
 * Java 17 and cannot load classes built for 21.) The tests hold beside another test JVM and a CPU hog: see the
 * references' and correct variants' runs under load, and the race variants' rejection rates, in MEASURED.md.
 *
 * <p>The helper is this JVM again: the same {@code java} (or {@code -Dthreadlab.corpus.java}), options (the Mockito agent, the time factor, the virtual
 * threads' parallelism on JDK 21) and class path, and the {@code threadlab.*} system properties that surefire set,
 * which are not on the command line. It writes each variant's problems and each exercise's part of the summary to
 * {@code <corpus output>/helper-verdicts.properties} when done, and its output to {@code helper.log} beside it. It
 * ends when the JVM that started it does (its standard input closes), so a stopped build leaves no helper behind.
 *
 * <p>{@code -Dthreadlab.corpus.helper=false} runs the whole corpus in one JVM.
 */
final class CorpusHelper {

    /** Whether the corpus runs in two JVMs. */
    static final boolean WANTED = !"false".equals(System.getProperty("threadlab.corpus.helper"));
    /** Separates the problems of one variant in the verdicts file. */
    private static final String SEPARATOR = "\u001e";

    private final List<String> exercises;
    private final Process process;
    private final Path verdicts;
    private final Path log;
    private Properties read;

    private CorpusHelper(List<String> exercises, Process process, Path verdicts, Path log) {
        this.exercises = List.copyOf(exercises);
        this.process = process;
        this.verdicts = verdicts;
        this.log = log;
    }

    /** Starts a helper JVM that runs the corpus of {@code exercises}, writing under {@code output}. */
    static CorpusHelper start(List<String> exercises, Path output) {
        try {
            Files.createDirectories(output);
            Path verdicts = output.resolve("helper-verdicts.properties");
            Path log = output.resolve("helper.log");
            Files.deleteIfExists(verdicts);
            List<String> command = new ArrayList<>();
            // The java that surefire started this JVM with, when it is not java.home's own (a wrapper script).
            command.add(System.getProperty("threadlab.corpus.java",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            // A debugger's agent would try to listen on the port this JVM already has.
            ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> !a.startsWith("-agentlib:jdwp") && !a.startsWith("-Xrunjdwp")).forEach(command::add);
            for (Map.Entry<Object, Object> p : System.getProperties().entrySet()) {
                if (p.getKey().toString().startsWith("threadlab.")) {
                    command.add("-D" + p.getKey() + "=" + p.getValue());
                }
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), CorpusHelper.class.getName(),
                    verdicts.toString()));
            command.addAll(exercises);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new CorpusHelper(exercises, process, verdicts, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The exercises whose corpus the helper runs. */
    List<String> exercises() {
        return exercises;
    }

    /** What was wrong with {@code variant}'s grade in the helper (empty: nothing); waits for the helper to finish. */
    List<String> problemsOf(Variant variant) {
        String problems = verdicts().getProperty("variant." + variant.displayName());
        if (problems == null) {
            return List.of(variant.shortName() + ": the helper JVM gave no verdict" + logTail());
        }
        return problems.isEmpty() ? List.of() : List.of(problems.split(SEPARATOR));
    }

    /** The helper's exercises' parts of the summary; waits for the helper to finish. */
    List<CorpusTest.Part> parts() {
        Properties all = verdicts();
        List<CorpusTest.Part> parts = new ArrayList<>();
        for (String key : all.stringPropertyNames()) {
            if (key.startsWith("row.")) {
                String exercise = key.substring("row.".length());
                String problems = all.getProperty("problems." + exercise, "");
                parts.add(new CorpusTest.Part(exercise, all.getProperty(key), all.getProperty("details." + exercise),
                        problems.isEmpty() ? List.of() : List.of(problems.split(SEPARATOR))));
            }
        }
        return parts;
    }

    private synchronized Properties verdicts() {
        if (read == null) {
            read = new Properties();
            try {
                int status = process.waitFor();
                if (status == 0 && Files.isRegularFile(verdicts)) {
                    try (Reader in = Files.newBufferedReader(verdicts, StandardCharsets.UTF_8)) {
                        read.load(in);
                    }
                } else {
                    System.err.println("CorpusTest: the helper JVM ended with status " + status + logTail());
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return read;
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "; the end of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30),
                    lines.size()));
        } catch (IOException e) {
            return " (" + log + " unreadable: " + e + ")";
        }
    }

    /** The helper's side: {@code <verdicts file> <exercise>...}. */
    public static void main(String[] args) throws IOException {
        endWhenTheStarterEnds();
        Path file = Path.of(args[0]);
        List<String> exercises = List.of(args).subList(1, args.length);
        Corpus corpus = Corpus.fromSystemProperties();
        GradedSuite suite = corpus.suite();
        List<CorpusTest.Verdict> verdicts = new ArrayList<>();
        Properties out = new Properties();
        for (String exercise : exercises) {
            for (Variant variant : corpus.variants(exercise)) {
                CorpusTest.Verdict verdict = CorpusTest.check(suite, variant);
                verdicts.add(verdict);
                out.setProperty("variant." + variant.displayName(), String.join(SEPARATOR, verdict.problems()));
                System.out.println(variant.displayName() + (verdict.problems().isEmpty() ? ": as promised"
                        : ": " + String.join("\n", verdict.problems())));
            }
        }
        for (String exercise : exercises) {
            CorpusTest.Part part = CorpusTest.part(exercise, verdicts);
            out.setProperty("row." + exercise, part.row());
            out.setProperty("details." + exercise, part.details());
            out.setProperty("problems." + exercise, String.join(SEPARATOR, part.problems()));
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            out.store(writer, "verdicts of the corpus of " + exercises);
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.flush();
        System.exit(0); // a variant may have left a non-daemon thread behind
    }

    /** Halts this JVM once its standard input closes: the JVM that started it has ended, or was stopped. */
    private static void endWhenTheStarterEnds() {
        Thread watch = new Thread(() -> {
            InputStream in = System.in;
            try {
                while (in.read() != -1) {
                    // nothing is sent; the stream only ends
                }
            } catch (IOException e) {
                // closed as well
            }
            Runtime.getRuntime().halt(3);
        }, "corpus-helper-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
