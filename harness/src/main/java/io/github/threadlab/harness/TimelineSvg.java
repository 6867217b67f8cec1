package io.github.threadlab.harness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Draws a {@link Timeline} as a self-contained SVG: one lane per thread (the caller's first, then platform threads,
 * then virtual threads, each in the order it started work), a bar per task, and below them each count over time
 * with the limit the test asserts drawn as a dashed line. A large run is summarised: its threads are grouped into
 * one lane per kind, shaded by how many of them were busy, and only the counts are plotted exactly.
 *
 * <p>The SVG carries what a check needs as data attributes: {@code data-mode} ("bars" or "summary"),
 * {@code data-lanes}, {@code data-bars} (bars drawn), {@code data-tasks} (tasks recorded); each lane is a
 * {@code g.lane} with {@code data-kind} (caller, platform or virtual), each task a {@code rect.bar}.
 */
final class TimelineSvg {

    static final int MAX_LANES_DRAWN = 40;
    static final int MAX_BARS_DRAWN = 600;
    private static final int WIDTH = 1000;
    private static final int X0 = 250;
    private static final int X1 = 980;
    private static final int LANE = 18;
    private static final int BAR = 12;
    private static final int CHART = 90;
    private static final int BUCKETS = 240;

    private static final String PLATFORM = "#4a78c2";
    private static final String VIRTUAL = "#2e9b5a";
    private static final String CALLER = "#d9892b";
    private static final String FAILED = "#d0312d";

    private final Timeline timeline;
    /** Where the picture starts: the test method's start (what the harness did before it is not shown). */
    private final long from;
    /** Where the picture ends, relative to {@link #from}. */
    private final long duration;
    private final List<Timeline.Bar> tasks = new ArrayList<>();
    private final List<Timeline.Bar> testBodies = new ArrayList<>();
    private final StringBuilder svg = new StringBuilder();
    private int y;

    private TimelineSvg(Timeline timeline) {
        this.timeline = timeline;
        long first = Long.MAX_VALUE;
        for (Timeline.Bar bar : timeline.bars()) {
            (Timeline.TEST_BODY.equals(bar.label()) ? testBodies : tasks).add(bar);
            first = Math.min(first, bar.start());
        }
        this.from = first == Long.MAX_VALUE ? 0 : first;
        this.duration = Math.max(1, end(timeline) - from);
        testBodies.replaceAll(bar -> bar.shifted(from));
        tasks.replaceAll(bar -> bar.shifted(from));
    }

    /**
     * Where the picture ends: when the last bar ended, a little after, so that the leak check's wait after the
     * test is not drawn; the test's end if a bar never ended.
     */
    private static long end(Timeline timeline) {
        long last = 0;
        long first = Long.MAX_VALUE;
        for (Timeline.Bar bar : timeline.bars()) {
            if (bar.end() < 0) {
                return timeline.durationNanos();
            }
            last = Math.max(last, bar.end());
            first = Math.min(first, bar.start());
        }
        if (first == Long.MAX_VALUE) {
            return timeline.durationNanos();
        }
        return Math.min(timeline.durationNanos(), last + Math.max(1, (last - first) / 50));
    }

    private List<Timeline.Sample> samples() {
        return timeline.samples().stream()
                .map(s -> new Timeline.Sample(s.series(), Math.max(0, s.at() - from), s.value())).toList();
    }

    private List<Timeline.Tick> ticks() {
        return timeline.ticks().stream().map(t -> new Timeline.Tick(t.series(), t.threadId(), t.threadName(),
                t.virtual(), Math.max(0, t.at() - from))).toList();
    }

    /** The picture, and one sentence that says what it shows. */
    record Drawing(String svg, String caption) {
    }

    static Drawing draw(Timeline timeline) {
        return new TimelineSvg(timeline).drawing();
    }

