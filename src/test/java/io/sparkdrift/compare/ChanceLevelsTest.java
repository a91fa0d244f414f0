package io.sparkdrift.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.profile.CategoricalAccumulator;
import io.sparkdrift.profile.CategoricalBinning;
import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.testing.Draws;
import io.sparkdrift.testing.Profiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * Small samples do not cry wolf: nights drawn from the reference's own distribution, compared and
 * judged by the product's code with the default thresholds, drift about as often as the chance level
 * allows (1 %), where without it they drifted on most nights; a real shift in a large night is still
 * found.
 */
class ChanceLevelsTest {
    private static final FeatureComparator COMPARATOR = new FeatureComparator(FeatureComparator.DEFAULT_SMOOTHING,
            DriftPolicy.defaults());
    private static final int NIGHTS = 100;
    private static final int[] SIZES = {100, 300, 3000};

    @Test
    void nightsOfTheReferencesOwnDistributionRarelyDriftAtAnySize() {
        Random r = new Random(21);
        Map<String, FeatureProfile> refs = new LinkedHashMap<>();
        Map<String, java.util.function.IntFunction<FeatureProfile>> nights = new LinkedHashMap<>();
        numeric(r, "normal", r::nextGaussian, refs, nights);
        numeric(r, "lognormal", () -> Math.exp(r.nextGaussian()), refs, nights);
        numeric(r, "counts", () -> Draws.poisson(r, 3), refs, nights);
        numeric(r, "zero_inflated", () -> r.nextDouble() < 0.8 ? 0 : Math.exp(2 * r.nextGaussian()), refs, nights);
        categorical(r, "uniform20", 20, () -> r.nextInt(20), refs, nights);
        categorical(r, "uniform200", 200, () -> r.nextInt(200), refs, nights);
        categorical(r, "zipf200", 200, () -> Math.min(199, (int) Math.floor(Math.pow(r.nextDouble(), -1.0 / 0.4)) - 1), refs, nights);
        int alarms = 0;
        int alarmsWithout = 0;
        int judged = 0;
        List<String> worst = new ArrayList<>();
        for (int size : SIZES) {
            for (String f : refs.keySet()) {
                int a = 0;
                int without = 0;
                for (int night = 0; night < NIGHTS; night++) {
                    FeatureResult res = COMPARATOR.compare(refs.get(f), nights.get(f).apply(size));
                    a += judge(res, Verdicts.DEFAULT_CHANCE) ? 1 : 0;
                    without += judge(res, 0) ? 1 : 0;
                }
                alarms += a;
                alarmsWithout += without;
                judged += NIGHTS;
                if (a > 0.06 * NIGHTS) {
                    worst.add(f + " at " + size + ": " + a + " of " + NIGHTS);
                }
            }
        }
        double rate = (double) alarms / judged;
        double rateWithout = (double) alarmsWithout / judged;
        assertTrue(worst.isEmpty(), "a feature drifted on more than 6 % of nights: " + worst);
        assertTrue(rate <= 0.02, "false alarms " + rate + " of feature-nights (without the chance level " + rateWithout + ")");
        assertTrue(rateWithout >= 0.25, "the case needs the rule: without it " + rateWithout + " of feature-nights drifted");
    }

    @Test
    void smallNightsOfTheReferencesNullRateRarelyDriftOnIt() {
        Random r = new Random(24);
        double[] ref = draw(r, 100_000, () -> r.nextBoolean() ? Double.NaN : r.nextGaussian()); // half missing
        NumericBinning bins = Profiles.fitDefault(java.util.Arrays.stream(ref).filter(x -> !Double.isNaN(x)).toArray());
        FeatureProfile refProfile = Profiles.profile(bins, ref);
        int with = 0;
        int without = 0;
        for (int night = 0; night < 300; night++) {
            FeatureResult res = COMPARATOR.compare(refProfile, Profiles.profile(bins, draw(r, 100, () -> r.nextBoolean() ? Double.NaN
                    : r.nextGaussian())));
            with += nullRateDrifts(res, Verdicts.DEFAULT_CHANCE) ? 1 : 0;
            without += nullRateDrifts(res, 0) ? 1 : 0;
        }
        assertTrue(with <= 6, with + " of 300 nights drifted on null_rate_delta (" + without + " without the chance level)");
        assertTrue(without >= 9, "the case needs the level: without it " + without + " of 300 nights drifted on it");
        // a real change still drifts: three in four rows missing
        FeatureResult worse = COMPARATOR.compare(refProfile, Profiles.profile(bins, draw(r, 100, () -> r.nextDouble() < 0.75
                ? Double.NaN : r.nextGaussian())));
        assertTrue(nullRateDrifts(worse, Verdicts.DEFAULT_CHANCE), worse.metrics().toString());
        // the raised threshold is stated, in rows
        FeatureResult night = COMPARATOR.compare(refProfile, Profiles.profile(bins, draw(r, 100, () -> r.nextBoolean() ? Double.NaN
                : r.nextGaussian())));
        Verdicts.Rules rules = new Verdicts.Rules(Double.NaN, Verdicts.DEFAULT_MIN_ROWS, Map.of(), Verdicts.DEFAULT_CHANCE);
        FeatureResult judged = Verdicts.apply(COMPARATOR, DriftPolicy.defaults(), List.of(List.of(night)), rules).get(0).get(0);
        assertTrue(judged.details().get("warnings").toString().contains("(of 100000 and 100 rows)"), judged.details().toString());
        // and a large night keeps the threshold as given
        assertTrue(Double.isNaN(ChanceLevels.nullRate(refProfile, 100_000, 5000, 0.1, 0.01)));
    }

