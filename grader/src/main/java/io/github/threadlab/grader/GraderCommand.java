package io.github.threadlab.grader;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The grader's command line: {@code grade} a folder of submissions, compare them ({@code similarity}), or write a Gradescope {@code bundle}. */
@Command(name = "threadlab-grader", mixinStandardHelpOptions = true, version = "threadlab grader 0.1",
        subcommands = {GradeCommand.class, BundleCommand.class, SimilarityCommand.class},
        description = "Grades threadlab submissions against the pristine course.")
public final class GraderCommand {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        return new CommandLine(new GraderCommand()).execute(args);
    }
}
