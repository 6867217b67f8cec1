package io.github.threadlab.corpus;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/**
 * The work of one corpus run as a queue that several JVMs take from, each the next item nobody has taken when it is
 * free: the exercises (fetcher alone takes 71 s, several times the smallest: too different for a split made in
 * advance to end together; MEASURED.md), then the docs' pictures ({@link DocsTimelinesTest}). An item is taken by
 * creating {@code <output>/queue/<item>.taken}, which only one JVM can do; what it found is written to {@code
 * <item>.done} when the item is finished.
 *
 * <p>Guaranteed: every item is taken exactly once per run, in the order given (the largest first, so that the last
 * ones to start are short). Not guaranteed: which JVM takes which.
 */
final class CorpusQueue {

    /** Separates the problems of one variant, or of one exercise, in a {@code .done} file. */
    private static final String SEPARATOR = "\u001e";

    private final Path folder;
    private final List<String> items;

    private CorpusQueue(Path folder, List<String> items) {
        this.folder = folder;
        this.items = List.copyOf(items);
    }

    /** A new run's queue of {@code items} under {@code output}: whatever an earlier run left there is gone. */
    static CorpusQueue fresh(Path output, List<String> items) {
        Path folder = output.resolve("queue");
        try {
            VariantSources.deleteRecursively(folder);
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CorpusQueue(folder, items);
    }

    /** The queue that {@link #fresh} made, as another JVM sees it. */
    static CorpusQueue existing(Path output, List<String> items) {
        return new CorpusQueue(output.resolve("queue"), items);
    }

    List<String> items() {
        return items;
    }

    /** Takes the next item that no JVM has taken, for {@code jvm}; empty when every item is taken. */
    Optional<String> take(String jvm) {
        for (String item : items) {
            try {
                Files.writeString(folder.resolve(item + ".taken"), jvm, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                return Optional.of(item);
            } catch (FileAlreadyExistsException e) {
                // another JVM has it
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.empty();
    }

    /** The JVM that took {@code item}; empty if none has. */
    Optional<String> takenBy(String item) {
        try {
            Path taken = folder.resolve(item + ".taken");
            return Files.isRegularFile(taken) ? Optional.of(Files.readString(taken, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records what another JVM found for {@code exercise}: each variant's problems and its part of the summary. */
    void done(String exercise, List<CorpusTest.Verdict> verdicts, CorpusTest.Part part) {
        Properties out = new Properties();
        for (CorpusTest.Verdict verdict : verdicts) {
            out.setProperty("variant." + verdict.variant().displayName(), String.join(SEPARATOR, verdict.problems()));
        }
        out.setProperty("row", part.row());
        out.setProperty("details", part.details());
        out.setProperty("problems", String.join(SEPARATOR, part.problems()));
        write(exercise, out);
    }

    /** Records what drawing a group of the docs' pictures found wrong (empty: nothing). */
    void done(String item, List<String> problems) {
        Properties out = new Properties();
        out.setProperty("problems", String.join(SEPARATOR, problems));
        write(item, out);
    }

    private void write(String item, Properties out) {
        Path file = folder.resolve(item + ".done");
        Path partial = folder.resolve(item + ".partial");
        try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            out.store(writer, "what the corpus run found for " + item);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What was found for {@code item}, once it is done; empty if the JVM that took it ended first ({@code alive}
     * turned false) without finishing it.
     */
    Optional<Finished> awaitDone(String item, BooleanSupplier alive) {
        Path file = folder.resolve(item + ".done");
        await("what the corpus run found for " + item).forever().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100)).until(() -> Files.isRegularFile(file) || !alive.getAsBoolean());
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties read = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            read.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(new Finished(item, read));
    }

    /**
     * An item that is done: an exercise's variants' problems and its part of the summary, or what drawing a group of
     * pictures found.
     */
    record Finished(String item, Properties found) {

        /** The problems of {@code variant}, empty if none; null if the JVM gave it no verdict. */
        List<String> problemsOf(Variant variant) {
            String problems = found.getProperty("variant." + variant.displayName());
            return problems == null ? null : split(problems);
        }

        CorpusTest.Part part() {
            return new CorpusTest.Part(item, found.getProperty("row"), found.getProperty("details"), problems());
        }

        /** The exercise's problems beyond its variants', or the pictures'. */
        List<String> problems() {
            return split(found.getProperty("problems", ""));
        }

        private static List<String> split(String joined) {
            return joined.isEmpty() ? List.of() : new ArrayList<>(List.of(joined.split(SEPARATOR)));
        }
    }
}
