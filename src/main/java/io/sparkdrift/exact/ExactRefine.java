package io.sparkdrift.exact;

import io.sparkdrift.exact.core.ExactPlan;
import io.sparkdrift.math.BinnedSample;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.scan.ProfileScan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Splits the fine bins that would make one exact-mode task too big, before the exact pass plans its
 * tasks. A bin is too big when it holds more than a task's share of values and is not a single value
 * on each side (those travel run-length encoded, a few entries whatever their count). That happens
 * when the data leaves the reference range — the current data entirely above the reference maximum
 * puts all of it in the overflow bin — or crowds into one reference quantile bin.
 *
 * <p>Each round cuts every such bin into equal-width sub-bins between the smallest and largest value
 * either side has in it (known exactly from the profiles), then profiles both datasets on the
 * refined edges (one scan each, of the refined features only) for the exact counts the plan needs.
 * Equal-width cuts serve smooth data in one round; skewed data (one far value stretching the bin)
 * gets further rounds on the sub-bins still too big, up to {@value #MAX_ROUNDS}. The results do not
 * depend on the cuts: the exact sweeps are exact on any edges.
 */
final class ExactRefine {
    private static final org.apache.logging.log4j.Logger LOG = org.apache.logging.log4j.LogManager.getLogger(ExactRefine.class);
    static final int MAX_ROUNDS = 3;
    /** Sub-bins per task's share of values in a bin (several, so that uneven sub-bins still fit). */
    static final int CUTS_PER_SHARE = 4;
    static final int MAX_CUTS = 1 << 12;

    /** The binnings and the two profiles the exact plan is made from. */
    record Refined(NumericBinning[] binnings, NumericProfile[] ref, NumericProfile[] cur, int rounds) {
    }

    private ExactRefine() {
    }

    static Refined refine(Dataset<Row> referenceData, Dataset<Row> currentData, List<FeatureSpec> numeric,
            NumericBinning[] binnings, NumericProfile[] ref, NumericProfile[] cur, long target) {
        binnings = binnings.clone();
        ref = ref.clone();
        cur = cur.clone();
        int round = 0;
        for (; round < MAX_ROUNDS; round++) {
            List<FeatureSpec> features = new ArrayList<>();
            Map<String, NumericBinning> refined = new LinkedHashMap<>();
            List<Integer> which = new ArrayList<>();
            for (int f = 0; f < binnings.length; f++) {
                NumericBinning b = split(binnings[f], ref[f].sample(), cur[f].sample(), target);
                if (b != null) {
                    features.add(numeric.get(f));
                    refined.put(numeric.get(f).name(), b);
                    which.add(f);
                }
            }
            if (features.isEmpty()) {
                break;
            }
            LOG.info("exact mode: cutting too-big bins of {} feature(s) ({}), round {}", features.size(),
                    String.join(", ", refined.keySet()), round + 1);
            DatasetProfile r = ProfileScan.profile(referenceData, features, List.of(), refined, Map.of());
            DatasetProfile c = ProfileScan.profile(currentData, features, List.of(), refined, Map.of());
            for (int i = 0; i < which.size(); i++) {
                int f = which.get(i);
                String name = features.get(i).name();
                binnings[f] = refined.get(name);
                ref[f] = (NumericProfile) r.feature(name);
                cur[f] = (NumericProfile) c.feature(name);
            }
        }
        return new Refined(binnings, ref, cur, round);
    }

    /** Whether bin {@code b} is too big for one task: many values, not one value per side. */
    static boolean tooBig(BinnedSample r, BinnedSample c, int b, long target) {
        return r.count(b) + c.count(b) > target && !(ExactPlan.singleValued(r, b) && ExactPlan.singleValued(c, b));
    }

    /** The binning with every too-big bin cut into equal-width sub-bins; null if no bin is too big or can be cut. */
    static NumericBinning split(NumericBinning binning, BinnedSample r, BinnedSample c, long target) {
        double[] edges = binning.edges();
        TreeSet<Double> cuts = new TreeSet<>();
        for (int b = 0; b < r.binCount(); b++) {
            if (!tooBig(r, c, b, target)) {
                continue;
            }
            double lo = Math.min(r.min(b), c.min(b)); // an empty side's min/max are +∞/−∞
            double hi = Math.max(r.max(b), c.max(b));
            long shares = (r.count(b) + c.count(b) + target - 1) / target;
            int pieces = (int) Math.min(MAX_CUTS, CUTS_PER_SHARE * shares);
            for (int j = 1; j < pieces; j++) {
                double x = lo + (hi - lo) * ((double) j / pieces) + 0.0; // never -0.0
                // strictly inside the bin and the value range, so every cut makes two non-empty sides
                if (x > lo && x <= hi && (b == 0 || x > edges[b - 1]) && (b == edges.length || x < edges[b])
                        && Double.isFinite(x)) {
                    cuts.add(x);
                }
            }
        }
        if (cuts.isEmpty()) {
            return null;
        }
        TreeSet<Double> all = new TreeSet<>(cuts);
        for (double e : edges) {
            all.add(e);
        }
        double[] merged = all.stream().mapToDouble(Double::doubleValue).toArray();
        int[] coarse = new int[binning.coarse().length];
        for (int i = 0; i < coarse.length; i++) {
            coarse[i] = java.util.Arrays.binarySearch(merged, edges[binning.coarse()[i]]);
        }
        return new NumericBinning(merged, coarse, binning.discrete());
    }
}
