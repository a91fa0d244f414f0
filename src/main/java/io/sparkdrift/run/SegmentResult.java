package io.sparkdrift.run;

import io.sparkdrift.compare.FeatureResult;
import java.util.List;

/**
 * The comparison of one segment ({@code --segment-by}): the segment's reference rows against the
 * same segment's current rows, on the overall reference's bins, feature by feature.
 *
 * @param segment the segment's label, e.g. {@code device=ios} or {@code market=DE, device=ios}; "other"
 *     pools every value outside the reference's most frequent segments (and rows with a null in a
 *     segment column)
 * @param key the segment key its rows have (null for "other")
 * @param referenceRows the segment's rows in the reference
 * @param currentRows the segment's rows in the current data (0: not in the current data; no features)
 * @param features worst drift first, as in {@link RunSummary}
 */
public record SegmentResult(String segment, String key, long referenceRows, long currentRows, List<FeatureResult> features) {
    /** The label of the pooled segment. */
    public static final String OTHER = "other";

    public SegmentResult {
        features = features.stream().sorted(RunSummary.WORST_FIRST).toList();
    }

    public long driftedCount() {
        return features.stream().filter(FeatureResult::drifted).count();
    }
}
