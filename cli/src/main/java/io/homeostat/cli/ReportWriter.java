package io.homeostat.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's report: {@code index.html} (summary tables, then the PNG charts of {@link ReportCharts})
 * and {@code summary.md} (the same tables in Markdown). {@link #summaryText} is the table the
 * demo prints.
 */
final class ReportWriter {
    private ReportWriter() {
    }

    /** Overall figures, label → value, in print order. */
    static Map<String, String> overall(ReportData d, Map<String, String> header) {
        Map<String, String> m = new LinkedHashMap<>();
        if (header != null) {
            m.putAll(header);
        }
        m.put("results", String.format(Locale.ROOT, "%,d", d.resultCount()));
        m.put("by status", d.statusCounts().toString());
        double[] lat = d.latencies(null);
        m.put("end-to-end p50 / p95 / p99 / max (ms)", String.format(Locale.ROOT, "%s / %s / %s / %s",
            ms(ReportData.quantile(lat, .5)), ms(ReportData.quantile(lat, .95)), ms(ReportData.quantile(lat, .99)),
            ms(ReportData.quantile(lat, 1))));
        double[] queued = d.results.stream().filter(r -> r.status().equals("OK")).mapToDouble(ReportData.Result::queuedMs).sorted().toArray();
        m.put("scheduler queue wait p50 / p99 (ms)", ms(ReportData.quantile(queued, .5)) + " / " + ms(ReportData.quantile(queued, .99)));
        double[] service = d.results.stream().filter(r -> r.status().equals("OK")).mapToDouble(ReportData.Result::serviceMs).sorted().toArray();
        m.put("batch service time p50 / p99 (ms)", ms(ReportData.quantile(service, .5)) + " / " + ms(ReportData.quantile(service, .99)));
        double[] sizes = d.batches.stream().mapToDouble(ReportData.BatchRow::size).toArray();
        m.put("batches / mean batch size", String.format(Locale.ROOT, "%,d / %.2f", sizes.length, ReportData.mean(sizes)));
        m.put("mean H (bits) / mean w (ms) / mean rho", String.format(Locale.ROOT, "%.2f / %.1f / %.2f",
            ReportData.mean(d.metrics.stream().mapToDouble(ReportData.Metrics::entropyBits).toArray()),
            ReportData.mean(d.metrics.stream().mapToDouble(ReportData.Metrics::windowMs).toArray()),
            ReportData.mean(d.metrics.stream().mapToDouble(ReportData.Metrics::rho).toArray())));
        long first = d.results.stream().mapToLong(ReportData.Result::clientUs).min().orElse(0);
        long last = d.results.stream().mapToLong(r -> r.clientUs() + Math.round(r.endToEndMs() * 1000)).max().orElse(0);
        if (last > first) {
            m.put("throughput (results/s, first request to last result)",
                String.format(Locale.ROOT, "%.1f", d.resultCount() / ((last - first) / 1e6)));
        }
        d.results.stream().filter(r -> !r.executor().isEmpty()).findFirst()
            .ifPresent(r -> m.put("executor", r.executor() + " on " + r.device()));
        d.batches.stream().findFirst().ifPresent(b -> m.put("policy", b.policy()));
        return m;
    }

    /** Per tenant: requests, p50, p99, max queue wait, bid. */
    static List<String[]> perTenant(ReportData d) {
        List<String[]> rows = new ArrayList<>();
        for (String t : d.tenants()) {
            double[] lat = d.latencies(t);
            double[] waits = d.waits.stream().filter(w -> w.tenant().equals(t)).mapToDouble(ReportData.Wait::waitMs).sorted().toArray();
            double bid = ReportData.mean(d.waits.stream().filter(w -> w.tenant().equals(t)).mapToDouble(ReportData.Wait::bid).toArray());
            long n = d.results.stream().filter(r -> r.tenant().equals(t)).count();
            rows.add(new String[] {t, Long.toString(n), Double.isNaN(bid) ? "-" : String.format(Locale.ROOT, "%.2f", bid),
                ms(ReportData.quantile(lat, .5)), ms(ReportData.quantile(lat, .99)), ms(ReportData.quantile(waits, .99)),
                ms(ReportData.quantile(waits, 1))});
        }
        return rows;
    }

    static final String[] TENANT_HEADER = {"tenant", "results", "mean bid", "p50 ms", "p99 ms", "p99 wait ms", "max wait ms"};

    /** Plain-text summary for the terminal. */
    static String summaryText(ReportData d, Map<String, String> header) {
        StringBuilder sb = new StringBuilder();
        Map<String, String> o = overall(d, header);
        int w = o.keySet().stream().mapToInt(String::length).max().orElse(10);
        for (Map.Entry<String, String> e : o.entrySet()) {
            sb.append(String.format(Locale.ROOT, "  %-" + w + "s  %s%n", e.getKey(), e.getValue()));
        }
        sb.append(String.format(Locale.ROOT, "  %-10s %8s %9s %9s %9s %12s %12s%n", (Object[]) TENANT_HEADER));
        for (String[] r : perTenant(d)) {
            sb.append(String.format(Locale.ROOT, "  %-10s %8s %9s %9s %9s %12s %12s%n", (Object[]) r));
        }
        return sb.toString();
    }

    /** Writes the charts, index.html and summary.md into {@code dir}; returns index.html. */
    static Path write(ReportData d, Path dir, String title, Map<String, String> header) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> charts = ReportCharts.write(d, dir);
        Map<String, String> o = overall(d, header);
        List<String[]> tenants = perTenant(d);

        StringBuilder md = new StringBuilder("# " + title + "\n\n| figure | value |\n|---|---|\n");
        o.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n"));
        md.append("\n| ").append(String.join(" | ", TENANT_HEADER)).append(" |\n|");
        md.append("---|".repeat(TENANT_HEADER.length)).append('\n');
        for (String[] r : tenants) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        md.append('\n');
        charts.forEach((file, caption) -> md.append("![").append(caption).append("](").append(file).append(")\n\n"));
        Files.writeString(dir.resolve("summary.md"), md.toString(), StandardCharsets.UTF_8);

        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
            .append("</title>\n<style>body{font-family:sans-serif;max-width:1060px;margin:2em auto;color:#222}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:left}"
                + "th{background:#f3f3f3}figure{margin:2em 0}img{max-width:100%;border:1px solid #eee}</style></head><body>\n");
        html.append("<h1>").append(esc(title)).append("</h1>\n<table>\n");
        o.forEach((k, v) -> html.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n"));
        html.append("</table>\n<h2>Per tenant</h2>\n<table><tr>");
        for (String h : TENANT_HEADER) {
            html.append("<th>").append(esc(h)).append("</th>");
        }
        html.append("</tr>\n");
        for (String[] r : tenants) {
            html.append("<tr>");
            for (String c : r) {
                html.append("<td>").append(esc(c)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n<h2>Charts</h2>\n");
        charts.forEach((file, caption) -> html.append("<figure><img src=\"").append(file).append("\" alt=\"").append(esc(caption))
            .append("\"><figcaption>").append(esc(caption)).append("</figcaption></figure>\n"));
        html.append("<p>Markdown version: <a href=\"summary.md\">summary.md</a>.</p>\n</body></html>\n");
        Path index = dir.resolve("index.html");
        Files.writeString(index, html.toString(), StandardCharsets.UTF_8);
        return index;
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "-" : v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
