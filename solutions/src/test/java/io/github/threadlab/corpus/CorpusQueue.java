package io.github.threadlab.corpus;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/**
 * The exercises of one corpus run as a queue that several JVMs take from, each the next exercise nobody has taken
 * when it is free: the exercises' times differ too much (one takes 70 s, another 13 s) for a split made in advance
 * to end together. An exercise is taken by creating {@code <output>/queue/<exercise>.taken}, which only one JVM can
 * do; a JVM that ran an exercise for another writes what it found to {@code <exercise>.done} when the exercise is
 * finished.
 *
 * <p>Guaranteed: every exercise is taken exactly once per run, in the order given (the largest first, so that the
 * last ones to start are short). Not guaranteed: which JVM takes which.
 */
final class CorpusQueue {

    /** Separates the problems of one variant, or of one exercise, in a {@code .done} file. */
    private static final String SEPARATOR = "\u001e";

    private final Path folder;
    private final List<String> exercises;

    private CorpusQueue(Path folder, List<String> exercises) {
        this.folder = folder;
        this.exercises = List.copyOf(exercises);
    }

    /** A new run's queue of {@code exercises} under {@code output}: whatever an earlier run left there is gone. */
    static CorpusQueue fresh(Path output, List<String> exercises) {
        Path folder = output.resolve("queue");
        try {
            VariantSources.deleteRecursively(folder);
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CorpusQueue(folder, exercises);
    }

    /** The queue that {@link #fresh} made, as another JVM sees it. */
    static CorpusQueue existing(Path output, List<String> exercises) {
        return new CorpusQueue(output.resolve("queue"), exercises);
    }

    List<String> exercises() {
        return exercises;
    }

    /** Takes the next exercise that no JVM has taken, for {@code jvm}; empty when every exercise is taken. */
    Optional<String> take(String jvm) {
        for (String exercise : exercises) {
            try {
                Files.writeString(folder.resolve(exercise + ".taken"), jvm, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                return Optional.of(exercise);
            } catch (FileAlreadyExistsException e) {
                // another JVM has it
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.empty();
    }

    /** The JVM that took {@code exercise}. */
    String takenBy(String exercise) {
        try {
            return Files.readString(folder.resolve(exercise + ".taken"), StandardCharsets.UTF_8);
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
        Path file = folder.resolve(exercise + ".done");
        Path partial = folder.resolve(exercise + ".partial");
        try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            out.store(writer, "the corpus of " + exercise);
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
     * What another JVM found for {@code exercise}, once it is done; empty if that JVM ended first ({@code alive}
     * turned false) without finishing it.
     */
    Optional<Finished> awaitDone(String exercise, BooleanSupplier alive) {
        Path file = folder.resolve(exercise + ".done");
        try {
            while (!Files.isRegularFile(file)) {
                if (!alive.getAsBoolean() && !Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                Thread.sleep(100);
            }
            Properties read = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                read.load(in);
            }
            return Optional.of(new Finished(exercise, read));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** An exercise that another JVM finished: its variants' problems and its part of the summary. */
    record Finished(String exercise, Properties found) {

        /** The problems of {@code variant}, empty if none; null if the JVM gave it no verdict. */
        List<String> problemsOf(Variant variant) {
            String problems = found.getProperty("variant." + variant.displayName());
            return problems == null ? null : split(problems);
        }

        CorpusTest.Part part() {
            return new CorpusTest.Part(exercise, found.getProperty("row"), found.getProperty("details"),
                    split(found.getProperty("problems", "")));
        }

        private static List<String> split(String joined) {
            return joined.isEmpty() ? List.of() : new ArrayList<>(List.of(joined.split(SEPARATOR)));
        }
    }
}
