package io.github.threadlab.grader;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bundle}: writes a Gradescope autograder zip. */
@Command(name = "bundle", mixinStandardHelpOptions = true, description = "Writes a Gradescope autograder zip.")
final class BundleCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return 1;
    }
}
