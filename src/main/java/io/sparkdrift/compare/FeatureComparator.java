package io.sparkdrift.compare;

import io.sparkdrift.math.BinnedDistances;
import io.sparkdrift.math.BinnedSample;
import io.sparkdrift.math.ChiSquare;
import io.sparkdrift.math.Divergences;
import io.sparkdrift.math.Estimate;
import io.sparkdrift.math.KolmogorovSmirnov;
import io.sparkdrift.math.Probabilities;
import io.sparkdrift.profile.CategoricalProfile;
import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.FeatureType;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.profile.ReferenceValues;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the reference and current profiles of one feature: all metrics, then the drift decision.
 * Never throws for data reasons: a feature that cannot be compared gets status "error".
 *
 * <p>Smoothing applies to KL (both directions) and PSI only; JS, Hellinger, L∞ and chi-square use
 * the exact counts. {@code smoothing = 0} gives the textbook formulas (KL and PSI may be +∞).
 */
public final class FeatureComparator {
    /** Default probability mass added to every bin before KL and PSI. */
    public static final double DEFAULT_SMOOTHING = 1e-4;

    private final double smoothing;
    private final DriftPolicy policy;

    public FeatureComparator(double smoothing, DriftPolicy policy) {
        if (!(smoothing >= 0.0) || Double.isInfinite(smoothing)) {
            throw new IllegalArgumentException("smoothing must be a finite number >= 0, got " + smoothing);
        }
        this.smoothing = smoothing;
        this.policy = policy;
    }

    /** The probability mass added to every bin before KL and PSI. */
    public double smoothing() {
        return smoothing;
    }

    /** The comparison of a feature measured in the column's own units (a number column's). */
    public FeatureResult compare(FeatureProfile ref, FeatureProfile cur) {
        return compare(ref, cur, null);
    }

    /**
     * @param unit what a numeric feature is measured in when it is not the column's own numbers:
     *     {@code days} for a date, {@code seconds} for a timestamp (the {@code unit} detail; its
     *     explanation writes dates and times); null for numbers and categories
     */
    public FeatureResult compare(FeatureProfile ref, FeatureProfile cur, String unit) {
        Map<Metric, Double> m = new EnumMap<>(Metric.class);
        Map<String, Object> details = new LinkedHashMap<>();
        if (unit != null) {
            details.put("unit", unit);
        }
        String error = null;
        m.put(Metric.NULL_RATE_DELTA, missingRate(cur) - missingRate(ref));
        if (ref.comparable() == 0) {
            error = "the reference has no " + valuesWord(ref) + " values to compare with ("
                    + ref.rows() + " rows, " + ref.nulls() + " null)";
        } else if (cur.comparable() == 0) {
            error = "the current data has no " + valuesWord(cur) + " values ("
                    + cur.rows() + " rows, " + cur.nulls() + " null)";
        } else if (ref instanceof NumericProfile r && cur instanceof NumericProfile c) {
            numeric(r, c, m, details);
        } else if (ref instanceof CategoricalProfile r && cur instanceof CategoricalProfile c) {
            categorical(r, c, m, details);
        } else {
            error = "the reference and current profiles have different types";
        }
        FeatureResult result = decide(ref.feature(), ref.type(), error, m, details, ref, cur, null);
        return error == null ? warned(result) : result;
    }

    /**
     * The result with the exact distances of --exact in place of the binned estimates: W1 (and its
     * normed form), W2, the KS statistic and its p-value; the bounds become 0. The drift decision is
     * taken again on the new values.
     *
     * @param n finite reference values, m finite current values
     * @param quantiles the exact quantiles of both sides (bounds 0), for the explanation
     */
    public FeatureResult withExact(FeatureResult r, double w1, double w2, double ks, long n, long m,
            List<QuantileShift> quantiles) {
        if (!r.ok() || !(r.reference() instanceof NumericProfile ref)) {
            return r;
        }
        Map<Metric, Double> metrics = new EnumMap<>(Metric.class);
        metrics.putAll(r.metrics());
        double std = ref.std();
        metrics.put(Metric.WASSERSTEIN, w1);
        metrics.put(Metric.WASSERSTEIN_NORMED, normed(w1, std));
        metrics.put(Metric.WASSERSTEIN_BOUND, 0.0);
        metrics.put(Metric.WASSERSTEIN_P2, w2);
        metrics.put(Metric.KS_STATISTIC, ks);
        metrics.put(Metric.KS_BOUND, 0.0);
        metrics.put(Metric.KS_PVALUE, KolmogorovSmirnov.pValue(ks, n, m));
        Map<String, Object> details = new LinkedHashMap<>(r.details());
        details.put("exact", true);
        details.put("ks_pvalue_method", KolmogorovSmirnov.method(n, m));
        return decide(r.feature(), r.type(), null, metrics, details, r.reference(), r.current(), quantiles);
    }

