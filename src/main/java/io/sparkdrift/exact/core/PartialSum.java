package io.sparkdrift.exact.core;

import java.io.Serializable;
import java.util.Comparator;

/**
 * One task's share of one feature's exact distance: a part of ∫|F − G| dx (W1) or of
 * ∫(F⁻¹ − G⁻¹)² du (W2²), summed over tasks, or the largest |F − G| seen by the task (KS), the
 * maximum over tasks; or one order statistic of one side (the value at a rank the quantiles need).
 *
 * @param kind which distance
 * @param feature index of the feature in the plan
 * @param task the x-task (W1, KS) or u-slice (W2²) that computed it — for the W2² an x-task pairs
 *     itself, the feature's number of u-slices plus the x-task; for the order statistics
 *     (ORDER_REFERENCE, ORDER_CURRENT), each found by exactly one task, the statistic's index in
 *     {@link Exact#orderRanks}
 * @param value the share: feature units for W1, squared feature units for W2², probability for KS
 */
public record PartialSum(Kind kind, int feature, int task, double value) implements Serializable {
    /** Which distance a partial sum belongs to. */
    public enum Kind {
        W1, KS, W2_SQUARED, ORDER_REFERENCE, ORDER_CURRENT
    }

    /** The order partial sums are combined in: kind, feature, task — fixed, so the same data gives the same bits. */
    public static final Comparator<PartialSum> COMBINATION_ORDER = Comparator.comparing(PartialSum::kind)
            .thenComparingInt(PartialSum::feature).thenComparingInt(PartialSum::task);
}
