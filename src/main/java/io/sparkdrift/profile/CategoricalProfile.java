package io.sparkdrift.profile;

/**
 * Immutable profile of one categorical feature in one dataset.
 *
 * @param rows all rows, including nulls
 * @param nulls SQL nulls
 * @param counts per vocabulary category, then the pooled "other" bin last
 * @param outside the most frequent values outside the vocabulary
 * @param novel values outside the vocabulary that the reference certainly never had (its
 *     {@link CategoricalBinning#referenceValues()} does not hold them); 0 without that filter
 */
public record CategoricalProfile(String feature, CategoricalBinning binning, long rows, long nulls,
        long[] counts, OutsideCategories outside, long novel) implements FeatureProfile {
    public CategoricalProfile {
        counts = counts.clone();
        if (counts.length != binning.bins()) {
            throw new IllegalArgumentException("expected " + binning.bins() + " category counts, got " + counts.length);
        }
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public FeatureType type() {
        return FeatureType.CATEGORICAL;
    }

    @Override
    public long nan() {
        return 0;
    }

    @Override
    public long infinite() {
        return 0;
    }

    @Override
    public long comparable() {
        return rows - nulls;
    }

    /** Rows in the pooled "other" bin. */
    public long other() {
        return counts[binning.otherBin()];
    }

    /**
     * The largest count among the vocabulary's categories (0 without any). On the reference's own
     * vocabulary, which keeps its most frequent values, 1 means every value occurs once: an identifier.
     */
    public long largestKeptCount() {
        long most = 0;
        for (int i = 0; i < binning.otherBin(); i++) {
            most = Math.max(most, counts[i]);
        }
        return most;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CategoricalProfile c && feature.equals(c.feature) && binning.equals(c.binning)
                && rows == c.rows && nulls == c.nulls && java.util.Arrays.equals(counts, c.counts)
                && outside.equals(c.outside) && novel == c.novel;
    }

    @Override
    public int hashCode() {
        return feature.hashCode() * 31 + java.util.Arrays.hashCode(counts);
    }
}