    private static double normed(double w1, double std) {
        return std > 0.0 ? w1 / std : (w1 == 0.0 ? 0.0 : Double.POSITIVE_INFINITY);
    }

    /** A result for a feature that failed before it could be profiled. */
    public FeatureResult failed(String feature, FeatureType type, String error) {
        return decide(feature, type, error, new EnumMap<>(Metric.class), Map.of(), null, null, null);
    }

    /**
     * A feature a schema change kept from being compared: status {@link FeatureStatus#SCHEMA_CHANGE},
     * {@code what} as its message, {@link Metric#SCHEMA_CHANGE} = 1, drifted when {@code counts}
     * (threshold 1) and reported only otherwise (no threshold).
     */
    public FeatureResult schemaChanged(String feature, FeatureType type, String what, boolean counts) {
        Map<Metric, Double> thresholds = counts ? Map.of(Metric.SCHEMA_CHANGE, 1.0) : Map.of();
        return new FeatureResult(feature, type, FeatureStatus.SCHEMA_CHANGE, what, Map.of(Metric.SCHEMA_CHANGE, 1.0),
                thresholds, counts ? List.of(Metric.SCHEMA_CHANGE) : List.of(), counts ? 1.0 : 0.0, Map.of(), null, null, null);
    }

    /**
     * The same comparison judged again with other thresholds and extra metrics or details (the
     * run-level rules of {@link Verdicts}); a result with an error or a schema change is returned as it is.
     *
     * @param status OK, or INSUFFICIENT_DATA (then {@code thresholds} should be empty)
     */
    public FeatureResult rejudge(FeatureResult r, FeatureStatus status, String note, Map<Metric, Double> metrics,
            Map<Metric, Double> thresholds, Map<String, Object> details) {
        if (r.status() != FeatureStatus.OK) {
            return r;
        }
        List<Metric> triggered = triggered(metrics, thresholds);
        double severity = severity(metrics, thresholds);
        Explanation explanation = r.explanation();
        if (explanation != null && !triggered.equals(r.triggered())) {
            List<QuantileShift> q = explanation.quantiles();
            explanation = Explanations.of(r.reference(), r.current(), smoothing, metrics, triggered, q,
                    ValueWords.ofUnit(details.getOrDefault("unit", r.details().get("unit"))));
        }
        return new FeatureResult(r.feature(), r.type(), status, note, metrics, thresholds, triggered, severity, details,
                r.reference(), r.current(), explanation);
    }

    /** The thresholded metrics that reach their thresholds, in threshold order. */
    private static List<Metric> triggered(Map<Metric, Double> metrics, Map<Metric, Double> thresholds) {
        List<Metric> out = new ArrayList<>();
        thresholds.forEach((metric, t) -> {
            Double v = metrics.get(metric);
            if (v != null && DriftPolicy.triggers(metric, v, t)) {
                out.add(metric);
            }
        });
        return out;
    }

    /** The largest value ÷ threshold over the thresholded metrics (0 when none has a value). */
    private static double severity(Map<Metric, Double> metrics, Map<Metric, Double> thresholds) {
        double severity = 0.0;
        for (Map.Entry<Metric, Double> t : thresholds.entrySet()) {
            Double v = metrics.get(t.getKey());
            if (v != null) {
                severity = Math.max(severity, DriftPolicy.severity(t.getKey(), v, t.getValue()));
            }
        }
        return severity;
    }

    /** @param quantiles the numeric quantiles to explain with (exact ones), or null for the binned ones */
    private FeatureResult decide(String feature, FeatureType type, String error, Map<Metric, Double> m,
            Map<String, Object> details, FeatureProfile ref, FeatureProfile cur, List<QuantileShift> quantiles) {
        Map<Metric, Double> thresholds = policy.thresholds(feature, type);
        List<Metric> triggered = triggered(m, thresholds);
        double severity = severity(m, thresholds);
        Explanation explanation = null;
        if (error == null && ref != null && cur != null) {
            List<QuantileShift> q = quantiles != null ? quantiles
                    : ref instanceof NumericProfile r && cur instanceof NumericProfile c ? Explanations.binnedQuantiles(r, c) : List.of();
            explanation = Explanations.of(ref, cur, smoothing, m, triggered, q, ValueWords.ofUnit(details.get("unit")));
        }
        return new FeatureResult(feature, type, error == null ? FeatureStatus.OK : FeatureStatus.ERROR, error,
                m, thresholds, triggered, severity, details, ref, cur, explanation);
    }

