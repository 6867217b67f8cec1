package io.github.threadlab.startup;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import java.util.function.Function;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Course-provided: draws the lab's table as the article's graph, the overhead of a round against the number of
 * threads, one line for platform threads and one for virtual threads, both axes logarithmic (each grid line is ten
 * times the one below), with JFreeChart.
 */
final class StartupChart {

    /** A logarithmic axis cannot show 0: overheads below this are drawn at it (the subtitle says so). */
    private static final double FLOOR_SECONDS = 0.001;
    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;

    private StartupChart() {
    }

    /** Draws {@code rows} into a PNG file at {@code png}; {@code setting} describes the JVM that measured them. */
    static void write(List<StartupLab.Row> rows, String setting, Path png) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("platform threads", rows, StartupLab.Row::platform));
        data.addSeries(series("virtual threads", rows, StartupLab.Row::virtual));
        JFreeChart chart = ChartFactory.createXYLineChart("Start-up overhead of N threads, each sleeping "
                        + StartupLab.SLEEPS + " x " + StartupLab.SLEEP.toMillis() + " ms",
                "units (threads started at once)", "overhead above the task's own 1 s (seconds)", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.addSubtitle(new TextTitle(setting + "; overheads under 1 ms are drawn at 1 ms"));
        chart.setBackgroundPaint(Color.WHITE);

        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainAxis(logAxis("units (threads started at once), log scale", new DecimalFormat("#,##0")));
        plot.setRangeAxis(logAxis("overhead above the task's own 1 s (seconds), log scale",
                new DecimalFormat("0.###")));

        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
        lines.setSeriesPaint(0, new Color(0xC0392B));
        lines.setSeriesPaint(1, new Color(0x2471A3));
        lines.setSeriesStroke(0, new BasicStroke(2f));
        lines.setSeriesStroke(1, new BasicStroke(2f));
        plot.setRenderer(lines);

        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    private static XYSeries series(String name, List<StartupLab.Row> rows,
            Function<StartupLab.Row, StartupLab.Cell> cell) {
        XYSeries series = new XYSeries(name);
        for (StartupLab.Row row : rows) {
            StartupLab.Cell measured = cell.apply(row);
            if (measured.measured()) {
                series.add(row.units(), Math.max(FLOOR_SECONDS, measured.overhead().toNanos() / 1e9));
            }
        }
        return series;
    }

    private static LogAxis logAxis(String label, DecimalFormat format) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
        axis.setNumberFormatOverride(format);
        axis.setSmallestValue(FLOOR_SECONDS);
        return axis;
    }
}
