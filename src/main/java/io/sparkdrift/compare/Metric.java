package io.sparkdrift.compare;

import java.util.Locale;

/**
 * Every metric the job reports, with its output name and unit. P = reference, Q = current.
 */
public enum Metric {
    /** D(P‖Q) on the coarse bins, smoothed, natural log. */
    KL_DIVERGENCE("nats"),
    /** D(Q‖P) on the coarse bins, smoothed, natural log. */
    KL_DIVERGENCE_REVERSED("nats"),
    /** Jensen–Shannon divergence, base 2, unsmoothed, in [0, 1]. */
    JS_DIVERGENCE("bits"),
    /** Square root of the JS divergence (a metric), base 2, in [0, 1]. */
    JS_DISTANCE("sqrt(bits)"),
    /** Population stability index Σ(p−q)ln(p/q), smoothed. */
    PSI("nats"),
    /** Hellinger distance, unsmoothed, in [0, 1]. */
    HELLINGER("dimensionless"),
    /** Shannon entropy H(P) of the reference's coarse bins, smoothed as KL is. */
    ENTROPY_REFERENCE("nats"),
    /** Shannon entropy H(Q) of the current data's coarse bins, smoothed as KL is. */
    ENTROPY_CURRENT("nats"),
    /** Cross-entropy H(P, Q) = −Σ p ln q = H(P) + D(P‖Q), on the same smoothed bins as KL. */
    CROSS_ENTROPY("nats"),
    /** Wasserstein-1 distance on the fine bins (or exact with --exact). */
    WASSERSTEIN("feature units"),
    /** Wasserstein-1 ÷ reference population standard deviation. */
    WASSERSTEIN_NORMED("reference std"),
    /** Half-width of an interval around {@link #WASSERSTEIN} that provably contains the exact value. */
    WASSERSTEIN_BOUND("feature units"),
    /** Wasserstein-2 distance, the L2 distance between the quantile functions (only with --exact). */
    WASSERSTEIN_P2("feature units"),
    /** Two-sample Kolmogorov–Smirnov statistic sup|F−G|. */
    KS_STATISTIC("probability"),
    /** Upper bound on the exact KS statistic minus {@link #KS_STATISTIC}. */
    KS_BOUND("probability"),
    /** KS p-value as SciPy's ks_2samp(method='auto'): exact for max(n, m) ≤ 10,000, else kstwo at round(nm/(n+m)). */
    KS_PVALUE("probability"),
    /** Pearson chi-square statistic of the 2×k table, categories empty on both sides dropped. */
    CHI2_STATISTIC("dimensionless"),
    /** Chi-square p-value. */
    CHI2_PVALUE("probability"),
    /** max |p_i − q_i| over categories. */
    LINF("probability"),
    /** Share of rows null or NaN in the current minus the same in the reference. */
    NULL_RATE_DELTA("fraction"),
    /** Share of the current's finite values outside the reference's [min, max]. */
    OUT_OF_RANGE_SHARE("fraction"),
    /** Share of the current's values in categories the reference does not have (NaN when the reference vocabulary was truncated). */
    NEW_CATEGORY_SHARE("fraction"),
    /**
     * 1 when the feature's column was dropped from the current data or changed kind, so it could not
     * be compared; its threshold (1, or none) comes from {@code --on-schema-change}, not {@code --threshold}.
     */
    SCHEMA_CHANGE("count"),
    /** {@link #KS_PVALUE} adjusted for the run's many tests (Benjamini–Hochberg; only with {@code --fdr}). */
    KS_PVALUE_ADJUSTED("probability"),
    /** {@link #CHI2_PVALUE} adjusted for the run's many tests (Benjamini–Hochberg; only with {@code --fdr}). */
    CHI2_PVALUE_ADJUSTED("probability");

    private final String unit;

    Metric(String unit) {
        this.unit = unit;
    }

    /** Output name, e.g. {@code kl_divergence}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String unit() {
        return unit;
    }

    /** True for p-values, where drift means a value at or below the threshold. */
    public boolean smallerIsWorse() {
        return this == KS_PVALUE || this == CHI2_PVALUE || this == KS_PVALUE_ADJUSTED || this == CHI2_PVALUE_ADJUSTED;
    }

    /** The metric named {@code key}, or {@code null}. */
    public static Metric byKey(String key) {
        for (Metric m : values()) {
            if (m.key().equals(key)) {
                return m;
            }
        }
        return null;
    }
}
