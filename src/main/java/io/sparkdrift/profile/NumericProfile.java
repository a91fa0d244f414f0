package io.sparkdrift.profile;

import io.sparkdrift.math.BinnedSample;

/**
 * Immutable profile of one numeric feature in one dataset.
 *
 * @param rows all rows seen, including nulls and non-finite values
 * @param nulls SQL nulls
 * @param nan NaN values
 * @param posInf +∞ values
 * @param negInf −∞ values
 * @param sample the finite values on the fine grid of {@code binning}
 */
public record NumericProfile(String feature, NumericBinning binning, long rows, long nulls, long nan,
        long posInf, long negInf, BinnedSample sample) implements FeatureProfile {

    @Override
    public FeatureType type() {
        return FeatureType.NUMERIC;
    }

    /** Values that enter the distribution: finite, non-null. */
    @Override
    public long comparable() {
        return sample.total();
    }

    @Override
    public long infinite() {
        return posInf + negInf;
    }

    /** The counts on the coarse grid used for KL, JS, PSI and Hellinger. */
    public long[] coarseCounts() {
        return binning.coarseCounts(sample.counts());
    }

    /** Population standard deviation of the finite values, feature units (finite for any finite values); NaN when there are none. */
    public double std() {
        return sample.std();
    }
}
