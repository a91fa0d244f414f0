package io.sparkdrift.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.profile.FeatureType;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.testing.Profiles;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The comparison layer on its own: error paths, the drift decision on NaN and ±∞ values, severity,
 * per-feature thresholds and the exact-mode override.
 */
class FeatureComparatorTest {
    private static final FeatureComparator DEFAULTS = new FeatureComparator(FeatureComparator.DEFAULT_SMOOTHING,
            DriftPolicy.defaults());

    private static double[] normal(long seed, int n, double shift) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = shift + r.nextGaussian();
        }
        return v;
    }

    private static FeatureResult compare(FeatureComparator cmp, double[] ref, double[] cur) {
        NumericBinning bins = Profiles.fitDefault(ref);
        return cmp.compare(Profiles.profile(bins, ref), Profiles.profile(bins, cur));
    }

    @Test
    void aShiftedFeatureDriftsOnItsThresholdedMetricAndAnUnchangedOneDoesNot() {
        FeatureResult shifted = compare(DEFAULTS, normal(1, 5000, 0), normal(2, 5000, 0.5));
        assertEquals(FeatureStatus.OK, shifted.status());
        assertEquals(List.of(Metric.WASSERSTEIN_NORMED), shifted.triggered());
        assertTrue(shifted.severity() > 4, "0.5 sigma is about 5x the 0.1 threshold: " + shifted.severity());
        FeatureResult same = compare(DEFAULTS, normal(1, 5000, 0), normal(3, 5000, 0));
        assertFalse(same.drifted());
        assertTrue(same.severity() < 1);
    }

    @Test
    void entropiesAreOnTheKlBinsAndCrossEntropyIsEntropyPlusKl() {
        double[] ref = normal(1, 5000, 0);
        NumericBinning bins = Profiles.fitDefault(ref);
        NumericProfile p = Profiles.profile(bins, ref);
        NumericProfile q = Profiles.profile(bins, normal(2, 3000, 0.7));
        FeatureResult r = DEFAULTS.compare(p, q);
        double[] ps = io.sparkdrift.math.Probabilities.smoothed(p.coarseCounts(), FeatureComparator.DEFAULT_SMOOTHING);
        double[] qs = io.sparkdrift.math.Probabilities.smoothed(q.coarseCounts(), FeatureComparator.DEFAULT_SMOOTHING);
        assertEquals(io.sparkdrift.math.Divergences.entropy(ps), r.metrics().get(Metric.ENTROPY_REFERENCE));
        assertEquals(io.sparkdrift.math.Divergences.entropy(qs), r.metrics().get(Metric.ENTROPY_CURRENT));
        assertEquals(r.metrics().get(Metric.ENTROPY_REFERENCE) + r.metrics().get(Metric.KL_DIVERGENCE),
                r.metrics().get(Metric.CROSS_ENTROPY), 1e-12, "H(P,Q) = H(P) + D(P||Q)");
        assertTrue(r.metrics().get(Metric.ENTROPY_REFERENCE) <= Math.log(p.coarseCounts().length) + 1e-12, "H <= ln k");
        FeatureResult same = DEFAULTS.compare(p, p);
        assertEquals(same.metrics().get(Metric.ENTROPY_REFERENCE), same.metrics().get(Metric.CROSS_ENTROPY),
                "identical distributions: H(P,P) = H(P) exactly");
        assertEquals(0.0, same.metrics().get(Metric.HELLINGER), "identical distributions: Hellinger exactly 0");
        assertEquals(0.0, same.metrics().get(Metric.JS_DIVERGENCE));
        assertEquals(0.0, same.metrics().get(Metric.KL_DIVERGENCE));
        assertEquals(0.0, same.metrics().get(Metric.PSI));
    }

    @Test
    void aFeatureWithNoComparableValuesIsAnErrorThatStillReportsItsNullRate() {
        double[] ref = normal(1, 1000, 0);
        double[] allNaN = new double[500];
        java.util.Arrays.fill(allNaN, Double.NaN);
        FeatureResult r = compare(DEFAULTS, ref, allNaN);
        assertEquals(FeatureStatus.ERROR, r.status());
        assertFalse(r.ok());
        assertTrue(r.error().startsWith("the current data has no finite values"), r.error());
        assertEquals(1.0, r.metrics().get(Metric.NULL_RATE_DELTA));
        assertTrue(r.drifted(), "a feature that became all NaN drifts on its null rate");
        assertNull(r.metrics().get(Metric.WASSERSTEIN));
    }

    @Test
    void valuesMissingWhereTheReferenceHadNoneAreNewsEvenBelowTheThreshold() {
        double[] ref = normal(1, 5000, 0);
        double[] few = normal(2, 2000, 0);
        for (int i = 0; i < 40; i++) {
            few[i * 50] = Double.NaN; // 2 % of the rows
        }
        FeatureResult r = compare(DEFAULTS, ref, few);
        assertFalse(r.drifted(), "2 % is below null_rate_delta's 0.1");
        assertEquals(List.of("40 of the current data's 2000 rows (2.0 %) have no value (null, NaN or ±∞), where each of"
                + " the reference's 5000 rows had one: below null_rate_delta's threshold, yet new"), r.warnings());
        assertEquals(r.warnings(), DEFAULTS.withExact(r, 0.01, 0.02, 0.01, 5000, 1960, List.of()).warnings(),
                "decided again with exact distances, once");
        // drifted on it: the explanation says it, no warning; a reference with missing values of its own: nothing new
        double[] many = few.clone();
        for (int i = 0; i < 400; i++) {
            many[i * 5] = Double.NaN;
        }
        FeatureResult drifted = compare(DEFAULTS, ref, many);
        assertEquals(List.of(Metric.NULL_RATE_DELTA), drifted.triggered());
        assertTrue(drifted.warnings().isEmpty(), drifted.warnings().toString());
        double[] gappy = ref.clone();
        gappy[7] = Double.NaN;
        assertTrue(compare(DEFAULTS, gappy, few).warnings().isEmpty());
    }

    @Test
    void failedFeaturesCarryTheMessageAndNoMetrics() {
        FeatureResult r = DEFAULTS.failed("x", FeatureType.CATEGORICAL, "boom");
        assertEquals(FeatureStatus.ERROR, r.status());
        assertEquals("error", r.status().key());
        assertEquals("boom", r.error());
        assertTrue(r.metrics().isEmpty());
        assertFalse(r.drifted());
    }

    @Test
    void nanNeverTriggersAndInfinityAlwaysDoes() {
        assertFalse(DriftPolicy.triggers(Metric.PSI, Double.NaN, 0.1));
        assertEquals(0.0, DriftPolicy.severity(Metric.PSI, Double.NaN, 0.1));
        assertTrue(DriftPolicy.triggers(Metric.WASSERSTEIN_NORMED, Double.POSITIVE_INFINITY, 0.1));
        assertTrue(DriftPolicy.triggers(Metric.NULL_RATE_DELTA, -0.2, 0.1), "a signed metric triggers on its size");
        assertEquals(Double.POSITIVE_INFINITY, DriftPolicy.severity(Metric.WASSERSTEIN_NORMED, Double.POSITIVE_INFINITY, 0.1));
        // p-values: smaller is worse
        assertTrue(DriftPolicy.triggers(Metric.KS_PVALUE, 0.001, 0.01));
        assertFalse(DriftPolicy.triggers(Metric.KS_PVALUE, 0.5, 0.01));
        assertFalse(DriftPolicy.triggers(Metric.KS_PVALUE, Double.NaN, 0.01));
        assertEquals(Double.POSITIVE_INFINITY, DriftPolicy.severity(Metric.KS_PVALUE, 0.0, 0.01));
        assertEquals(10.0, DriftPolicy.severity(Metric.KS_PVALUE, 0.001, 0.01), 1e-12);
    }

    @Test
    void perFeatureThresholdsReplaceTheTypesThresholds() {
        DriftPolicy policy = new DriftPolicy(DriftPolicy.defaultNumeric(), DriftPolicy.defaultCategorical(),
                Map.of("x", Map.of(Metric.PSI, 1e-9)), 0.5);
        assertEquals(Map.of(Metric.PSI, 1e-9), policy.thresholds("x", FeatureType.NUMERIC));
        assertEquals(DriftPolicy.defaultNumeric(), policy.thresholds("y", FeatureType.NUMERIC));
        assertThrows(IllegalArgumentException.class, () -> new DriftPolicy(Map.of(), Map.of(), Map.of(), 1.5));
        assertThrows(IllegalArgumentException.class, () -> new FeatureComparator(-1, DriftPolicy.defaults()));
    }

    @Test
    void exactValuesReplaceTheEstimatesZeroTheBoundsAndDecideAgain() {
        double[] ref = normal(1, 4000, 0);
        double[] cur = normal(2, 4000, 0.05);
        FeatureResult binned = compare(DEFAULTS, ref, cur);
        assertFalse(binned.drifted());
        double std = ((NumericProfile) binned.reference()).std();
        FeatureResult exact = DEFAULTS.withExact(binned, 0.5 * std, 0.6 * std, 0.2, ref.length, cur.length, java.util.List.of());
        assertEquals(0.5, exact.metrics().get(Metric.WASSERSTEIN_NORMED), 1e-12);
        assertEquals(0.0, exact.metrics().get(Metric.WASSERSTEIN_BOUND));
        assertEquals(0.0, exact.metrics().get(Metric.KS_BOUND));
        assertEquals(0.6 * std, exact.metrics().get(Metric.WASSERSTEIN_P2));
        assertEquals(Boolean.TRUE, exact.details().get("exact"));
        assertTrue(exact.drifted(), "the decision is taken again on the exact values");
        FeatureResult failed = DEFAULTS.failed("x", FeatureType.NUMERIC, "boom");
        assertEquals(failed, DEFAULTS.withExact(failed, 1, 1, 1, 1, 1, java.util.List.of()), "an error result stays as it was");
    }
}
