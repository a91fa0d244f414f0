package io.sparkdrift.compare;

import io.sparkdrift.math.BinnedQuantiles;
import io.sparkdrift.math.Divergences;
import io.sparkdrift.math.Probabilities;
import io.sparkdrift.profile.CategoricalProfile;
import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.NumericProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Builds a feature's {@link Explanation} from its two profiles: per-bin shares and divergence terms,
 * the bins that cover most of the JS divergence, quantiles, and a sentence saying what moved.
 */
final class Explanations {
    /** The moved bins cover at least this share of the JS divergence. */
    static final double COVER = 0.8;
    /** Quantile levels reported for numeric features. */
    static final double[] LEVELS = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
    /** The label of the pooled bin of a complete vocabulary: values the reference never had. */
    static final String NEW_CATEGORIES = "(new categories)";
    /** Groups of moved bins named in the sentence; the rest are counted. */
    private static final int MAX_NAMED = 5;

    private Explanations() {
    }

    /**
     * @param quantiles the numeric quantiles to report (from the bins, or exact); ignored for categorical
     * @param values how a numeric feature's values are written (numbers, dates, times)
     */
    static Explanation of(FeatureProfile ref, FeatureProfile cur, double smoothing, Map<Metric, Double> metrics,
            List<Metric> triggered, List<QuantileShift> quantiles, ValueWords values) {
        BinLabels words = ref instanceof NumericProfile r && cur instanceof NumericProfile c ? BinLabels.of(r, c, values) : null;
        List<BinContribution> bins = contributions(ref, cur, smoothing, words);
        double js = bins.stream().mapToDouble(BinContribution::jsTerm).sum();
        List<BinContribution> moved = new ArrayList<>();
        double covered = 0;
        if (js > 0) {
            List<BinContribution> byTerm = new ArrayList<>(bins);
            byTerm.sort(Comparator.comparingDouble(BinContribution::jsTerm).reversed().thenComparingInt(BinContribution::bin));
            for (BinContribution b : byTerm) {
                if (covered >= COVER * js) {
                    break;
                }
                moved.add(b);
                covered += b.jsTerm();
            }
        }
        double tv = 0;
        for (BinContribution b : bins) {
            tv += Math.abs(b.referenceShare() - b.currentShare());
        }
        List<QuantileShift> q = ref instanceof NumericProfile ? quantiles : List.of();
        String text = sentence(ref, cur, metrics, triggered, moved, q, words, values);
        return new Explanation(bins, moved, js > 0 ? covered / js : Double.NaN, 0.5 * (1 + 0.5 * tv), q, text);
    }

    /** The quantiles of both numeric profiles from their fine bins, with the bins' enclosures. */
    static List<QuantileShift> binnedQuantiles(NumericProfile ref, NumericProfile cur) {
        List<QuantileShift> out = new ArrayList<>();
        for (double u : LEVELS) {
            out.add(new QuantileShift(u, BinnedQuantiles.quantile(ref.sample(), u), BinnedQuantiles.quantile(cur.sample(), u)));
        }
        return out;
    }

