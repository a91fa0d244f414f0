package io.sparkdrift.report;

import static io.sparkdrift.report.Html.esc;
import static io.sparkdrift.report.Html.num;
import static io.sparkdrift.report.Html.pct;

import io.sparkdrift.compare.BinContribution;
import io.sparkdrift.compare.BinLabels;
import io.sparkdrift.compare.Explanation;
import io.sparkdrift.compare.FeatureResult;
import io.sparkdrift.compare.Metric;
import io.sparkdrift.compare.QuantileShift;
import io.sparkdrift.compare.ValueWords;
import io.sparkdrift.profile.CategoricalProfile;
import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.NumericProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/** One feature's section of the report: plots, the bins that moved most, metrics and counts. */
final class FeatureSection {
    /** Categories drawn per categorical feature; the rest of the kept ones are pooled in one bar. */
    static final int TOP_CATEGORIES = 30;
    /** Bars drawn per numeric histogram; more bins are drawn in groups of neighbours. */
    static final int MAX_BARS = 100;
    /** Points drawn per CDF; finer grids are drawn at every k-th edge. */
    static final int MAX_CDF_POINTS = 2000;
    private static final double CDF_CLIP = 0.005;
    /** Positive data spanning more than this ratio gets a log x axis. */
    private static final double LOG_SPAN = 100;

    private FeatureSection() {
    }

    static void render(StringBuilder sb, FeatureResult r, String id) {
        String status = !r.ok() ? r.status().key() : r.drifted() ? "DRIFT" : "ok";
        sb.append("<section class=\"feature").append(r.drifted() ? " drift" : "").append(r.ok() ? "" : " err")
                .append("\" id=\"").append(id).append("\" data-name=\"").append(esc(r.feature())).append("\" data-type=\"")
                .append(r.type().label()).append("\" data-drifted=\"").append(r.drifted()).append("\">");
        sb.append("<h3>").append(esc(r.feature())).append(" <span class=\"badge\">").append(r.type().label())
                .append("</span> <span class=\"badge s-").append(status).append("\">").append(status).append("</span></h3>");
        if (!r.ok()) {
            sb.append("<p class=\"error\">").append(esc(r.error())).append("</p>");
        }
        r.warnings().forEach(w -> sb.append("<p class=\"warn\">warning: ").append(esc(w)).append("</p>"));
        if (r.drifted()) {
            sb.append("<p class=\"why\">drifted on ").append(esc(String.join(", ", r.triggered().stream().map(Metric::key).toList())))
                    .append("</p>");
        }
        ValueWords values = ValueWords.ofUnit(r.details().get("unit")); // dates and times written as such
        if (r.explanation() != null && r.reference() instanceof NumericProfile rp && r.current() instanceof NumericProfile cp) {
            numericPlots(sb, rp, cp, r.explanation(), values);
        } else if (r.explanation() != null && r.reference() instanceof CategoricalProfile rp) {
            categoricalPlots(sb, rp, r);
        }
        if (r.explanation() != null) {
            explanation(sb, r.explanation(), values);
        }
        metrics(sb, r);
        counts(sb, r.reference(), r.current(), values);
        sb.append("</section>\n");
    }

    private static void numericPlots(StringBuilder sb, NumericProfile rp, NumericProfile cp, Explanation e, ValueWords values) {
        Set<Integer> movedBins = new HashSet<>(e.moved().stream().map(BinContribution::bin).toList());
        List<BinContribution> bins = e.bins();
        int group = (bins.size() + MAX_BARS - 1) / MAX_BARS; // bins per bar: 1 unless there are very many
        BinLabels words = group > 1 ? BinLabels.of(rp, cp, values) : null; // a bar of several bins: their range's words
        List<String> labels = new ArrayList<>();
        List<Double> ps = new ArrayList<>();
        List<Double> qs = new ArrayList<>();
        Set<Integer> moved = new HashSet<>();
        for (int i = 0; i < bins.size(); i += group) {
            List<BinContribution> g = bins.subList(i, Math.min(bins.size(), i + group));
            labels.add(g.size() == 1 ? g.get(0).label() : words.span(g.get(0).bin(), g.get(g.size() - 1).bin()));
            ps.add(g.stream().mapToDouble(BinContribution::referenceShare).sum());
            qs.add(g.stream().mapToDouble(BinContribution::currentShare).sum());
            if (g.stream().anyMatch(b -> movedBins.contains(b.bin()))) {
                moved.add(labels.size() - 1);
            }
        }
        double[] p = ps.stream().mapToDouble(Double::doubleValue).toArray();
        double[] q = qs.stream().mapToDouble(Double::doubleValue).toArray();
        sb.append("<div class=\"plots\">");
        sb.append(Plots.histogram("share per bin", labels, p, q, moved,
                "bins drawn equally wide; outer bins are below/above the edges"
                        + (group > 1 ? "; " + bins.size() + " bins drawn as " + labels.size() + " bars" : "")));
        cdfPlot(sb, rp, cp, values);
        sb.append("</div>");
    }

