package io.github.threadlab.harness;

import org.opentest4j.AssertionFailedError;

/**
 * Ends a graded test's failure message with the place to see what its threads did, its section of the test
 * report:
 *
 * <pre>
 * the peak of calls running at once was 8, the limit is 3: a bridge of maxThreads 3 runs at most 3 calls ...
 * timeline: target/threadlab/report.html#bridge-never-more-than-max-threads-calls-run-at-once
 * </pre>
 *
 * <p>The report is written when the run ends, after the test; its path and the test's anchor are known before,
 * from the test's exercise and name ({@link TestNames}, {@link HtmlReport#anchor(String, String)}), so the link is
 * decided while the test fails. Only a test that recorded a timeline gets a link (one runs while a scoreboard
 * listener writes the report, unless {@code -Dthreadlab.timeline=false}).
 *
 * <p>Only failures get the line: an {@link AssertionError} is copied with the longer message, keeping its cause,
 * its stack trace, its suppressed exceptions and, for an {@link AssertionFailedError}, its expected and actual
 * values (which IDEs show as a diff). Any other exception, thrown by the code under test, passes unchanged: its
 * class is part of what it says.
 *
 * <p>The scoreboard listener takes the line off again ({@link #withoutLink(String)}) for the results file, whose
 * reader (Gradescope) cannot open the student's files, and for the report, which shows the timeline itself.
 */
final class FailureTimeline {

    /** How the line with the link starts. */
    static final String PREFIX = "timeline: ";

    private FailureTimeline() {
    }

    /** Where the report will show the timeline of the test {@code name} of {@code exercise}. */
    static String link(String exercise, String name) {
        return HtmlReport.file() + "#" + HtmlReport.anchor(exercise, name);
    }

    /** {@code message}, then a line with the link. */
    static String withLink(String message, String link) {
        return (message == null || message.isEmpty() ? "" : message + "\n") + PREFIX + link;
    }

    /**
     * {@code thrown} with its message ending in a line with {@code link}, if it is an {@link AssertionError};
     * otherwise {@code thrown} itself.
     */
    static Throwable withLink(Throwable thrown, String link) {
        if (!(thrown instanceof AssertionError failure)) {
            return thrown;
        }
        String message = withLink(failure.getMessage(), link);
        AssertionError copy;
        if (failure instanceof AssertionFailedError afe && afe.isExpectedDefined() && afe.isActualDefined()) {
            // The wrappers themselves, so that values that cannot be serialized keep their text.
            copy = new AssertionFailedError(message, afe.getExpected(), afe.getActual(), afe.getCause());
        } else if (failure instanceof AssertionFailedError) {
            copy = new AssertionFailedError(message, failure.getCause());
        } else {
            copy = new AssertionError(message, failure.getCause());
        }
        copy.setStackTrace(failure.getStackTrace());
        for (Throwable suppressed : failure.getSuppressed()) {
            copy.addSuppressed(suppressed);
        }
        return copy;
    }

    /** {@code message} without the line {@link #withLink(String, String)} added, if it ends with one. */
    static String withoutLink(String message) {
        if (message == null) {
            return null;
        }
        int line = message.lastIndexOf('\n') + 1;
        if (!message.startsWith(PREFIX, line)) {
            return message;
        }
        return line == 0 ? "" : message.substring(0, line - 1);
    }
}
