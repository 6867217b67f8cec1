package io.github.threadlab.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Another JVM that runs the corpus of some exercises while {@link CorpusTest} runs others: a wrong variant spends most
 * of its time waiting out a test's patience, not computing, so several JVMs on 2 cores share the cores that one
 * leaves idle (MEASURED.md has the corpus's times with one to five JVMs). (Surefire's own
 * {@code forkCount} cannot do it here: it lists the test classes in Maven's JVM, which may be Java 17 and cannot load
 * classes built for 21.) The tests hold beside other test JVMs and a CPU hog: see the references' and correct
 * variants' runs under load, and the race variants' rejection rates, in MEASURED.md.
 *
 * <p>A helper is this JVM again: the same {@code java} (or {@code -Dthreadlab.corpus.java}), options (the Mockito
 * agent, the time factor, the virtual threads' parallelism on JDK 21) and class path, and the {@code threadlab.*}
 * system properties that surefire set, which are not on the command line. Helper {@code n} takes exercises and the
 * docs' pictures from the run's {@link CorpusQueue} until none is left, records what it found for each there, and
 * writes its output to {@code <corpus output>/helper-<n>.log}. It ends when the JVM that started it does (its
 * standard input closes), so a stopped build leaves no helper behind.
 *
 * <p>{@code -Dthreadlab.corpus.jvms=N} sets how many JVMs run the corpus in all, this one included ({@value
 * #DEFAULT_JVMS} by default); {@code 1} runs the whole corpus in one JVM.
 */
final class CorpusHelper {

    /** How many JVMs run the corpus unless {@code threadlab.corpus.jvms} says otherwise. */
    static final int DEFAULT_JVMS = 4;
    /** How many JVMs run the corpus, the one running {@link CorpusTest} included. */
    static final int JVMS = Math.max(1, Integer.getInteger("threadlab.corpus.jvms", DEFAULT_JVMS));

    private final String name;
    private final Process process;
    private final Path log;

    private CorpusHelper(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts helper {@code n}, a JVM that takes exercises from {@code queue} (made by {@link CorpusQueue#fresh}
     * under {@code output}) until none is left.
     */
    static CorpusHelper start(int n, CorpusQueue queue, Path output) {
        try {
            Path log = output.resolve("helper-" + n + ".log");
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
            String name = "helper-" + n;
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), CorpusHelper.class.getName(),
                    output.toString(), name));
            command.addAll(queue.items());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new CorpusHelper(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The name the helper takes exercises under ({@link CorpusQueue#takenBy}). */
    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines the helper printed, to show why it gave no verdict. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "; the end of " + log + " (exit status " + (process.isAlive() ? "none yet" : process.exitValue())
                    + "):\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return " (" + log + " unreadable: " + e + ")";
        }
    }

    /** The helper's side: {@code <corpus output> <its name> <item>...}, the items in the queue's order. */
    public static void main(String[] args) {
        endWhenTheStarterEnds();
        Path output = Path.of(args[0]);
        String name = args[1];
        CorpusQueue queue = CorpusQueue.existing(output, List.of(args).subList(2, args.length));
        Corpus corpus = Corpus.fromSystemProperties();
        GradedSuite suite = corpus.suite();
        for (Optional<String> next = queue.take(name); next.isPresent(); next = queue.take(name)) {
            String exercise = next.get();
            if (DocsTimelinesTest.isItem(exercise)) {
                queue.done(exercise, DocsTimelinesTest.problemsOf(exercise));
                System.out.println(exercise + ": drawn");
                continue;
            }
            List<CorpusTest.Verdict> verdicts = new ArrayList<>();
            for (Variant variant : corpus.variants(exercise)) {
                CorpusTest.Verdict verdict = CorpusTest.check(suite, variant);
                verdicts.add(verdict);
                System.out.println(variant.displayName() + (verdict.problems().isEmpty() ? ": as promised"
                        : ": " + String.join("\n", verdict.problems())));
            }
            queue.done(exercise, verdicts, CorpusTest.part(exercise, verdicts));
        }
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