    /**
     * Both CDFs on the fine grid, clipped to the 0.5–99.5 % range of both datasets, on a log axis when
     * positive values span more than two decades (long tails stay readable; the plot says so).
     */
    private static void cdfPlot(StringBuilder sb, NumericProfile rp, NumericProfile cp, ValueWords values) {
        double[] fine = rp.sample().edges();
        long[] rc = rp.sample().counts();
        long[] cc = cp.sample().counts();
        int step = (fine.length + MAX_CDF_POINTS - 1) / MAX_CDF_POINTS; // 1 unless the grid is very fine
        double lo = Math.min(rp.sample().min(), cp.sample().min());
        double hi = Math.max(rp.sample().max(), cp.sample().max());
        int points = (fine.length + step - 1) / step;
        int n = points + 2;
        double[] xs = new double[n];
        double[] f = new double[n];
        double[] g = new double[n];
        xs[0] = lo;
        long cr = 0;
        long cq = 0;
        int k = 1;
        for (int j = 0; j < fine.length; j++) {
            cr += rc[j];
            cq += cc[j];
            if (j % step == step - 1 || j == fine.length - 1) { // the CDFs at every step-th edge (and the last)
                xs[k] = Math.min(hi, Math.max(lo, fine[j]));
                f[k] = (double) cr / rp.sample().total();
                g[k] = (double) cq / cp.sample().total();
                k++;
            }
        }
        xs[n - 1] = hi;
        f[n - 1] = 1;
        g[n - 1] = 1;
        double clipLo = lo;
        double clipHi = hi;
        for (int i = 1; i < n; i++) {
            if (Math.max(f[i], g[i]) >= CDF_CLIP) {
                clipLo = xs[i - 1];
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            if (Math.min(f[i], g[i]) >= 1 - CDF_CLIP) {
                clipHi = xs[i];
                break;
            }
        }
        boolean clipped = clipLo > lo || clipHi < hi;
        boolean log = values == ValueWords.NUMBER && clipLo > 0 && clipHi / clipLo > LOG_SPAN; // not for dates and times
        String note = (log ? "log x axis; " : "") + (clipped ? "x clipped to the 0.5–99.5 % range of both" : "full range");
        sb.append(Plots.cdf(log ? "cumulative share" : "cumulative share (shaded area = Wasserstein-1)", xs, f, g,
                clipLo, clipHi, log, values == ValueWords.NUMBER ? Html::num : values::approx, note));
    }

    private static void categoricalPlots(StringBuilder sb, CategoricalProfile rp, FeatureResult r) {
        List<BinContribution> bins = r.explanation().bins();
        int k = bins.size() - 1; // kept categories; the last bin is "other"
        Set<Integer> movedBins = new HashSet<>(r.explanation().moved().stream().map(BinContribution::bin).toList());
        List<Integer> shown = IntStream.range(0, k).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -Math.max(bins.get(i).referenceShare(), bins.get(i).currentShare()))
                        .thenComparing(i -> i))
                .limit(TOP_CATEGORIES).sorted().toList();
        List<String> labels = new ArrayList<>();
        List<Double> ps = new ArrayList<>();
        List<Double> qs = new ArrayList<>();
        Set<Integer> moved = new HashSet<>();
        double restP = 0;
        double restQ = 0;
        Set<Integer> shownSet = new HashSet<>(shown);
        for (int i = 0; i < k; i++) {
            if (shownSet.contains(i)) {
                if (movedBins.contains(i)) {
                    moved.add(labels.size());
                }
                labels.add(bins.get(i).label());
                ps.add(bins.get(i).referenceShare());
                qs.add(bins.get(i).currentShare());
            } else {
                restP += bins.get(i).referenceShare();
                restQ += bins.get(i).currentShare();
            }
        }
        if (k > shown.size()) {
            labels.add("(" + (k - shown.size()) + " more)");
            ps.add(restP);
            qs.add(restQ);
        }
        if (movedBins.contains(k)) {
            moved.add(labels.size());
        }
        labels.add(bins.get(k).label());
        ps.add(bins.get(k).referenceShare());
        qs.add(bins.get(k).currentShare());
        double[] pa = ps.stream().mapToDouble(Double::doubleValue).toArray();
        double[] qa = qs.stream().mapToDouble(Double::doubleValue).toArray();
        sb.append("<div class=\"plots\">");
        sb.append(Plots.histogram("share per category", labels, pa, qa, moved,
                k > shown.size() ? "top " + TOP_CATEGORIES + " of " + k + " kept categories" : k + " categories"));
        sb.append("</div>");
        categoryLists(sb, r);
    }

    @SuppressWarnings("unchecked")
    private static void categoryLists(StringBuilder sb, FeatureResult r) {
        Object added = r.details().get("new_categories");
        if (added instanceof Map<?, ?> m && !m.isEmpty()) {
            StringBuilder t = new StringBuilder();
            ((Map<String, Long>) m).entrySet().stream().limit(20).forEach(e ->
                    t.append(t.isEmpty() ? "" : ", ").append(e.getKey()).append(" (").append(e.getValue()).append(')'));
            sb.append("<p class=\"cats\">new categories: ").append(esc(t.toString())).append(m.size() > 20 ? ", …" : "").append("</p>");
        }
        Object missing = r.details().get("missing_categories");
        if (missing instanceof List<?> l && !l.isEmpty()) {
            List<String> names = ((List<String>) l).stream().limit(20).toList();
            sb.append("<p class=\"cats\">missing from the current data: ").append(esc(String.join(", ", names)))
                    .append(l.size() > 20 ? ", …" : "").append("</p>");
        }
    }

    /**
     * What moved, in words and in numbers: the sentence, then (folded) every bin's shares, divergence
     * terms and discriminator, the moved bins marked, and the quantiles of both sides.
     */
    private static void explanation(StringBuilder sb, Explanation e, ValueWords values) {
        sb.append("<p class=\"moved\">what moved: ").append(esc(e.text()));
        if (!Double.isNaN(e.jsCovered())) {
            sb.append(" <span class=\"note\">(the marked bins hold ").append(pct(e.jsCovered()))
                    .append(" of the JS divergence; the best classifier on these bins is right ").append(pct(e.bestAccuracy()))
                    .append(" of the time, 50% = no difference)</span>");
        }
        sb.append("</p><details><summary>per-bin contributions</summary><table class=\"bins\"><tr><th>bin</th>"
                + "<th>reference</th><th>current</th><th>KL term</th><th>JS term</th><th>PSI term</th><th>p/(p+q)</th></tr>");
        Set<Integer> moved = new HashSet<>(e.moved().stream().map(BinContribution::bin).toList());
        // at most TOP_CATEGORIES rows, the largest JS terms (so the moved bins first), in bin order; none
        // empty on both sides (nothing to read there: shares 0, p/(p+q) undefined)
        List<BinContribution> rows = e.bins().stream().filter(b -> b.referenceShare() > 0 || b.currentShare() > 0)
                .sorted(Comparator.comparingDouble((BinContribution b) -> -b.jsTerm()).thenComparingInt(BinContribution::bin))
                .limit(TOP_CATEGORIES).sorted(Comparator.comparingInt(BinContribution::bin)).toList();
        for (BinContribution b : rows) {
            sb.append("<tr").append(moved.contains(b.bin()) ? " class=\"hit\"" : "").append("><td>").append(esc(b.label()))
                    .append("</td><td>").append(pct(b.referenceShare())).append("</td><td>").append(pct(b.currentShare()))
                    .append("</td><td>").append(esc(num(b.klTerm()))).append("</td><td>").append(esc(num(b.jsTerm())))
                    .append("</td><td>").append(esc(num(b.psiTerm()))).append("</td><td>").append(esc(num(b.discriminator())))
                    .append("</td></tr>");
        }
        sb.append("</table>");
        if (rows.size() < e.bins().size()) {
            sb.append("<p class=\"note\">").append(e.bins().size() - rows.size())
                    .append(" bins with smaller terms or empty on both sides are not shown; every bin is in the contributions/ table</p>");
        }
        if (!e.quantiles().isEmpty()) {
            sb.append("<table class=\"bins\"><tr><th>quantile</th><th>reference</th><th>current</th><th>shift</th></tr>");
            for (QuantileShift q : e.quantiles()) {
                String[] both = values.pair(q.reference().value(), q.current().value());
                sb.append("<tr><td>").append(q.name()).append("</td><td>").append(esc(withBound(both[0], q.reference())))
                        .append("</td><td>").append(esc(withBound(both[1], q.current()))).append("</td><td>").append(esc(num(q.shift())))
                        .append("</td></tr>");
            }
            sb.append("</table>");
        }
        sb.append("</details>");
    }

    /** A quantile's words with its enclosure's half-width (in the feature's units: days, seconds) when it is not exact. */
    private static String withBound(String value, io.sparkdrift.math.Estimate e) {
        return e.halfWidth() > 0 ? value + " ± " + num(e.halfWidth()) : value;
    }

    private static void metrics(StringBuilder sb, FeatureResult r) {
        if (r.metrics().isEmpty()) {
            return;
        }
        Map<?, ?> learned = r.details().get("learned_thresholds") instanceof Map<?, ?> l ? l : Map.of();
        Map<?, ?> chance = r.details().get("chance_levels") instanceof Map<?, ?> c ? c : Map.of();
        sb.append("<table class=\"metrics\"><tr><th>metric</th><th>value</th><th>unit</th><th>threshold</th></tr>");
        for (Map.Entry<Metric, Double> m : r.metrics().entrySet()) {
            Double t = r.thresholds().get(m.getKey());
            boolean hit = r.triggered().contains(m.getKey());
            String how = learned.containsKey(m.getKey().key()) ? " (learned)" : "";
            String limit = t == null ? "" : (m.getKey().smallerIsWorse() ? "≤ " : "≥ ") + esc(num(t)) + how;
            if (t != null && chance.get(m.getKey().key()) instanceof Map<?, ?> level) { // raised: values above the level drift
                limit = "&gt; " + esc(num(((Number) level.get("level")).doubleValue())) + " (chance level)";
            }
            sb.append("<tr").append(hit ? " class=\"hit\"" : "").append("><td>").append(m.getKey().key()).append("</td><td>")
                    .append(esc(num(m.getValue()))).append("</td><td>").append(esc(r.unitOf(m.getKey()))).append("</td><td>")
                    .append(limit).append("</td></tr>");
        }
        sb.append("</table>");
        learned.forEach((metric, v) -> {
            if (v instanceof Map<?, ?> lt) {
                sb.append("<p class=\"learned\">").append(esc(String.valueOf(metric))).append(": threshold ")
                        .append(esc(num(((Number) lt.get("threshold")).doubleValue()))).append(" learned from ")
                        .append(lt.get("history_days")).append(" reference days (").append(esc(String.valueOf(lt.get("method"))))
                        .append(" bound, floor ").append(esc(num(((Number) lt.get("floor")).doubleValue())))
                        .append("); tonight's value is above ").append(esc(pct(((Number) lt.get("tonight_percentile")).doubleValue())))
                        .append(" of those days (their median ").append(esc(num(((Number) lt.get("history_median")).doubleValue())))
                        .append(", largest ").append(esc(num(((Number) lt.get("history_max")).doubleValue()))).append(")</p>");
            }
        });
    }

    private static void counts(StringBuilder sb, FeatureProfile ref, FeatureProfile cur, ValueWords values) {
        if (ref == null || cur == null) {
            return;
        }
        sb.append("<table class=\"counts\"><tr><th></th><th>reference</th><th>current</th></tr>");
        row(sb, "rows", Long.toString(ref.rows()), Long.toString(cur.rows()));
        row(sb, "null", Long.toString(ref.nulls()), Long.toString(cur.nulls()));
        row(sb, "null or NaN rate", pct(nullRate(ref)), pct(nullRate(cur)));
        if (ref instanceof NumericProfile r && cur instanceof NumericProfile c) {
            row(sb, "NaN", Long.toString(r.nan()), Long.toString(c.nan()));
            row(sb, "+∞ / −∞", r.posInf() + " / " + r.negInf(), c.posInf() + " / " + c.negInf());
            row(sb, "min", values.exact(r.sample().min()), values.exact(c.sample().min()));
            row(sb, "max", values.exact(r.sample().max()), values.exact(c.sample().max()));
            String[] means = values.pair(r.sample().mean(), c.sample().mean());
            row(sb, "mean", means[0], means[1]);
            row(sb, "std", num(r.std()), num(c.std()));
            row(sb, "bins (coarse / fine)", r.binning().coarseBins() + " / " + r.binning().fineBins()
                    + (r.binning().discrete() ? ", each reference value its own fine bin" : "")
                    + (r.binning().coarseAtoms().length > 0 ? ", " + r.binning().coarseAtoms().length
                            + " value(s) with a coarse bin of their own" : ""), "");
        } else if (ref instanceof CategoricalProfile r && cur instanceof CategoricalProfile c) {
            row(sb, "categories kept", Integer.toString(r.binning().vocabulary().size()), "");
            row(sb, r.binning().complete() ? "new categories" : "other", Long.toString(r.other()), Long.toString(c.other()));
        }
        sb.append("</table>");
    }

    private static double nullRate(FeatureProfile p) {
        return p.rows() == 0 ? Double.NaN : (double) (p.nulls() + p.nan()) / p.rows();
    }

    private static void row(StringBuilder sb, String name, String a, String b) {
        sb.append("<tr><td>").append(esc(name)).append("</td><td>").append(esc(a)).append("</td><td>").append(esc(b))
                .append("</td></tr>");
    }
}
