package io.github.threadlab.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the test report: one self-contained HTML file (inline CSS, inline SVG, a few lines of inline script;
 * nothing fetched from a network) with the scoreboard at the top, then per exercise and per graded test its
 * status, its failure message and a picture of what its threads did (see {@link TimelineSvg}).
 *
 * <p>Each test has an anchor, {@link #anchor(GradedResult)}, which the console's scoreboard prints after a
 * failure, and which the failure's own message ends with ({@link FailureTimeline}). The page records script errors
 * in {@code body[data-script-errors]} and, once drawn, the number of timelines and bars the browser laid out in
 * {@code #render-check}, so that a headless browser can check it.
 */
final class HtmlReport {

    /** The system property naming the report file. */
    static final String REPORT_PROPERTY = "threadlab.report";
    /** Where the report goes by default, relative to the working directory. */
    static final String DEFAULT_REPORT = "target/threadlab/report.html";

    private HtmlReport() {
    }

    static Path file() {
        return Path.of(System.getProperty(REPORT_PROPERTY, DEFAULT_REPORT));
    }

    /** The id of a test's section in the report, e.g. {@code sleep-fixed-pool-never-runs-more-than...}. */
    static String anchor(GradedResult result) {
        return anchor(result.exercise(), result.name());
    }

    /** The id of the section of the test named {@code name} of {@code exercise} (see {@link TestNames}). */
    static String anchor(String exercise, String name) {
        return (exercise + "-" + name).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** Writes the report of {@code board}; {@code timelines} has the timeline of each test that recorded one. */
    static void write(Scoreboard board, Map<GradedResult, Timeline> timelines, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(board, timelines), StandardCharsets.UTF_8);
    }

    static String render(Scoreboard board, Map<GradedResult, Timeline> timelines) {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>threadlab report: ").append(board.score()).append(" / ").append(board.maxScore())
                .append("</title><script>").append(ERROR_RECORDER).append("</script><style>").append(CSS)
                .append("</style></head>\n<body data-script-errors=\"\">\n");
        html.append("<h1>threadlab test report</h1><p class=\"meta\">written ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))
                .append(". Each graded test shows what its threads did: one lane per thread, a bar per task, and ")
                .append("below them the tasks running at once, with the limit the test checks as a red dashed line. ")
                .append("A test that runs your code several times (once per mode, say) counts each run on a line ")
                .append("of its own: 'tasks running', then 'tasks running, run 2', and so on. ")
                .append("Hover over a bar for its task and times.</p>\n");
        scoreboard(html, board);
        html.append("<p><label><input type=\"checkbox\" id=\"only-failing\"> show only the tests that fail</label>")
                .append("</p>\n");
        for (Scoreboard.ExerciseScore exercise : board.exercises()) {
            html.append("<section class=\"exercise\"><h2>").append(exercise.number() == Integer.MAX_VALUE ? ""
                    : exercise.number() + " ").append(TimelineSvg.esc(exercise.name())).append(" <small>")
                    .append(exercise.points()).append(" / ").append(exercise.maxPoints()).append(" points</small></h2>\n");
            for (GradedResult result : board.results()) {
                if (result.exercise().equals(exercise.name())) {
                    test(html, result, timelines.get(result));
                }
            }
            html.append("</section>\n");
        }
        html.append("<div id=\"render-check\"></div><script>").append(RENDER_CHECK).append("</script>\n")
                .append("</body></html>\n");
        return html.toString();
    }

    private static void scoreboard(StringBuilder html, Scoreboard board) {
        html.append("<table class=\"scoreboard\"><tr><th>#</th><th>exercise</th><th>points</th><th>tests passed</th>")
                .append("</tr>");
        for (Scoreboard.ExerciseScore e : board.exercises()) {
            html.append("<tr><td>").append(e.number() == Integer.MAX_VALUE ? "" : e.number()).append("</td><td>")
                    .append(TimelineSvg.esc(e.name())).append("</td><td>").append(e.points()).append(" / ")
                    .append(e.maxPoints()).append("</td><td>").append(e.passed()).append(" / ").append(e.tests())
                    .append("</td></tr>");
        }
        long passed = board.results().stream().filter(GradedResult::passed).count();
        html.append("<tr class=\"total\"><td></td><td>total</td><td>").append(board.score()).append(" / ")
                .append(board.maxScore()).append("</td><td>").append(passed).append(" / ")
                .append(board.results().size()).append("</td></tr></table>\n");
        List<GradedResult> failed = board.results().stream().filter(r -> !r.passed()).toList();
        if (!failed.isEmpty()) {
            html.append("<details class=\"failing\"><summary>").append(failed.size())
                    .append(" not yet passing</summary><ul>");
            for (GradedResult r : failed) {
                html.append("<li><a href=\"#").append(anchor(r)).append("\">").append(TimelineSvg.esc(r.exercise()))
                        .append(" &gt; ").append(TimelineSvg.esc(r.name())).append("</a></li>");
            }
            html.append("</ul></details>\n");
        }
    }

    private static void test(StringBuilder html, GradedResult result, Timeline timeline) {
        html.append("<article class=\"test ").append(result.passed() ? "passed" : "failed").append("\" id=\"")
                .append(anchor(result)).append("\"><h3><span class=\"status\">")
                .append(result.passed() ? "passed" : "failed").append("</span> ")
                .append(TimelineSvg.esc(result.name())).append(" <small>").append(result.points()).append(" / ")
                .append(result.maxPoints()).append(result.maxPoints() == 1 ? " point" : " points")
                .append("</small></h3>\n");
        if (!result.passed()) {
            html.append("<pre class=\"message\">").append(TimelineSvg.esc(result.output())).append("</pre>\n");
        }
        if (timeline == null) {
            html.append("<p class=\"none\">no timeline: the test did not run, or recording was off</p>\n");
        } else {
            try {
                TimelineSvg.Drawing drawing = TimelineSvg.draw(timeline);
                html.append("<p class=\"caption\">").append(TimelineSvg.esc(drawing.caption())).append("</p>\n")
                        .append("<div class=\"picture\">").append(drawing.svg()).append("</div>\n");
            } catch (RuntimeException e) { // one picture that cannot be drawn must not cost the others
                html.append("<p class=\"none\">the timeline could not be drawn: ")
                        .append(TimelineSvg.esc(String.valueOf(e))).append("</p>\n");
            }
        }
        html.append("</article>\n");
    }

    private static final String CSS = """
            body { font-family: system-ui, sans-serif; margin: 24px auto; max-width: 1040px; color: #222; }
            h1 { margin-bottom: 4px; } .meta { color: #555; }
            table.scoreboard { border-collapse: collapse; margin: 12px 0; }
            table.scoreboard td, table.scoreboard th { padding: 3px 14px; border-bottom: 1px solid #ddd;
              text-align: left; }
            table.scoreboard tr.total td { font-weight: bold; border-top: 2px solid #888; }
            section.exercise { margin-top: 28px; } h2 small, h3 small { color: #777; font-weight: normal; }
            article.test { border-left: 4px solid #2e9b5a; padding: 2px 0 6px 12px; margin: 14px 0; }
            article.test.failed { border-left-color: #d0312d; }
            .status { font-size: 12px; padding: 1px 6px; border-radius: 3px; color: #fff; background: #2e9b5a; }
            .failed .status { background: #d0312d; }
            h3 { font-size: 15px; margin: 6px 0; }
            pre.message { white-space: pre-wrap; background: #fdf0ef; padding: 8px; font-size: 12px;
              max-height: 220px; overflow: auto; }
            .caption { color: #444; font-size: 13px; margin: 4px 0; } .none { color: #888; }
            .picture { overflow-x: auto; } body.only-failing article.passed { display: none; }
            """;

    /** Runs first: any script error of the page ends up in the DOM, where a headless check can read it. */
    private static final String ERROR_RECORDER = """
            window.addEventListener('error', function (e) {
              var b = document.body; if (!b) { return; }
              b.setAttribute('data-script-errors', (b.getAttribute('data-script-errors') + ' ' + e.message).trim());
            });
            """;

    /** Runs last: counts what the browser actually laid out, and wires the filter. */
    private static final String RENDER_CHECK = """
            (function () {
              var pictures = document.querySelectorAll('svg.timeline');
              var drawn = 0, lanes = 0;
              document.querySelectorAll('svg.timeline rect.bar').forEach(function (bar) {
                if (bar.getBBox().width > 0) { drawn++; }
              });
              pictures.forEach(function (svg) { lanes += svg.querySelectorAll('g.lane').length; });
              var check = document.getElementById('render-check');
              check.setAttribute('data-timelines', pictures.length);
              check.setAttribute('data-lanes', lanes);
              check.setAttribute('data-bars-drawn', drawn);
              document.getElementById('only-failing').addEventListener('change', function (e) {
                document.body.classList.toggle('only-failing', e.target.checked);
              });
            })();
            """;
}
