package io.sparkdrift.compare;

import io.sparkdrift.math.PredictionBound;
import java.util.Arrays;

/**
 * A feature's threshold for one metric, learned from the reference's own history: the metric's
 * value for each reference day against the rest of the reference (leave one day out), and an upper
 * prediction bound of those values ({@link PredictionBound}: on their logarithms when all are
 * positive, else on the values; for the signed {@code null_rate_delta}, a two-sided bound of its
 * magnitude) at level {@code alpha}, never below a floor of
 * {@link #FLOOR_SHARE} × the metric's fixed threshold (so a feature whose history never moved does
 * not get a threshold of 0). A run with m learned thresholds uses alpha = α/m (Bonferroni), so that
 * a night of data like the history's raises an alarm on any of them with probability about α or less.
 *
 * <p>Values are compared as magnitudes (|value|, as thresholds are); units are the metric's.
 *
 * @param threshold the learned threshold, ≥ floor
 * @param history the metric per reference day against the rest, in day order (NaN where undefined)
 * @param method "log-normal", "normal" or "normal, two-sided": how the bound was taken
 */
public record LearnedThreshold(Metric metric, double threshold, double floor, double[] history, String method) {
    /** A threshold is learned from at least this many days with a finite value. */
    public static final int MIN_DAYS = 7;
    /** The floor, as a share of the metric's fixed threshold. */
    public static final double FLOOR_SHARE = 0.1;

    public LearnedThreshold {
        history = history.clone();
    }

    /**
     * The learned threshold, or null when fewer than {@link #MIN_DAYS} history values are finite or
     * the metric is a p-value (those are calibrated already; see {@code --fdr}).
     *
     * @param fixed the metric's fixed threshold for this feature (the floor is a share of it)
     */
    public static LearnedThreshold learn(Metric metric, double[] history, double fixed, double alpha) {
        if (metric.smallerIsWorse()) {
            return null;
        }
        double[] finite = Arrays.stream(history).filter(Double::isFinite).toArray();
        if (finite.length < MIN_DAYS) {
            return null;
        }
        double bound;
        String method;
        if (metric == Metric.NULL_RATE_DELTA) { // a signed difference scattering around 0: bound its magnitude
            bound = PredictionBound.symmetric(finite, alpha);
            method = "normal, two-sided";
        } else {
            double[] magnitudes = Arrays.stream(finite).map(Math::abs).toArray();
            bound = PredictionBound.logNormal(magnitudes, alpha);
            method = "log-normal";
            if (Double.isNaN(bound)) {
                bound = PredictionBound.normal(magnitudes, alpha);
                method = "normal";
            }
        }
        double floor = FLOOR_SHARE * fixed;
        return new LearnedThreshold(metric, Math.max(floor, bound), floor, history, method);
    }

    /** Where {@code value} falls in the history: the share of finite history magnitudes below |value|. */
    public double percentile(double value) {
        double[] h = Arrays.stream(history).filter(Double::isFinite).map(Math::abs).toArray();
        if (h.length == 0 || Double.isNaN(value)) {
            return Double.NaN;
        }
        return Arrays.stream(h).filter(x -> x < Math.abs(value)).count() / (double) h.length;
    }
}
