package io.sparkdrift.compare;

import java.util.List;

/**
 * What moved in one feature, from the profiles alone (no extra scan).
 *
 * @param bins every coarse bin (or category) with its shares and divergence terms, in bin order
 * @param moved the smallest set of bins whose JS terms cover at least {@link Explanations#COVER} of
 *     the JS divergence, largest term first (empty when JS is 0)
 * @param jsCovered the share of the JS divergence the moved bins hold; NaN when JS is 0
 * @param bestAccuracy ½(1 + total variation): the accuracy of the best possible classifier telling a
 *     reference value from a current one on these bins, with equal priors (½ = indistinguishable)
 * @param quantiles p1 … p99 of both sides (numeric features; empty for categorical ones)
 * @param text the same in plain words, e.g. "values ≥ 120 rose from 5.0 % to 15.0 %; median 80 → 95"
 */
public record Explanation(List<BinContribution> bins, List<BinContribution> moved, double jsCovered,
        double bestAccuracy, List<QuantileShift> quantiles, String text) {
    public Explanation {
        bins = List.copyOf(bins);
        moved = List.copyOf(moved);
        quantiles = List.copyOf(quantiles);
    }
}