    private static boolean nullRateDrifts(FeatureResult r, double chance) {
        Verdicts.Rules rules = new Verdicts.Rules(Double.NaN, Verdicts.DEFAULT_MIN_ROWS, Map.of(), chance);
        return Verdicts.apply(COMPARATOR, DriftPolicy.defaults(), List.of(List.of(r)), rules).get(0).get(0).triggered()
                .contains(Metric.NULL_RATE_DELTA);
    }

    @Test
    void aRealShiftInALargeNightIsStillFound() {
        Random r = new Random(22);
        double[] ref = draw(r, 100_000, r::nextGaussian);
        NumericBinning bins = Profiles.fitDefault(ref);
        FeatureProfile refProfile = Profiles.profile(bins, ref);
        FeatureResult shifted = COMPARATOR.compare(refProfile, Profiles.profile(bins, draw(r, 10_000, () -> 0.2 + r.nextGaussian())));
        assertTrue(judge(shifted, Verdicts.DEFAULT_CHANCE), "a 0.2 σ shift in 10,000 values drifts");
        FeatureResult small = COMPARATOR.compare(refProfile, Profiles.profile(bins, draw(r, 100, () -> 1.0 + r.nextGaussian())));
        assertTrue(judge(small, Verdicts.DEFAULT_CHANCE), "a 1 σ shift in 100 values drifts: chance reaches about 0.25 σ there");
    }

    @Test
    void levelsAreTheSameOnEveryRunAndShrinkAsSamplesGrow() {
        Random r = new Random(23);
        double[] ref = draw(r, 50_000, () -> Math.exp(r.nextGaussian()));
        FeatureProfile p = Profiles.profile(Profiles.fitDefault(ref), ref);
        Map<Metric, Double> t = Map.of(Metric.WASSERSTEIN_NORMED, 0.01, Metric.JS_DISTANCE, 0.01, Metric.KS_STATISTIC, 0.01);
        Map<Metric, Double> a = ChanceLevels.of(p, 50_000, 300, t, 1e-4, 0.01);
        assertEquals(a, ChanceLevels.of(p, 50_000, 300, t, 1e-4, 0.01), "seeded by the feature and the sizes");
        Map<Metric, Double> b = ChanceLevels.of(p, 50_000, 3000, t, 1e-4, 0.01);
        for (Metric m : t.keySet()) {
            assertTrue(b.get(m) < a.get(m) / 2, m + ": " + a.get(m) + " at 300 values, " + b.get(m) + " at 3,000");
        }
        // KS's level against its known large-sample point: 1.63 √(1/n + 1/m) at alpha 0.01 (groups make it a little lower)
        double ks = 1.63 * Math.sqrt(1.0 / 50_000 + 1.0 / 3000);
        assertTrue(b.get(Metric.KS_STATISTIC) > 0.85 * ks && b.get(Metric.KS_STATISTIC) < 1.1 * ks, b.get(Metric.KS_STATISTIC) + " vs " + ks);
        assertTrue(ChanceLevels.of(p, 10_000_000, 10_000_000, Map.of(Metric.WASSERSTEIN_NORMED, 0.1), 1e-4, 0.01).isEmpty(),
                "large samples: nothing simulated");
        assertTrue(ChanceLevels.of(p, 20_000, 20_000, Map.of(Metric.PSI, 0.1, Metric.JS_DISTANCE, 0.1), 1e-4, 0.01).isEmpty(),
                "divergences are judged on the coarse bins they are computed on, not on W1's small groups");
    }

    /** Whether the result drifts once the run-level rules judge it (default rules, this chance alpha). */
    private static boolean judge(FeatureResult r, double chance) {
        Verdicts.Rules rules = new Verdicts.Rules(Double.NaN, Verdicts.DEFAULT_MIN_ROWS, Map.of(), chance);
        return Verdicts.apply(COMPARATOR, DriftPolicy.defaults(), List.of(List.of(r)), rules).get(0).get(0).drifted();
    }

    private static void numeric(Random r, String name, DoubleSupplier s, Map<String, FeatureProfile> refs,
            Map<String, java.util.function.IntFunction<FeatureProfile>> nights) {
        double[] ref = draw(r, 100_000, s);
        NumericBinning bins = Profiles.fitDefault(ref);
        refs.put(name, Profiles.profile(bins, ref));
        nights.put(name, size -> Profiles.profile(bins, draw(r, size, s)));
    }

    private static void categorical(Random r, String name, int k, IntSupplier s, Map<String, FeatureProfile> refs,
            Map<String, java.util.function.IntFunction<FeatureProfile>> nights) {
        List<String> vocab = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            vocab.add("c" + i);
        }
        CategoricalBinning b = new CategoricalBinning(vocab, true);
        refs.put(name, counted(b, name, 100_000, s));
        nights.put(name, size -> counted(b, name, size, s));
    }

    private static FeatureProfile counted(CategoricalBinning b, String name, int size, IntSupplier s) {
        CategoricalAccumulator a = new CategoricalAccumulator(b);
        for (int i = 0; i < size; i++) {
            a.add("c" + s.getAsInt());
        }
        return a.snapshot(name);
    }

    private static double[] draw(Random r, int n, DoubleSupplier s) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = s.getAsDouble();
        }
        return v;
    }
}
