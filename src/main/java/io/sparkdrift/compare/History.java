package io.sparkdrift.compare;

import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureProfile;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference's history of each metric: every reference day compared with the rest of the
 * reference (leave one day out), from the daily profiles alone — no data is read. The rest is merged
 * from a prefix and a suffix of the days (3·D merges for D days, not D²); merges add counts exactly.
 * Features are taken one at a time, so the merges held at once are one feature's, not every feature's.
 */
public final class History {
    /** The metrics whose history is kept: every thresholdable distance and share (not p-values, bounds or entropies). */
    public static final List<Metric> LEARNABLE = List.of(Metric.KL_DIVERGENCE, Metric.KL_DIVERGENCE_REVERSED,
            Metric.JS_DIVERGENCE, Metric.JS_DISTANCE, Metric.PSI, Metric.HELLINGER, Metric.WASSERSTEIN,
            Metric.WASSERSTEIN_NORMED, Metric.WASSERSTEIN_P2, Metric.KS_STATISTIC, Metric.CHI2_STATISTIC, Metric.LINF,
            Metric.NULL_RATE_DELTA, Metric.OUT_OF_RANGE_SHARE, Metric.NEW_CATEGORY_SHARE);

    private History() {
    }

    /**
     * feature → metric → its value for each day (in the given order) against the other days merged;
     * NaN where a day or a comparison has no value. Fewer than 2 days give an empty map.
     *
     * @param days daily profiles on the same binnings, holding the same features
     */
    public static Map<String, Map<Metric, double[]>> leaveOneDayOut(List<DatasetProfile> days, FeatureComparator comparator) {
        return leaveOneDayOut(DailyProfiles.of(days), comparator);
    }

    /**
     * As {@link #leaveOneDayOut(List, FeatureComparator)}, reading each day's profile of one feature at
     * a time (so days kept on disk are read back a feature at a time, once).
     */
    public static Map<String, Map<Metric, double[]>> leaveOneDayOut(DailyProfiles days, FeatureComparator comparator) {
        int d = days.size();
        Map<String, Map<Metric, double[]>> out = new LinkedHashMap<>();
        if (d < 2) {
            return out;
        }
        for (String feature : days.features()) { // one feature at a time: 3·D of its profiles held, not of all
            Map<Metric, double[]> m = new EnumMap<>(Metric.class);
            for (Metric metric : LEARNABLE) {
                double[] v = new double[d];
                java.util.Arrays.fill(v, Double.NaN);
                m.put(metric, v);
            }
            out.put(feature, m);
            List<DatasetProfile> own = new ArrayList<>(d);
            for (int i = 0; i < d; i++) {
                own.add(new DatasetProfile(days.rows(i), Map.of(feature, days.feature(i, feature))));
            }
            DatasetProfile[] prefix = new DatasetProfile[d]; // prefix[i] = days 0..i-1 (null for none)
            DatasetProfile[] suffix = new DatasetProfile[d]; // suffix[i] = days i+1..d-1
            DatasetProfile acc = null;
            for (int i = 0; i < d; i++) {
                prefix[i] = acc;
                acc = acc == null ? own.get(i) : acc.merge(own.get(i));
            }
            acc = null;
            for (int i = d - 1; i >= 0; i--) {
                suffix[i] = acc;
                acc = acc == null ? own.get(i) : own.get(i).merge(acc);
            }
            for (int i = 0; i < d; i++) {
                DatasetProfile rest = prefix[i] == null ? suffix[i] : suffix[i] == null ? prefix[i] : prefix[i].merge(suffix[i]);
                FeatureProfile ref = rest.feature(feature);
                FeatureProfile day = own.get(i).feature(feature);
                if (ref == null || day == null || day.rows() == 0) {
                    continue;
                }
                FeatureResult r = comparator.compare(ref, day);
                for (Map.Entry<Metric, double[]> e : m.entrySet()) {
                    Double v = r.metrics().get(e.getKey());
                    e.getValue()[i] = v == null ? Double.NaN : v;
                }
            }
        }
        return out;
    }
}
