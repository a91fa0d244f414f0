package io.sparkdrift.report;

import static io.sparkdrift.report.Html.esc;
import static io.sparkdrift.report.Html.num;
import static io.sparkdrift.report.Html.pct;

import io.sparkdrift.compare.FeatureResult;
import io.sparkdrift.compare.Metric;
import io.sparkdrift.run.RunSummary;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Renders report.html: one self-contained page (inline CSS, inline SVG, one inline script) that makes
 * no network request at all — its Content-Security-Policy forbids any, and only the page's own
 * script (by nonce) may run, so nothing injected through data could execute even if it got past the
 * escaping. Every string from data or configuration is escaped.
 *
 * <p>Layout: header (run, inputs, verdict, thresholds), a sortable and filterable feature table of
 * every feature, then a section per feature with its plots, the bins that moved most, and its
 * numbers — for at most {@value #MAX_SECTIONS} features, so that a table of thousands of columns
 * still gives a page a browser opens (a numeric section is about 38 KB): every drifted and every
 * failed feature first, then the rest worst first. The page says how many it left out and where.
 */
public final class HtmlReport {
    static final Metric[] TABLE_METRICS = {Metric.WASSERSTEIN_NORMED, Metric.JS_DISTANCE, Metric.PSI, Metric.KS_STATISTIC,
        Metric.CHI2_PVALUE, Metric.NULL_RATE_DELTA, Metric.OUT_OF_RANGE_SHARE, Metric.NEW_CATEGORY_SHARE};

    /** Feature sections at most (the table lists every feature). */
    static final int MAX_SECTIONS = 200;

    private HtmlReport() {
    }

    public static byte[] render(RunSummary s) {
        String nonce = nonce();
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; ")
                .append("script-src 'nonce-").append(nonce).append("'; img-src data:\">");
        sb.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.append("<title>Drift report ").append(esc(s.runDate().toString())).append("</title>");
        sb.append("<style>").append(Style.CSS).append("</style></head>\n");
        sb.append("<body data-ready=\"false\" data-script-errors=\"0\">");
        sb.append("<script nonce=\"").append(nonce).append("\">window.addEventListener('error',function(){")
                .append("var b=document.body;b.dataset.scriptErrors=String(Number(b.dataset.scriptErrors)+1);});</script>\n");
        header(sb, s);
        boolean[] sections = sections(s.features());
        table(sb, s, sections);
        segments(sb, s);
        int shown = 0;
        for (boolean b : sections) {
            shown += b ? 1 : 0;
        }
        if (shown < sections.length) {
            sb.append("<p class=\"omitted\" id=\"omitted\">Sections below for ").append(shown).append(" of ")
                    .append(sections.length).append(" features: every drifted and every failed one first, then the rest")
                    .append(" worst first. The other ").append(sections.length - shown).append(" are in the table above (their")
                    .append(" names without a link) and in full in results/ and summary.json.</p>\n");
        }
        sb.append("<main>");
        for (int i = 0; i < sections.length; i++) {
            if (sections[i]) {
                FeatureSection.render(sb, s.features().get(i), "feature-" + i);
            }
        }
        sb.append("</main>\n<script nonce=\"").append(nonce).append("\">").append(Style.SCRIPT).append("</script>");
        sb.append("</body></html>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Which features (in table order, worst first) get a section: the drifted and failed ones, then the
     * others in order, {@value #MAX_SECTIONS} at most.
     */
    static boolean[] sections(List<FeatureResult> features) {
        boolean[] out = new boolean[features.size()];
        int left = MAX_SECTIONS;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < out.length && left > 0; i++) {
                FeatureResult r = features.get(i);
                if (!out[i] && (pass == 1 || r.drifted() || !r.ok())) {
                    out[i] = true;
                    left--;
                }
            }
        }
        return out;
    }

    private static void header(StringBuilder sb, RunSummary s) {
        boolean drift = s.datasetDrift();
        sb.append("<header><h1>Drift report <span class=\"date\">").append(esc(s.runDate().toString())).append("</span></h1>");
        sb.append("<div class=\"verdict ").append(drift ? "bad" : "good").append("\">Dataset drift: <b>")
                .append(drift ? "YES" : "no").append("</b> — ").append(s.driftedCount()).append(" of ")
                .append(s.features().size()).append(" features drifted (").append(pct(s.driftedShare()))
                .append("; dataset drift at ≥ ").append(pct(s.settings().policy().datasetShare())).append(")");
        if (s.errorCount() > 0) {
            sb.append(", ").append(s.errorCount()).append(" with errors");
        }
        long few = s.features().stream().filter(f -> f.status() == io.sparkdrift.compare.FeatureStatus.INSUFFICIENT_DATA).count();
        if (few > 0) {
            sb.append(", ").append(few).append(" without a verdict (fewer than ").append(s.settings().verdicts().minRows())
                    .append(" rows)");
        }
        sb.append("</div><dl class=\"run\">");
        dd(sb, "run", s.runId());
        dd(sb, "reference", input(s.reference()));
        dd(sb, "current", input(s.current()));
        dd(sb, "bins", s.settings().bins() + " coarse (KL, JS, PSI, Hellinger), " + s.settings().resolution()
                + " fine (Wasserstein, KS); smoothing " + s.settings().smoothing() + " (KL, PSI)");
        dd(sb, "numeric thresholds", thresholds(s.settings().policy().numeric()));
        dd(sb, "categorical thresholds", thresholds(s.settings().policy().categorical()));
        s.settings().policy().perFeature().forEach((f, m) -> dd(sb, "thresholds for " + f, thresholds(m)));
        var v = s.settings().verdicts();
        dd(sb, "verdicts", (v.learn() ? "thresholds learned from the reference's days (any false alarm ≤ " + num(v.alpha())
                + " on a night like them); " : "") + (Double.isNaN(v.fdr()) ? "" : "p-values adjusted for "
                + "many tests (Benjamini–Hochberg, FDR ≤ " + num(v.fdr()) + "); ") + "no verdict below " + v.minRows() + " rows"
                + (v.chance() > 0 ? "; a distance threshold not above the level chance reaches with probability " + num(v.chance())
                        + " at the feature's sample sizes is raised to just above it" : ""));
        if (!s.schema().changes().isEmpty()) {
            dd(sb, "schema changes", String.join("; ", s.schema().changes().stream().map(c -> c.column() + " " + c.describe()).toList())
                    + " — rule: " + s.schema().rule().key() + (s.schema().fails() ? " (the run fails)" : ""));
        }
        if (!s.skipped().isEmpty()) {
            StringBuilder sk = new StringBuilder();
            s.skipped().forEach((c, why) -> sk.append(sk.isEmpty() ? "" : "; ").append(c).append(" (").append(why).append(')'));
            dd(sb, "not compared", sk.toString());
        }
        sb.append("</dl></header>\n");
    }

    private static String input(RunSummary.InputInfo in) {
        return in.path() + " (" + in.format() + ")" + (in.filter() == null ? "" : " where " + in.filter()) + " — "
                + String.format(java.util.Locale.ROOT, "%,d", in.rows()) + " rows"
                + (in.missingDays().isEmpty() ? "" : "; the window is short: " + in.missingDaysText());
    }

    private static String thresholds(Map<Metric, Double> m) {
        StringBuilder t = new StringBuilder();
        m.forEach((k, v) -> t.append(t.isEmpty() ? "" : ", ").append(k.key())
                .append(k.smallerIsWorse() ? " ≤ " : " ≥ ").append(num(v)));
        return t.isEmpty() ? "none" : t.toString();
    }

    /** Segment × feature overview: each cell the feature's verdict in that segment (at most 60 features: those drifted somewhere first). */
    private static void segments(StringBuilder sb, RunSummary s) {
        if (s.segments().isEmpty()) {
            return;
        }
        java.util.LinkedHashSet<String> columns = new java.util.LinkedHashSet<>();
        s.segments().forEach(seg -> seg.features().stream().filter(FeatureResult::drifted).forEach(f -> columns.add(f.feature())));
        s.features().forEach(f -> columns.add(f.feature()));
        List<String> shown = columns.stream().limit(60).toList();
        sb.append("<section id=\"segments\"><h2>Segments</h2><table class=\"segments\"><thead><tr><th>segment</th>")
                .append("<th>reference rows</th><th>current rows</th><th>drifted</th>");
        shown.forEach(f -> sb.append("<th>").append(esc(f)).append("</th>"));
        sb.append("</tr></thead><tbody>");
        for (io.sparkdrift.run.SegmentResult seg : s.segments()) {
            sb.append("<tr><td>").append(esc(seg.segment())).append("</td><td>").append(seg.referenceRows()).append("</td><td>")
                    .append(seg.currentRows()).append("</td><td>").append(seg.currentRows() == 0 ? "not in the current data"
                            : seg.driftedCount() + " of " + seg.features().size()).append("</td>");
            Map<String, FeatureResult> byName = new java.util.HashMap<>();
            seg.features().forEach(f -> byName.put(f.feature(), f));
            for (String f : shown) {
                FeatureResult r = byName.get(f);
                String v = r == null ? "–" : !r.ok() ? r.status().key() : r.drifted() ? "DRIFT" : "ok";
                sb.append("<td class=\"").append(r != null && r.drifted() ? "drift" : "").append("\" title=\"")
                        .append(esc(r == null || r.triggered().isEmpty() ? "" : "triggered: "
                                + String.join(", ", r.triggered().stream().map(Metric::key).toList())))
                        .append("\">").append(esc(v)).append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</tbody></table>");
        if (columns.size() > shown.size()) {
            sb.append("<p>").append(columns.size() - shown.size()).append(" more features (none drifted in any segment)</p>");
        }
        sb.append("</section>\n");
    }

    private static void dd(StringBuilder sb, String term, String value) {
        sb.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }

    private static void table(StringBuilder sb, RunSummary s, boolean[] sections) {
        sb.append("<section id=\"overview\"><h2>Features, worst drift first</h2><div class=\"filters\">")
                .append("<label><input type=\"checkbox\" id=\"only-drifted\"> drifted only</label>")
                .append("<label>type <select id=\"type-filter\"><option value=\"all\">all</option>")
                .append("<option value=\"numeric\">numeric</option><option value=\"categorical\">categorical</option></select></label>")
                .append("<label>name <input type=\"search\" id=\"name-filter\" placeholder=\"filter by name\"></label>")
                .append("<span id=\"shown\"></span></div>");
        sb.append("<table id=\"features\"><thead><tr><th data-kind=\"text\">feature</th><th data-kind=\"text\">type</th>")
                .append("<th data-kind=\"text\">status</th><th data-kind=\"num\">severity</th>");
        for (Metric m : TABLE_METRICS) {
            sb.append("<th data-kind=\"num\" title=\"").append(esc(m.unit())).append("\">").append(esc(m.key()))
                    .append("<br><small>").append(esc(m.unit())).append("</small></th>");
        }
        sb.append("<th data-kind=\"text\">triggered</th></tr></thead><tbody>");
        int i = 0;
        for (FeatureResult r : s.features()) {
            int index = i++;
            String id = "feature-" + index;
            sb.append("<tr data-section=\"").append(id).append("\" data-drifted=\"").append(r.drifted())
                    .append("\" data-type=\"").append(r.type().label()).append("\" data-name=\"").append(esc(r.feature()))
                    .append("\" class=\"").append(r.drifted() ? "drift" : "").append(r.ok() ? "" : " err").append("\">");
            if (sections[index]) {
                sb.append("<td data-v=\"").append(esc(r.feature())).append("\"><a href=\"#").append(id).append("\">")
                        .append(esc(r.feature())).append("</a></td>");
            } else {
                sb.append("<td data-v=\"").append(esc(r.feature())).append("\" title=\"no section in this page (see the")
                        .append(" note below the table)\">").append(esc(r.feature())).append("</td>");
            }
            sb.append("<td data-v=\"").append(r.type().label()).append("\">").append(r.type().label()).append("</td>");
            String status = !r.ok() ? r.status().key() : r.drifted() ? "DRIFT" : "ok";
            sb.append("<td data-v=\"").append(status).append("\">").append(status).append("</td>");
            cell(sb, r.severity());
            for (Metric m : TABLE_METRICS) {
                Double v = r.metrics().get(m);
                if (v == null) {
                    sb.append("<td data-v=\"\" class=\"na\">–</td>");
                } else {
                    cell(sb, v);
                }
            }
            sb.append("<td>").append(esc(String.join(", ", r.triggered().stream().map(Metric::key).toList()))).append("</td></tr>");
        }
        sb.append("</tbody></table></section>\n");
    }

    private static void cell(StringBuilder sb, double v) {
        String sortable = Double.isNaN(v) ? "" : Double.isInfinite(v) ? (v > 0 ? "1e308" : "-1e308") : Double.toString(v);
        sb.append("<td data-v=\"").append(sortable).append("\">").append(esc(num(v))).append("</td>");
    }

    private static String nonce() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
