package io.github.threadlab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Opens the report of a known run in headless Chromium and checks what the browser laid out: every timeline,
 * lane and bar is there and no script failed. Keeps the page's DOM and a screenshot in
 * {@code target/threadlab-browser/} as build artifacts.
 *
 * <p>Runs when a Chromium is found ({@code -Dthreadlab.chromium=/path}, or {@code chromium} / {@code
 * chromium-browser} / {@code google-chrome} on the PATH); otherwise it is skipped, unless {@code
 * -Dthreadlab.browser.required=true} (as in CI) makes a missing browser a failure.
 */
class ReportInBrowserTest {

    private static final Path ARTIFACTS = Path.of("target", "threadlab-browser");
    private static final long BROWSER_PATIENCE_SECONDS = 180;

    @Test
    void the_report_renders_every_timeline_in_a_real_browser() throws Exception {
        Path chromium = chromium();
        SampleRun run = SampleRun.of(ARTIFACTS.resolve("results.json").toAbsolutePath(), TimelineCases.Demo.class);
        Path report = run.reportFile();

        String dom = browse(chromium, report, "--dump-dom");
        Files.writeString(ARTIFACTS.resolve("report.dom.html"), dom, StandardCharsets.UTF_8);
        assertEquals("", TimelineReportTest.attribute(dom, "body", "data-script-errors"), "script errors in the page");
        String check = dom.substring(dom.indexOf("<div id=\"render-check\""));
        assertEquals(String.valueOf(TimelineCases.TIMELINES), TimelineReportTest.attribute(check, "div",
                "data-timelines"));
        assertEquals(String.valueOf(TimelineCases.LANES), TimelineReportTest.attribute(check, "div", "data-lanes"));
        assertEquals(String.valueOf(TimelineCases.BARS_DRAWN), TimelineReportTest.attribute(check, "div",
                "data-bars-drawn"), "bars the browser laid out with a width");

        Path screenshot = ARTIFACTS.resolve("report.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        browse(chromium, report, "--screenshot=" + screenshot, "--window-size=1100,2600");
        assertTrue(Files.size(screenshot) > 20_000, "a screenshot with something on it: " + Files.size(screenshot)
                + " bytes");
    }

    /** Runs headless Chromium on {@code page} with a fresh profile and no network of its own; returns stdout. */
    private static String browse(Path chromium, Path page, String... action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("threadlab-chromium");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--user-data-dir=" + profile));
        command.addAll(List.of(action));
        command.add(page.toUri().toString());
        Path out = Files.createTempFile("threadlab-chromium", ".out");
        Process browser = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ARTIFACTS.resolve("chromium.log").toFile()).start();
        try {
            assertTrue(browser.waitFor(BROWSER_PATIENCE_SECONDS, TimeUnit.SECONDS),
                    "chromium did not finish within " + BROWSER_PATIENCE_SECONDS + " s: " + command);
            assertEquals(0, browser.exitValue(), "chromium failed, see " + ARTIFACTS.resolve("chromium.log"));
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            browser.destroyForcibly();
            Files.deleteIfExists(out);
            deleteRecursively(profile);
        }
    }

    private static Path chromium() throws IOException {
        Files.createDirectories(ARTIFACTS);
        Optional<Path> found = Optional.ofNullable(System.getProperty("threadlab.chromium")).map(Path::of)
                .or(() -> Stream.of("chromium", "chromium-browser", "google-chrome").map(ReportInBrowserTest::onPath)
                        .flatMap(Optional::stream).findFirst());
        if (found.isEmpty() && Boolean.getBoolean("threadlab.browser.required")) {
            throw new AssertionError("no Chromium found, and -Dthreadlab.browser.required=true: install it "
                    + "(Debian: apt-get install chromium) or name it with -Dthreadlab.chromium=/path");
        }
        Assumptions.assumeTrue(found.isPresent(), "no Chromium on this machine: the report is not checked in a "
                + "browser");
        return found.get();
    }

    private static Optional<Path> onPath(String name) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(folder, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
