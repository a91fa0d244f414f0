package io.sparkdrift.math;

import org.apache.commons.math3.special.Gamma;

/**
 * Pearson chi-square test of homogeneity for a 2×k table (reference counts vs current counts),
 * without continuity correction: equals {@code scipy.stats.chi2_contingency(correction=False)}.
 *
 * <p>Categories empty on both sides are dropped (they carry no information and would give a 0
 * expected count). Degrees of freedom = (remaining categories − 1). With fewer than two remaining
 * categories the statistic is 0, dof 0 and the p-value 1 (nothing can differ). An empty side (all
 * counts 0) gives {@code NaN} statistic and p-value. The p-value is the chi-squared upper tail from Commons
 * Math's regularized gamma function; for large counts any difference is significant, so read it beside an effect size.
 */
public final class ChiSquare {
    /** Statistic (dimensionless), p-value (probability) and degrees of freedom. */
    public record Result(double statistic, double pValue, int dof) {
    }

    private ChiSquare() {
    }

    public static Result test(long[] reference, long[] current) {
        if (reference.length != current.length) {
            throw new IllegalArgumentException("category counts differ in length: "
                    + reference.length + " vs " + current.length);
        }
        double n1 = Probabilities.checkedSum(Probabilities.of(reference));
        double n2 = Probabilities.checkedSum(Probabilities.of(current));
        if (n1 == 0.0 || n2 == 0.0) {
            return new Result(Double.NaN, Double.NaN, 0);
        }
        double total = n1 + n2;
        double stat = 0.0;
        int columns = 0;
        for (int i = 0; i < reference.length; i++) {
            double col = (double) reference[i] + current[i];
            if (col == 0.0) {
                continue;
            }
            columns++;
            double e1 = col * n1 / total;
            double e2 = col * n2 / total;
            stat += sq(reference[i] - e1) / e1 + sq(current[i] - e2) / e2;
        }
        if (columns < 2) {
            return new Result(0.0, 1.0, 0);
        }
        int dof = columns - 1;
        // upper tail Q(dof/2, stat/2) directly, so tiny p-values keep their relative precision
        double p = Gamma.regularizedGammaQ(dof / 2.0, stat / 2.0);
        return new Result(stat, p, dof);
    }

    private static double sq(double x) {
        return x * x;
    }
}