    /** @param words the numeric bins' labels (null for a categorical feature) */
    private static List<BinContribution> contributions(FeatureProfile ref, FeatureProfile cur, double smoothing, BinLabels words) {
        long[] p;
        long[] q;
        List<String> labels = new ArrayList<>();
        double[] lower;
        double[] upper;
        if (ref instanceof NumericProfile r && cur instanceof NumericProfile c) {
            p = r.coarseCounts();
            q = c.coarseCounts();
            double[] e = r.binning().coarseEdges();
            lower = new double[p.length];
            upper = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                lower[i] = i == 0 ? Double.NEGATIVE_INFINITY : e[i - 1];
                upper[i] = i == e.length ? Double.POSITIVE_INFINITY : e[i];
                labels.add(words.bin(i));
            }
        } else {
            CategoricalProfile r = (CategoricalProfile) ref;
            p = r.counts();
            q = ((CategoricalProfile) cur).counts();
            labels.addAll(r.binning().vocabulary());
            labels.add(r.binning().complete() ? NEW_CATEGORIES : "(other categories)");
            lower = new double[p.length];
            upper = new double[p.length];
            java.util.Arrays.fill(lower, Double.NaN);
            java.util.Arrays.fill(upper, Double.NaN);
        }
        double[] pe = Probabilities.of(p);
        double[] qe = Probabilities.of(q);
        double[] ps = Probabilities.smoothed(p, smoothing);
        double[] qs = Probabilities.smoothed(q, smoothing);
        double[] kl = Divergences.klTerms(ps, qs);
        double[] js = Divergences.jsTerms(pe, qe, 2.0);
        double[] psi = Divergences.psiTerms(ps, qs);
        double np = java.util.Arrays.stream(pe).sum();
        double nq = java.util.Arrays.stream(qe).sum();
        List<BinContribution> out = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            double a = pe[i] / np;
            double b = qe[i] / nq;
            out.add(new BinContribution(i, labels.get(i), lower[i], upper[i], a, b, kl[i], js[i], psi[i],
                    a + b == 0 ? Double.NaN : a / (a + b)));
        }
        return out;
    }

    private static String sentence(FeatureProfile ref, FeatureProfile cur, Map<Metric, Double> metrics,
            List<Metric> triggered, List<BinContribution> moved, List<QuantileShift> quantiles, BinLabels words,
            ValueWords values) {
        List<String> parts = new ArrayList<>();
        if (triggered.contains(Metric.NULL_RATE_DELTA)) {
            double a = FeatureComparator.missingRate(ref);
            double b = FeatureComparator.missingRate(cur);
            parts.add("null, NaN and infinite values " + (b > a ? "rose" : "fell") + " " + Words.pctChange(a, b) + " of rows");
        }
        if (triggered.contains(Metric.OUT_OF_RANGE_SHARE) && ref instanceof NumericProfile r) {
            parts.add(Words.pct(metrics.get(Metric.OUT_OF_RANGE_SHARE)) + " of current values lie outside the reference's range ["
                    + values.exact(r.sample().min()) + ", " + values.exact(r.sample().max()) + "]");
        }
        boolean newNamed = false;
        if (triggered.contains(Metric.NEW_CATEGORY_SHARE) && ref instanceof CategoricalProfile r) {
            if (r.binning().complete()) { // the pooled bin holds exactly the new values: name them
                parts.add("new categories" + newNames((CategoricalProfile) cur) + " rose from " + Words.pct(0) + " to "
                        + Words.pct(metrics.get(Metric.NEW_CATEGORY_SHARE)));
                newNamed = true;
            } else { // beyond the kept categories the pooled bin hides novelty: say it (the share from the reference's filter)
                parts.add(Words.pct(metrics.get(Metric.NEW_CATEGORY_SHARE)) + " of current values are new (never in the reference)");
            }
        }
        boolean distributionTriggered = triggered.stream()
                .anyMatch(t -> t != Metric.NULL_RATE_DELTA && t != Metric.OUT_OF_RANGE_SHARE && t != Metric.NEW_CATEGORY_SHARE);
        // a feature flagged for its null rate, range or novelty alone: its bins' small moves would only be noise here
        List<BinContribution> groups = !triggered.isEmpty() && !distributionTriggered ? List.of()
                : words != null ? mergeAdjacent(moved, words) : moved;
        if (newNamed) {
            groups = groups.stream().filter(g -> !g.label().equals(NEW_CATEGORIES)).toList();
        }
        for (int i = 0; i < groups.size() && i < MAX_NAMED; i++) {
            BinContribution g = groups.get(i);
            String what = ref instanceof NumericProfile ? phrase(g.label())
                    : g.label().equals(NEW_CATEGORIES) ? "new categories" + newNames((CategoricalProfile) cur)
                    : g.label().startsWith("(") ? g.label() : "'" + g.label() + "'";
            parts.add(what + " " + (g.rose() ? "rose" : "fell") + " " + Words.pctChange(g.referenceShare(), g.currentShare()));
        }
        if (groups.size() > MAX_NAMED) {
            parts.add(movedLess(groups.size() - MAX_NAMED, ref instanceof NumericProfile));
        }
        for (QuantileShift s : quantiles) {
            if (s.level() == 0.5 && s.shift() != 0) {
                String[] both = values.pair(s.reference().value(), s.current().value());
                parts.add("median " + both[0] + " → " + both[1]);
            }
        }
        return parts.isEmpty() ? "nothing moved" : String.join("; ", parts);
    }

    /** "1 more bin moved less", "3 more categories moved less": the moves a sentence leaves unnamed. */
    static String movedLess(int more, boolean numeric) {
        String what = numeric ? (more == 1 ? "bin" : "bins") : more == 1 ? "category" : "categories";
        return more + " more " + what + " moved less";
    }

    /** " (a, b, …)": the most frequent new values, as the current profile kept them. */
    private static String newNames(CategoricalProfile cur) {
        List<String> names = cur.outside().counts().keySet().stream().limit(3).map(n -> "'" + n + "'").toList();
        return names.isEmpty() ? "" : " (" + String.join(", ", names) + (cur.outside().counts().size() > 3 ? ", …" : "") + ")";
    }

    /**
     * A numeric bin's label ({@link BinLabels#span}) as the subject of a sentence: "the value 0",
     * "values in [3, 7)", "values in (0, 3.5)", and for the open-ended ones "values below 3", "values
     * ≥ 120", "values &gt; 7", "values ≤ 0"; "all values" for the one bin that holds every value.
     */
    static String phrase(String label) {
        if (label.startsWith("= ")) {
            return "the value " + label.substring(2);
        }
        if (label.equals("any value")) {
            return "all values";
        }
        return label.startsWith("[") || label.startsWith("(") ? "values in " + label : "values " + label;
    }

    /**
     * The moved numeric bins with neighbours that moved the same way merged into one range, ordered
     * by their summed JS term, largest first.
     */
    private static List<BinContribution> mergeAdjacent(List<BinContribution> moved, BinLabels words) {
        List<BinContribution> byBin = new ArrayList<>(moved);
        byBin.sort(Comparator.comparingInt(BinContribution::bin));
        List<BinContribution> out = new ArrayList<>();
        int first = -1;
        for (BinContribution b : byBin) {
            BinContribution last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.bin() + 1 == b.bin() && last.rose() == b.rose()) {
                out.set(out.size() - 1, new BinContribution(b.bin(), words.span(first, b.bin()), last.lower(), b.upper(),
                        last.referenceShare() + b.referenceShare(), last.currentShare() + b.currentShare(),
                        last.klTerm() + b.klTerm(), last.jsTerm() + b.jsTerm(), last.psiTerm() + b.psiTerm(), Double.NaN));
            } else {
                out.add(b);
                first = b.bin();
            }
        }
        out.sort(Comparator.comparingDouble(BinContribution::jsTerm).reversed());
        return out;
    }
}