    private void numeric(NumericProfile r, NumericProfile c, Map<Metric, Double> m, Map<String, Object> details) {
        long[] p = r.coarseCounts();
        long[] q = c.coarseCounts();
        divergences(p, q, m);
        BinnedSample rs = r.sample();
        BinnedSample cs = c.sample();
        Estimate w1 = BinnedDistances.wasserstein1(rs, cs);
        double std = r.std();
        m.put(Metric.WASSERSTEIN, w1.value());
        m.put(Metric.WASSERSTEIN_NORMED, normed(w1.value(), std));
        m.put(Metric.WASSERSTEIN_BOUND, w1.halfWidth());
        Estimate ks = BinnedDistances.ksStatistic(rs, cs);
        m.put(Metric.KS_STATISTIC, ks.value());
        m.put(Metric.KS_BOUND, ks.halfWidth());
        m.put(Metric.KS_PVALUE, KolmogorovSmirnov.pValue(ks.value(), rs.total(), cs.total()));
        details.put("ks_pvalue_method", KolmogorovSmirnov.method(rs.total(), cs.total()));
        if (ks.halfWidth() > 0) {
            // the p-value falls as the statistic grows: the enclosure of the statistic encloses it
            details.put("ks_pvalue_range", List.of(KolmogorovSmirnov.pValue(ks.upper(), rs.total(), cs.total()),
                    KolmogorovSmirnov.pValue(ks.lower(), rs.total(), cs.total())));
        }
        binningFacts(r, details);
        m.put(Metric.OUT_OF_RANGE_SHARE, (double) outsideRange(rs.min(), rs.max(), cs) / cs.total());
    }

    /**
     * The result with the warnings its two profiles call for, added once, where the comparison is made
     * (a result decided again, with exact distances, keeps them): values missing in a column whose
     * reference had one in every row, which the null rate's threshold did not flag — a column that was
     * never empty has started to be (a broken join, a new source), news however small its share; and
     * a categorical feature whose every current value is new — an identifier (every reference value
     * seen once), which chance puts there on every night, or a label of the day, which drifts on
     * every night.
     */
    private static FeatureResult warned(FeatureResult r) {
        FeatureProfile ref = r.reference();
        FeatureProfile cur = r.current();
        FeatureResult out = r;
        long missing = cur.rows() - cur.comparable();
        if (!r.triggered().contains(Metric.NULL_RATE_DELTA) && ref.rows() > 0 && ref.comparable() == ref.rows() && missing > 0) {
            out = out.withWarning(missing + " of the current data's " + cur.rows() + " rows ("
                    + Words.pct((double) missing / cur.rows()) + ") have no value (" + (cur.type() == FeatureType.NUMERIC
                            ? "null, NaN or ±∞" : "null") + "), where each of the reference's " + ref.rows() + " rows had one"
                    + (r.thresholds().containsKey(Metric.NULL_RATE_DELTA) ? ": below null_rate_delta's threshold, yet new" : ""));
        }
        if (ref instanceof CategoricalProfile c && Double.valueOf(1.0).equals(r.metrics().get(Metric.NEW_CATEGORY_SHARE))) {
            out = out.withWarning(c.largestKeptCount() == 1
                    ? "every current value is a category the reference never had, and every reference value occurs once:"
                            + " an identifier is new on every night, so new_category_share cannot tell one night from"
                            + " another (chance puts it at 1); --exclude it"
                    : "every current value is a category the reference never had: a label of the day (a batch, a file"
                            + " name) is new on every night and drifts each time; --exclude it if that is all it says");
        }
        return out;
    }

    /** How the feature was binned, and a warning when the coarse divergences cannot see anything. */
    private static void binningFacts(NumericProfile r, Map<String, Object> details) {
        long withMass = java.util.Arrays.stream(r.coarseCounts()).filter(c -> c > 0).count();
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("coarse_bins", r.binning().coarseBins());
        b.put("fine_bins", r.binning().fineBins());
        b.put("coarse_atoms", r.binning().coarseAtoms());
        b.put("fine_atoms", r.binning().fineAtomCount());
        b.put("discrete", r.binning().discrete());
        b.put("reference_coarse_bins_with_mass", withMass);
        details.put("binning", b);
        List<String> warnings = new ArrayList<>();
        if (withMass < 2) {
            warnings.add("the reference's finite values all lie in one coarse bin ("
                    + (r.sample().min() == r.sample().max() ? "a constant" : "the given edges") + "): KL, JS, PSI and"
                    + " Hellinger see only current values outside it; Wasserstein and KS see every change");
        }
        double tail = r.sample().varianceShareOfOuterBins(TAIL_MASS);
        if (tail >= TAIL_VARIANCE_SHARE) {
            String share = tail >= 0.995 ? "nearly all" : String.format(java.util.Locale.ROOT, "at least %.0f %%", 100 * tail);
            warnings.add(share + " of the reference's variance comes from its most extreme 1 % of values:"
                    + " wasserstein_normed (W1 divided by the standard deviation) barely moves when the bulk of the values"
                    + " shifts; ks_statistic, psi and js_distance show such a shift");
        }
        if (!warnings.isEmpty()) {
            details.put("warnings", warnings);
        }
    }

