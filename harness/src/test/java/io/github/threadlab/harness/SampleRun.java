package io.github.threadlab.harness;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs sample test classes through a real JUnit launcher with a scoreboard listener, as Surefire would; the
 * report goes next to the results file, as {@code report.html}.
 */
record SampleRun(String console, TestExecutionSummary summary, Path resultsFile) {

    /** GitHub Classroom's results of one exercise, next to the results file. */
    Path classroomFile(String exercise) {
        return resultsFile.resolveSibling("classroom").resolve(exercise + ".json");
    }

    Path reportFile() {
        return resultsFile.resolveSibling("report.html");
    }

    static SampleRun of(Path resultsFile, Class<?>... classes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(out, true, StandardCharsets.UTF_8);
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(new ScoreboardListener(console), summary)
                .build());
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (Class<?> c : classes) {
            request.selectors(selectClass(c));
        }
        LauncherDiscoveryRequest built = request.build();
        String previousResults = System.setProperty(ScoreboardListener.RESULTS_PROPERTY, resultsFile.toString());
        String previousReport = System.setProperty(HtmlReport.REPORT_PROPERTY,
                resultsFile.resolveSibling("report.html").toString());
        String previousClassroom = System.setProperty(ScoreboardListener.CLASSROOM_PROPERTY,
                resultsFile.resolveSibling("classroom").toString());
        try {
            launcher.execute(built);
        } finally {
            restore(ScoreboardListener.CLASSROOM_PROPERTY, previousClassroom);
            restore(ScoreboardListener.RESULTS_PROPERTY, previousResults);
            restore(HtmlReport.REPORT_PROPERTY, previousReport);
        }
        return new SampleRun(out.toString(StandardCharsets.UTF_8), summary.getSummary(), resultsFile);
    }

    private static void restore(String property, String previous) {
        if (previous == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, previous);
        }
    }
}
