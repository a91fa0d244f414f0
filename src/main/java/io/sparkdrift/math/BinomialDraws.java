package io.sparkdrift.math;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;

/**
 * Draws of a binomial count — successes in {@code trials} independent trials of probability
 * {@code p} — its constants computed once: up to {@value #EXACT_TRIALS} trials by inverting the
 * exact cumulative distribution (each probability from log-gamma, so no term underflows as the
 * recurrence from (1 − p)^trials does), beyond by the normal approximation rounded to a count in
 * [0, trials] (there trials·p·(1 − p) is large wherever the draws matter). {@code trials} ≥ 0,
 * {@code p} in [0, 1]; the draws are counts in [0, trials].
 */
public final class BinomialDraws {
    /** Trials up to which the exact distribution is inverted (an array of this many + 1 doubles). */
    public static final int EXACT_TRIALS = 10_000;

    private final long trials;
    private final double p;
    /** cumulative[k] = P(count ≤ k), exact mode only. */
    private final double[] cumulative;

    public BinomialDraws(long trials, double p) {
        this.trials = trials;
        this.p = p;
        if (trials <= EXACT_TRIALS && p > 0 && p < 1) {
            int t = (int) trials;
            cumulative = new double[t + 1];
            double logP = Math.log(p);
            double logQ = Math.log1p(-p);
            double logTrials = Gamma.logGamma(t + 1.0);
            double sum = 0;
            for (int k = 0; k <= t; k++) {
                sum += Math.exp(logTrials - Gamma.logGamma(k + 1.0) - Gamma.logGamma(t - k + 1.0) + k * logP + (t - k) * logQ);
                cumulative[k] = sum;
            }
        } else {
            cumulative = null;
        }
    }

    /** One draw from {@code random}. */
    public long draw(SplittableRandom random) {
        if (p <= 0 || trials == 0) {
            return 0;
        }
        if (p >= 1) {
            return trials;
        }
        if (cumulative != null) {
            double u = random.nextDouble() * cumulative[cumulative.length - 1]; // the sum, 1 up to rounding
            int k = Arrays.binarySearch(cumulative, u);
            return k >= 0 ? k : Math.min(cumulative.length - 1, -k - 1);
        }
        double mean = trials * p;
        double sd = Math.sqrt(mean * (1 - p));
        return Math.max(0, Math.min(trials, Math.round(mean + sd * random.nextGaussian())));
    }
}