    /** The outermost share of a reference's values whose part of the variance {@link #binningFacts} weighs. */
    static final double TAIL_MASS = 0.01;
    /**
     * The part of the variance those values must hold for a warning: then the standard deviation is
     * the tail's, and W1 divided by it says little about the bulk (a heavy-tailed amount, a Pareto
     * tail, one far value in a thousand; a normal column's outer 1 % holds about 8 %, a lognormal's
     * with σ = 0.8 about a quarter).
     */
    static final double TAIL_VARIANCE_SHARE = 0.5;

    private void categorical(CategoricalProfile r, CategoricalProfile c, Map<Metric, Double> m,
            Map<String, Object> details) {
        long[] p = r.counts();
        long[] q = c.counts();
        divergences(p, q, m);
        ChiSquare.Result chi = ChiSquare.test(p, q);
        m.put(Metric.CHI2_STATISTIC, chi.statistic());
        m.put(Metric.CHI2_PVALUE, chi.pValue());
        details.put("chi2_dof", chi.dof());
        m.put(Metric.LINF, Divergences.linf(Probabilities.of(p), Probabilities.of(q)));
        boolean complete = r.binning().complete();
        ReferenceValues all = r.binning().referenceValues();
        if (complete) {
            m.put(Metric.NEW_CATEGORY_SHARE, (double) c.other() / c.comparable());
            details.put("new_categories", c.outside().counts());
        } else if (all != null) {
            // values outside the kept categories that the reference's filter certainly does not hold: a
            // lower bound, low by the filter's false-positive rate at most (in expectation)
            double rate = all.falsePositiveRate();
            m.put(Metric.NEW_CATEGORY_SHARE, (double) c.novel() / c.comparable());
            details.put("new_category_share_method", "Bloom filter of every reference value");
            details.put("new_category_false_positive_rate", rate);
            details.put("new_category_share_expected", Math.min((double) c.other() / c.comparable(),
                    c.novel() / (1 - rate) / c.comparable()));
        } else {
            m.put(Metric.NEW_CATEGORY_SHARE, Double.NaN); // a profile stored before the filter existed
        }
        List<String> missing = new ArrayList<>();
        List<String> vocab = r.binning().vocabulary();
        for (int i = 0; i < vocab.size(); i++) {
            if (p[i] > 0 && q[i] == 0) {
                missing.add(vocab.get(i));
            }
        }
        details.put("missing_categories", missing);
    }

    private void divergences(long[] p, long[] q, Map<Metric, Double> m) {
        double[] ps = Probabilities.smoothed(p, smoothing);
        double[] qs = Probabilities.smoothed(q, smoothing);
        double[] pe = Probabilities.of(p);
        double[] qe = Probabilities.of(q);
        m.put(Metric.KL_DIVERGENCE, Divergences.klDivergence(ps, qs));
        m.put(Metric.KL_DIVERGENCE_REVERSED, Divergences.klDivergence(qs, ps));
        m.put(Metric.JS_DIVERGENCE, Divergences.jsDivergenceBits(pe, qe));
        m.put(Metric.JS_DISTANCE, Divergences.jsDistance(pe, qe, 2.0));
        m.put(Metric.PSI, Divergences.psi(ps, qs));
        m.put(Metric.HELLINGER, Divergences.hellinger(pe, qe));
        double entropy = Divergences.entropy(ps);
        m.put(Metric.ENTROPY_REFERENCE, entropy);
        m.put(Metric.ENTROPY_CURRENT, Divergences.entropy(qs));
        m.put(Metric.CROSS_ENTROPY, entropy + m.get(Metric.KL_DIVERGENCE)); // H(P,Q) = H(P) + D(P‖Q), the reported KL
    }

    /** Current values in bins lying wholly below the reference minimum or above its maximum. */
    private static long outsideRange(double refMin, double refMax, BinnedSample cur) {
        long n = 0;
        for (int b = 0; b < cur.binCount(); b++) {
            if (cur.count(b) > 0 && (cur.max(b) < refMin || cur.min(b) > refMax)) {
                n += cur.count(b);
            }
        }
        return n;
    }

    /**
     * (nulls + NaN + ±∞) / rows: the share of rows without a value the distribution can use; NaN with
     * no rows. A current column that became all +∞ (timeouts everywhere) therefore drifts like one
     * that became all null.
     */
    static double missingRate(FeatureProfile p) {
        return p.rows() == 0 ? Double.NaN : (double) (p.nulls() + p.nan() + p.infinite()) / p.rows();
    }

    private static String valuesWord(FeatureProfile p) {
        return p.type() == FeatureType.NUMERIC ? "finite" : "non-null";
    }
}
