package io.homeostat.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's PNG charts, drawn with JFreeChart: every chart has a title, labelled axes with
 * units, and a legend when it holds more than one series.
 */
final class ReportCharts {
    static {
        // PNGs are encoded through ImageIO, which by default buffers an OutputStream in a temp file and
        // registers a JVM shutdown hook to delete it. Registering a hook while the JVM is stopping throws
        // ("Shutdown in progress"), and the demo writes its report after Ctrl-C; an in-memory buffer needs no hook.
        ImageIO.setUseCache(false);
    }

    static final int WIDTH = 1000;
    static final int HEIGHT = 560;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private ReportCharts() {
    }

    /** Writes every chart into {@code dir}; returns file name → caption, in page order. */
    static Map<String, String> write(ReportData d, Path dir) throws IOException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        save(latencyCdf(d), dir, "latency_cdf.png", out, "End-to-end latency CDF, per tenant and overall (OK results)");
        save(entropyWindow(d), dir, "entropy_window.png", out, "Inter-arrival entropy H and the adaptive window w over time");
        save(batchSizes(d), dir, "batch_sizes.png", out, "Batch size histogram (requests per batch)");
        save(rhoBlocks(d), dir, "rho_free_blocks.png", out, "Utilisation rho and free KV blocks over time");
        save(waitVsBid(d), dir, "wait_vs_bid.png", out, "Queue wait vs priority bid, per tenant");
        return out;
    }

    private static void save(JFreeChart chart, Path dir, String name, Map<String, String> out, String caption) throws IOException {
        style(chart);
        ChartUtils.saveChartAsPNG(new File(dir.toFile(), name), chart, WIDTH, HEIGHT);
        out.put(name, caption);
    }

    static JFreeChart latencyCdf(ReportData d) {
        XYSeriesCollection ds = new XYSeriesCollection();
        double min = Double.MAX_VALUE;
        double max = 0;
        ds.addSeries(cdf("all tenants", d.latencies(null)));
        for (String t : d.tenants()) {
            ds.addSeries(cdf(t, d.latencies(t)));
        }
        for (double v : d.latencies(null)) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        JFreeChart c = ChartFactory.createXYLineChart("End-to-end latency CDF", "latency (ms)", "fraction of requests", ds,
            PlotOrientation.VERTICAL, true, false, false);
        XYPlot p = c.getXYPlot();
        if (max > 0 && min > 0 && max / min > 50) {
            LogAxis x = new LogAxis("latency (ms, log scale)");
            x.setSmallestValue(Math.max(0.01, min / 2));
            x.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.#"));
            p.setDomainAxis(x);
        }
        ((NumberAxis) p.getRangeAxis()).setRange(0, 1.02);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesStroke(0, new BasicStroke(3.5f));
        r.setSeriesPaint(0, Color.BLACK);
        for (int i = 1; i < ds.getSeriesCount(); i++) {
            r.setSeriesPaint(i, PALETTE[(i - 1) % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(1.8f));
        }
        p.setRenderer(r);
        return c;
    }

    private static XYSeries cdf(String name, double[] sorted) {
        XYSeries s = new XYSeries(name + " (n=" + sorted.length + ")", false, true);
        int step = Math.max(1, sorted.length / 1000);
        for (int i = 0; i < sorted.length; i += step) {
            s.add(Math.max(0.01, sorted[i]), (i + 1) / (double) sorted.length);
        }
        if (sorted.length > 0) {
            s.add(Math.max(0.01, sorted[sorted.length - 1]), 1.0);
        }
        return s;
    }

    static JFreeChart entropyWindow(ReportData d) {
        long t0 = d.originUs();
        Map<String, XYSeries> h = new TreeMap<>();
        Map<String, XYSeries> w = new TreeMap<>();
        boolean many = d.metrics.stream().map(ReportData.Metrics::pool).distinct().count() > 1;
        for (ReportData.Metrics m : d.metrics) {
            String suffix = many ? " [" + m.pool() + "]" : "";
            h.computeIfAbsent(m.pool(), k -> new XYSeries("H (bits)" + suffix)).add((m.timestampUs() - t0) / 1e6, m.entropyBits());
            w.computeIfAbsent(m.pool(), k -> new XYSeries("w (ms)" + suffix)).add((m.timestampUs() - t0) / 1e6, m.windowMs());
        }
        return dualAxis("Entropy H and adaptive window w over time", "time since start (s)", "entropy H (bits)", h.values(),
            "window w (ms)", w.values());
    }

    static JFreeChart rhoBlocks(ReportData d) {
        long t0 = d.originUs();
        Map<String, XYSeries> rho = new TreeMap<>();
        Map<String, XYSeries> free = new TreeMap<>();
        boolean many = d.metrics.stream().map(ReportData.Metrics::pool).distinct().count() > 1;
        for (ReportData.Metrics m : d.metrics) {
            String suffix = many ? " [" + m.pool() + "]" : "";
            rho.computeIfAbsent(m.pool(), k -> new XYSeries("rho = lambda / mu" + suffix)).add((m.timestampUs() - t0) / 1e6, m.rho());
            if (m.freeBlocks() >= 0) {
                free.computeIfAbsent(m.pool(), k -> new XYSeries("free KV blocks" + suffix)).add((m.timestampUs() - t0) / 1e6, m.freeBlocks());
            }
        }
        return dualAxis("Utilisation rho and free KV blocks over time", "time since start (s)", "utilisation rho", rho.values(),
            "free KV blocks", free.values());
    }

    private static JFreeChart dualAxis(String title, String x, String left, java.util.Collection<XYSeries> a, String right,
                                       java.util.Collection<XYSeries> b) {
        XYSeriesCollection da = new XYSeriesCollection();
        a.forEach(da::addSeries);
        JFreeChart c = ChartFactory.createXYLineChart(title, x, left, da, PlotOrientation.VERTICAL, true, false, false);
        XYPlot p = c.getXYPlot();
        XYLineAndShapeRenderer r0 = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < da.getSeriesCount(); i++) {
            r0.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r0.setSeriesStroke(i, new BasicStroke(2.2f));
            r0.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        p.setRenderer(0, r0);
        XYSeriesCollection db = new XYSeriesCollection();
        b.forEach(db::addSeries);
        NumberAxis axis2 = new NumberAxis(right);
        axis2.setAutoRangeIncludesZero(true);
        p.setRangeAxis(1, axis2);
        p.setDataset(1, db);
        p.mapDatasetToRangeAxis(1, 1);
        XYLineAndShapeRenderer r1 = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < db.getSeriesCount(); i++) {
            r1.setSeriesPaint(i, PALETTE[(i + 1) % PALETTE.length]);
            r1.setSeriesStroke(i, new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {7f, 4f}, 0f));
        }
        p.setRenderer(1, r1);
        ((NumberAxis) p.getRangeAxis(0)).setAutoRangeIncludesZero(true);
        return c;
    }

    static JFreeChart batchSizes(ReportData d) {
        HistogramDataset ds = new HistogramDataset();
        double[] sizes = d.batches.stream().mapToDouble(ReportData.BatchRow::size).toArray();
        int max = (int) java.util.Arrays.stream(sizes).max().orElse(1);
        if (sizes.length > 0) {
            // one bin per batch size: bin k covers [k - 0.5, k + 0.5)
            ds.addSeries("batches (n=" + sizes.length + ")", sizes, Math.max(1, max), 0.5, max + 0.5);
        }
        JFreeChart c = ChartFactory.createHistogram("Batch size histogram", "batch size (requests)", "batches", ds,
            PlotOrientation.VERTICAL, true, false, false);
        XYPlot p = c.getXYPlot();
        p.getRenderer().setSeriesPaint(0, PALETTE[0]);
        ((org.jfree.chart.renderer.xy.XYBarRenderer) p.getRenderer()).setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        ((org.jfree.chart.renderer.xy.XYBarRenderer) p.getRenderer()).setShadowVisible(false);
        p.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return c;
    }

    static JFreeChart waitVsBid(ReportData d) {
        Map<String, List<double[]>> byTenant = new TreeMap<>();
        // deterministic horizontal jitter so equal bids do not hide each other
        int k = 0;
        for (ReportData.Wait w : d.waits) {
            double jitter = ((k++ * 0.6180339887) % 1.0 - 0.5) * 0.3;
            byTenant.computeIfAbsent(w.tenant(), t -> new ArrayList<>()).add(new double[] {w.bid() + jitter, w.waitMs()});
        }
        XYSeriesCollection ds = new XYSeriesCollection();
        byTenant.forEach((tenant, points) -> {
            XYSeries s = new XYSeries(tenant + " (n=" + points.size() + ")", false, true);
            points.forEach(pt -> s.add(pt[0], pt[1]));
            ds.addSeries(s);
        });
        JFreeChart c = ChartFactory.createScatterPlot("Queue wait vs priority bid, per tenant",
            "priority bid (bigger wins; points jittered +-0.15)", "scheduler queue wait (ms)", ds, PlotOrientation.VERTICAL,
            true, false, false);
        XYPlot p = c.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        for (int i = 0; i < ds.getSeriesCount(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2, -2, 4, 4));
        }
        p.setRenderer(r);
        return c;
    }

    private static void style(JFreeChart c) {
        c.setBackgroundPaint(Color.WHITE);
        c.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        if (c.getLegend() != null) {
            c.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        }
        XYPlot p = c.getXYPlot();
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(new Color(0xdddddd));
        p.setRangeGridlinePaint(new Color(0xdddddd));
        Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
        Font tick = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        p.getDomainAxis().setLabelFont(label);
        p.getDomainAxis().setTickLabelFont(tick);
        for (int i = 0; i < p.getRangeAxisCount(); i++) {
            if (p.getRangeAxis(i) != null) {
                p.getRangeAxis(i).setLabelFont(label);
                p.getRangeAxis(i).setTickLabelFont(tick);
            }
        }
        if (p.getDataset() == null || p.getDataset().getSeriesCount() == 0) {
            p.setNoDataMessage("no data in this run");
            p.setNoDataMessageFont(label);
        }
    }
}
