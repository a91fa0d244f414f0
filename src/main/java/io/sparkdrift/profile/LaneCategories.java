package io.sparkdrift.profile;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The categorical half of the segment lanes ({@link SegmentedReference}): per categorical feature,
 * every value's exact count in each lane — while the feature has at most as many distinct values as
 * the whole reference's frequent-items sketch counts exactly; past that the feature is marked lost
 * (its segments need a scan, as the whole reference's profile of such a feature does). One hash
 * lookup and one increment per value (the value's hash is the one the whole sketch just computed).
 *
 * <p>Mergeable (value by value, lanes mapped by the caller); counts are integers, so the result does
 * not depend on the order of rows or merges.
 */
final class LaneCategories implements Serializable {
    private final int maxValues;
    /** Per feature: value → count per lane; null once the feature is lost. */
    private final List<HashMap<String, long[]>> counts = new ArrayList<>();
    private int lanes;

    /**
     * @param features categorical features
     * @param maxValues distinct values kept per feature at most (the whole sketch's exact capacity)
     */
    LaneCategories(int features, int maxValues) {
        this.maxValues = maxValues;
        for (int j = 0; j < features; j++) {
            counts.add(new HashMap<>());
        }
    }

    void addLane() {
        lanes++;
    }

    void dropLanes() {
        lanes = 0;
        counts.replaceAll(m -> m == null ? null : new HashMap<>());
    }

    /** Counts feature j's non-null value in lane l. */
    void add(int j, int l, String value) {
        HashMap<String, long[]> m = counts.get(j);
        if (m == null) {
            return;
        }
        long[] c = m.get(value);
        if (c == null) {
            if (m.size() == maxValues) {
                counts.set(j, null);
                return;
            }
            c = new long[lanes];
            m.put(value, c);
        } else if (c.length < lanes) {
            c = java.util.Arrays.copyOf(c, lanes);
            m.put(value, c);
        }
        c[l]++;
    }

    /** Folds {@code other}'s lane l into lane laneMap[l] of this (this holds every target lane already). */
    void merge(LaneCategories other, int[] laneMap) {
        for (int j = 0; j < counts.size(); j++) {
            HashMap<String, long[]> m = counts.get(j);
            HashMap<String, long[]> o = other.counts.get(j);
            if (m == null || o == null) {
                counts.set(j, null);
                continue;
            }
            for (Map.Entry<String, long[]> e : o.entrySet()) {
                long[] c = m.get(e.getKey());
                if (c == null) {
                    if (m.size() == maxValues) {
                        counts.set(j, null);
                        break;
                    }
                    c = new long[lanes];
                } else if (c.length < lanes) {
                    c = java.util.Arrays.copyOf(c, lanes);
                }
                m.put(e.getKey(), c);
                long[] add = e.getValue();
                for (int l = 0; l < add.length; l++) {
                    c[laneMap[l]] += add[l];
                }
            }
        }
    }

    /**
     * Feature j's profile on {@code binning} in the rows of lanes {@code which} ({@code rows} of
     * them), or null when the feature was lost.
     */
    CategoricalProfile profile(String feature, int j, CategoricalBinning binning, int[] which, long rows) {
        HashMap<String, long[]> m = counts.get(j);
        if (m == null) {
            return null;
        }
        List<Map.Entry<String, Long>> items = new ArrayList<>();
        for (Map.Entry<String, long[]> e : m.entrySet()) {
            long n = 0;
            for (int l : which) {
                n += l < e.getValue().length ? e.getValue()[l] : 0;
            }
            if (n > 0) {
                items.add(Map.entry(e.getKey(), n));
            }
        }
        return VocabularyFit.fromExactCounts(feature, binning, rows, items);
    }
}
