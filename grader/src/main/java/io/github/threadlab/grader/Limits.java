package io.github.threadlab.grader;

import java.time.Duration;

/**
 * The bounds every submission's build runs under.
 *
 * @param wallClock  the whole build, compilation included; the grader kills the process tree after it
 * @param heap       the test JVM's (and the build's) maximum heap, as -Xmx takes it ("512m")
 * @param timeFactor the harness's time factor: scales every graded test's own time limit
 */
public record Limits(Duration wallClock, String heap, double timeFactor) {

    /**
     * Surefire stops the test JVM a little before the grader would kill the whole build, so that the reports of
     * the test classes that did finish are still written.
     */
    Duration testPhase() {
        Duration margin = Duration.ofSeconds(Math.min(25, wallClock.toSeconds() / 3));
        return wallClock.minus(margin);
    }
}