    private Drawing drawing() {
        Map<Long, Lane> lanes = lanes();
        boolean summary = lanes.size() > MAX_LANES_DRAWN || tasks.size() > MAX_BARS_DRAWN
                || timeline.barsDropped() > 0;
        y = 34;
        axis();
        int drawnLanes;
        int drawnBars;
        if (summary) {
            int[] counts = summaryLanes(lanes);
            drawnLanes = counts[0];
            drawnBars = counts[1];
        } else {
            drawnLanes = lanes.size();
            drawnBars = barLanes(lanes);
        }
        y += 10;
        charts();
        legend();
        String head = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"")
                .append(WIDTH)
                .append("\" height=\"").append(y + 6).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(y + 6).append("\" data-mode=\"").append(summary ? "summary" : "bars")
                .append("\" data-lanes=\"").append(drawnLanes).append("\" data-bars=\"").append(drawnBars)
                .append("\" data-tasks=\"").append(tasks.size() + timeline.barsDropped())
                .append("\" font-family=\"sans-serif\" font-size=\"11\">")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>").toString();
        return new Drawing(head + svg + "</svg>", caption(lanes));
    }

    // ----------------------------------------------------------------------------------------------- lanes

    /** A thread that ran work during the test. */
    private record Lane(long threadId, String name, String kind, long firstStart, List<Timeline.Bar> bars,
            List<Timeline.Tick> ticks) {
    }

    private Map<Long, Lane> lanes() {
        Map<Long, Lane> byThread = new LinkedHashMap<>();
        List<Timeline.Bar> all = new ArrayList<>(testBodies);
        all.addAll(tasks);
        for (Timeline.Bar bar : all) {
            byThread.computeIfAbsent(bar.threadId(), id -> newLane(id, bar.threadName(), bar.virtual(), bar.start()))
                    .bars().add(bar);
        }
        for (Timeline.Tick tick : ticks()) {
            byThread.computeIfAbsent(tick.threadId(), id -> newLane(id, tick.threadName(), tick.virtual(), tick.at()))
                    .ticks().add(tick);
        }
        List<Lane> sorted = new ArrayList<>(byThread.values());
        sorted.sort(Comparator.comparingInt((Lane lane) -> rank(lane.kind())).thenComparingLong(Lane::firstStart));
        Map<Long, Lane> ordered = new LinkedHashMap<>();
        sorted.forEach(lane -> ordered.put(lane.threadId(), lane));
        return ordered;
    }

    private Lane newLane(long id, String name, boolean virtual, long start) {
        String kind = id == timeline.callerThreadId() ? "caller" : virtual ? "virtual" : "platform";
        String label = id == timeline.callerThreadId() ? "the test's thread (caller)"
                : name.isEmpty() ? (virtual ? "virtual #" + id : "thread #" + id) : name;
        return new Lane(id, label, kind, start, new ArrayList<>(), new ArrayList<>());
    }

    private static int rank(String kind) {
        return switch (kind) {
            case "caller" -> 0;
            case "platform" -> 1;
            default -> 2;
        };
    }

    private int barLanes(Map<Long, Lane> lanes) {
        int bars = 0;
        for (Lane lane : lanes.values()) {
            laneStart(lane.kind(), lane.name(), laneTitle(lane));
            for (Timeline.Bar bar : lane.bars()) {
                if (Timeline.TEST_BODY.equals(bar.label())) {
                    testBody(bar);
                } else {
                    taskBar(bar, lane.kind());
                    bars++;
                }
            }
            for (Timeline.Tick tick : lane.ticks()) {
                svg.append("<line class=\"tick\" x1=\"").append(x(tick.at())).append("\" x2=\"").append(x(tick.at()))
                        .append("\" y1=\"").append(y + 1).append("\" y2=\"").append(y + LANE - 3)
                        .append("\" stroke=\"#555\"><title>").append(esc(tick.series())).append(" at ")
                        .append(ms(tick.at())).append("</title></line>");
            }
            svg.append("</g>");
            y += LANE;
        }
        return bars;
    }

    private void laneStart(String kind, String label, String title) {
        svg.append("<g class=\"lane\" data-kind=\"").append(kind).append("\">");
        svg.append("<rect x=\"").append(X0).append("\" y=\"").append(y).append("\" width=\"").append(X1 - X0)
                .append("\" height=\"").append(LANE - 2).append("\" fill=\"").append(kind.equals("caller")
                        ? "#fbf1e4" : "#f3f5f8").append("\"/>");
        svg.append("<text x=\"").append(X0 - 6).append("\" y=\"").append(y + 12)
                .append("\" text-anchor=\"end\" fill=\"").append(color(kind)).append("\"><title>").append(esc(title))
                .append("</title>").append(esc(shorten(label, 34))).append("</text>");
    }

    private String laneTitle(Lane lane) {
        long count = lane.bars().stream().filter(b -> !Timeline.TEST_BODY.equals(b.label())).count();
        return lane.name() + ": " + switch (lane.kind()) {
            case "caller" -> "the thread that called the code under test (the test's own thread)";
            case "virtual" -> "a virtual thread";
            default -> "a platform thread";
        } + ", " + count + (count == 1 ? " task" : " tasks");
    }

    private void testBody(Timeline.Bar bar) {
        long end = bar.end() < 0 ? duration : bar.end();
        svg.append("<rect class=\"call\" x=\"").append(x(bar.start())).append("\" y=\"").append(y + LANE / 2 - 3)
                .append("\" width=\"").append(width(bar.start(), end)).append("\" height=\"3\" fill=\"")
                .append(CALLER).append("\" opacity=\"0.5\"><title>the test method runs on this thread, ")
                .append(ms(bar.start())).append(" to ").append(ms(end)).append("</title></rect>");
    }

    private void taskBar(Timeline.Bar bar, String kind) {
        boolean unfinished = bar.end() < 0;
        long end = unfinished ? duration : bar.end();
        svg.append("<rect class=\"bar\" data-task=\"").append(esc(bar.label())).append("\" x=\"").append(x(bar.start()))
                .append("\" y=\"").append(y + 2).append("\" width=\"").append(width(bar.start(), end))
                .append("\" height=\"").append(BAR).append("\" rx=\"2\" fill=\"").append(color(kind)).append('"');
        if (bar.failed()) {
            svg.append(" stroke=\"").append(FAILED).append("\" stroke-width=\"2\"");
        } else if (unfinished) {
            svg.append(" fill-opacity=\"0.45\" stroke=\"#333\" stroke-dasharray=\"3 2\"");
        }
        svg.append("><title>").append(esc(bar.label())).append(", ").append(ms(bar.start())).append(" to ")
                .append(unfinished ? "the end of the test (still running)" : ms(end))
                .append(bar.failed() ? ", threw" : "").append("</title></rect>");
    }

    /** One lane per kind of thread, shaded by how many of its threads were busy; returns [lanes, bars]. */
    private int[] summaryLanes(Map<Long, Lane> lanes) {
        Map<String, List<Lane>> byKind = new TreeMap<>(Comparator.comparingInt(TimelineSvg::rank));
        for (Lane lane : lanes.values()) {
            byKind.computeIfAbsent(lane.kind(), k -> new ArrayList<>()).add(lane);
        }
        int bars = 0;
        for (Map.Entry<String, List<Lane>> group : byKind.entrySet()) {
            String kind = group.getKey();
            double[] busy = new double[BUCKETS];
            long taskCount = 0;
            for (Lane lane : group.getValue()) {
                for (Timeline.Bar bar : lane.bars()) {
                    if (!Timeline.TEST_BODY.equals(bar.label())) {
                        taskCount++;
                        spread(busy, bar.start(), bar.end() < 0 ? duration : bar.end());
                    }
                }
            }
            double most = 0;
            for (double b : busy) {
                most = Math.max(most, b);
            }
            int threads = group.getValue().size();
            String label = kind.equals("caller") ? "caller's thread" : String.format(Locale.ROOT, "%,d %s thread%s",
                    threads, kind, threads == 1 ? "" : "s");
            laneStart(kind, label, label + ": " + String.format(Locale.ROOT, "%,d", taskCount) + " tasks; shaded by "
                    + "how many were busy at once (most: " + Math.round(most) + ")");
            for (int i = 0; i < BUCKETS; i++) {
                if (busy[i] > 0) {
                    double left = X0 + (double) (X1 - X0) * i / BUCKETS;
                    svg.append("<rect class=\"busy\" x=\"").append(f(left)).append("\" y=\"").append(y + 2)
                            .append("\" width=\"").append(f((double) (X1 - X0) / BUCKETS + 0.3))
                            .append("\" height=\"").append(BAR).append("\" fill=\"").append(color(kind))
                            .append("\" fill-opacity=\"").append(f(0.15 + 0.85 * busy[i] / most)).append("\"/>");
                }
            }
            svg.append("</g>");
            y += LANE;
        }
        int dropped = timeline.barsDropped();
        svg.append("<text x=\"").append(X0).append("\" y=\"").append(y + 10).append("\" fill=\"#555\">")
                .append(String.format(Locale.ROOT, "%,d tasks on %,d threads: too many to draw one by one, so the "
                        + "threads are grouped by kind", tasks.size() + dropped,
                        lanes.values().stream().filter(l -> !l.kind().equals("caller")).count()))
                .append(dropped > 0 ? String.format(Locale.ROOT, " (%,d tasks beyond the first %,d not kept)", dropped,
                        Timeline.MAX_BARS) : "").append("</text>");
        y += 16;
        return new int[] {byKind.size(), bars};
    }

    /** Adds, to each bucket, the fraction of it that [start, end) covers. */
    private void spread(double[] busy, long start, long end) {
        double width = (double) duration / BUCKETS;
        int first = (int) Math.min(BUCKETS - 1, start / width);
        int last = (int) Math.min(BUCKETS - 1, Math.max(start, end - 1) / width);
        for (int i = first; i <= last; i++) {
            double from = Math.max(start, i * width);
            double to = Math.min(end, (i + 1) * width);
            busy[i] += Math.max(0, to - from) / width;
        }
    }

    // ---------------------------------------------------------------------------------------------- charts

    private void charts() {
        Map<String, List<Timeline.Sample>> series = new LinkedHashMap<>();
        for (Timeline.Sample sample : samples()) {
            series.computeIfAbsent(sample.series(), s -> new ArrayList<>()).add(sample);
        }
        Map<String, Timeline.Limit> limits = timeline.limits();
        Set<String> names = new LinkedHashSet<>(series.keySet());
        names.addAll(limits.keySet());
        for (String name : names) {
            chart(name, new ArrayList<>(series.getOrDefault(name, List.of())), limits.get(name));
        }
    }

    private void chart(String name, List<Timeline.Sample> samples, Timeline.Limit limit) {
        samples.sort(Comparator.comparingLong(Timeline.Sample::at));
        int peak = samples.stream().mapToInt(Timeline.Sample::value).max().orElse(0);
        int top = Math.max(1, Math.max(peak, limit == null ? 0 : limit.value()));
        int base = y + CHART;
        svg.append("<g class=\"count\" data-series=\"").append(esc(name)).append("\" data-peak=\"").append(peak)
                .append('"');
        if (limit != null) {
            svg.append(" data-limit=\"").append(limit.value()).append('"');
        }
        svg.append('>');
        svg.append("<rect x=\"").append(X0).append("\" y=\"").append(y).append("\" width=\"").append(X1 - X0)
                .append("\" height=\"").append(CHART).append("\" fill=\"#fafafa\" stroke=\"#ddd\"/>");
        svg.append("<text x=\"").append(X0 - 6).append("\" y=\"").append(y + 12).append("\" text-anchor=\"end\">")
                .append(esc(name)).append("</text>");
        svg.append("<text x=\"").append(X0 - 6).append("\" y=\"").append(y + 26)
                .append("\" text-anchor=\"end\" fill=\"#555\">peak ").append(peak).append("</text>");
        svg.append("<text x=\"").append(X0 + 3).append("\" y=\"").append(base - 3).append("\" fill=\"#888\">0</text>");
        svg.append("<text x=\"").append(X0 + 3).append("\" y=\"").append(y + 11).append("\" fill=\"#888\">")
                .append(top).append("</text>");
        if (!samples.isEmpty()) {
            svg.append("<path class=\"in-flight\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\" d=\"")
                    .append(stepPath(samples, top, base)).append("\"/>");
        }
        if (limit != null) {
            double ly = base - (double) CHART * limit.value() / top;
            svg.append("<line class=\"limit\" x1=\"").append(X0).append("\" x2=\"").append(X1).append("\" y1=\"")
                    .append(f(ly)).append("\" y2=\"").append(f(ly)).append("\" stroke=\"").append(FAILED)
                    .append("\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"/>");
            svg.append("<text x=\"").append(X1 - 4).append("\" y=\"").append(f(Math.max(y + 11, ly - 4)))
                    .append("\" text-anchor=\"end\" fill=\"").append(FAILED).append("\">limit ").append(limit.value())
                    .append(" (").append(esc(limit.name())).append(")").append(peak > limit.value()
                            ? ": exceeded, peak " + peak : "").append("</text>");
        }
        if (timeline.samplesDropped() > 0) {
            svg.append("<text x=\"").append(X0 + 4).append("\" y=\"").append(y + 12).append("\" fill=\"#555\">")
                    .append("(counts after the first ").append(Timeline.MAX_SAMPLES).append(" changes not kept)")
                    .append("</text>");
        }
        svg.append("</g>");
        y += CHART + 12;
    }

    /** The count as a step line; with more samples than pixels, each pixel column shows its highest value. */
    private String stepPath(List<Timeline.Sample> samples, int top, int base) {
        StringBuilder d = new StringBuilder();
        int columns = X1 - X0;
        if (samples.size() <= 2 * columns) {
            d.append('M').append(X0).append(',').append(base);
            for (Timeline.Sample s : samples) {
                String sx = x(s.at());
                d.append(" H").append(sx).append(" V").append(f(base - (double) CHART * s.value() / top));
            }
        } else {
            int[] most = new int[columns];
            int[] last = new int[columns];
            boolean[] seen = new boolean[columns];
            for (Timeline.Sample s : samples) {
                int c = (int) Math.min(columns - 1, (long) ((double) s.at() / duration * columns));
                most[c] = seen[c] ? Math.max(most[c], s.value()) : s.value();
                last[c] = s.value();
                seen[c] = true;
            }
            int carry = 0;
            d.append('M').append(X0).append(',').append(base);
            for (int c = 0; c < columns; c++) {
                int v = seen[c] ? most[c] : carry;
                d.append(" V").append(f(base - (double) CHART * v / top)).append(" H").append(X0 + c + 1);
                if (seen[c]) {
                    carry = last[c];
                }
            }
        }
        d.append(" H").append(X1);
        return d.toString();
    }

    // --------------------------------------------------------------------------------------- axis, legend

    private void axis() {
        double step = niceStep(duration / 8.0);
        svg.append("<g class=\"axis\">");
        for (double t = 0; t <= duration; t += step) {
            String tx = x((long) t);
            svg.append("<line x1=\"").append(tx).append("\" x2=\"").append(tx).append("\" y1=\"22\" y2=\"28\" ")
                    .append("stroke=\"#888\"/><text x=\"").append(tx).append("\" y=\"18\" text-anchor=\"middle\" ")
                    .append("fill=\"#555\">").append(ms((long) t)).append("</text>");
        }
        svg.append("<text x=\"").append(X0 - 24).append("\" y=\"18\" text-anchor=\"end\" fill=\"#555\">time since ")
                .append("the test method started</text></g>");
    }

    private void legend() {
        int lx = X0;
        String[][] keys = {{PLATFORM, "platform thread"}, {VIRTUAL, "virtual thread"}, {CALLER, "caller's thread"},
            {FAILED, "task threw / limit"}};
        for (String[] key : keys) {
            svg.append("<rect x=\"").append(lx).append("\" y=\"").append(y).append("\" width=\"10\" height=\"10\" ")
                    .append("fill=\"").append(key[0]).append("\"/><text x=\"").append(lx + 14).append("\" y=\"")
                    .append(y + 9).append("\" fill=\"#333\">").append(key[1]).append("</text>");
            lx += 150;
        }
        y += 14;
    }

    /** E.g. "12 tasks in 1.20 s on 12 platform threads; at most 12 tasks running at once (limit 3, exceeded)." */
    private String caption(Map<Long, Lane> lanes) {
        int taskCount = tasks.size() + timeline.barsDropped();
        long onCaller = tasks.stream().filter(b -> b.threadId() == timeline.callerThreadId()).count();
        long platform = lanes.values().stream().filter(l -> l.kind().equals("platform")).count();
        long virtual = lanes.values().stream().filter(l -> l.kind().equals("virtual")).count();
        List<String> where = new ArrayList<>();
        if (onCaller > 0) {
            where.add(onCaller == taskCount ? "all on the caller's thread" : onCaller + " on the caller's thread");
        }
        if (platform > 0) {
            where.add(String.format(Locale.ROOT, "%,d platform thread%s", platform, platform == 1 ? "" : "s"));
        }
        if (virtual > 0) {
            where.add(String.format(Locale.ROOT, "%,d virtual thread%s", virtual, virtual == 1 ? "" : "s"));
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%,d task%s in %s", taskCount,
                taskCount == 1 ? "" : "s", ms(duration)));
        if (!where.isEmpty()) {
            text.append(where.get(0).startsWith("all") ? ", " : " on ").append(String.join(", ", where));
        }
        Map<String, Integer> peaks = new LinkedHashMap<>();
        for (Timeline.Sample s : samples()) {
            peaks.merge(s.series(), s.value(), Math::max);
        }
        for (Map.Entry<String, Integer> peak : peaks.entrySet()) {
            text.append("; peak of ").append(peak.getKey()).append(": ").append(peak.getValue());
            Timeline.Limit limit = timeline.limits().get(peak.getKey());
            if (limit != null) {
                text.append(" (limit ").append(limit.value()).append(peak.getValue() > limit.value() ? ", exceeded)"
                        : ")");
            }
        }
        long unfinished = tasks.stream().filter(b -> b.end() < 0).count();
        if (unfinished > 0) {
            text.append("; ").append(unfinished).append(" still running when the test ended");
        }
        return text.append('.').toString();
    }

    // ------------------------------------------------------------------------------------------- helpers

    private String x(long nanos) {
        return f(X0 + (double) (X1 - X0) * Math.min(nanos, duration) / duration);
    }

    private String width(long start, long end) {
        return f(Math.max(1.5, (double) (X1 - X0) * (Math.min(end, duration) - start) / duration));
    }

    private static String color(String kind) {
        return switch (kind) {
            case "caller" -> CALLER;
            case "virtual" -> VIRTUAL;
            default -> PLATFORM;
        };
    }

    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    static String ms(long nanos) {
        double millis = nanos / 1e6;
        if (millis >= 1000) {
            return String.format(Locale.ROOT, "%.2f s", millis / 1000);
        }
        return millis >= 10 || millis == 0 ? String.format(Locale.ROOT, "%.0f ms", millis)
                : String.format(Locale.ROOT, "%.1f ms", millis);
    }

    /** {@code v} with one decimal; by hand, because String.format is slow enough to matter for 10,000 bars. */
    static String f(double v) {
        long tenths = Math.round(v * 10);
        if (tenths < 0) {
            return "-" + f(-v);
        }
        return (tenths / 10) + "." + (tenths % 10);
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
