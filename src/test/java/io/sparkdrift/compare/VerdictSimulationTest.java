package io.sparkdrift.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.FeatureType;
import io.sparkdrift.profile.NumericAccumulator;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.testing.Draws;
import io.sparkdrift.testing.Profiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A simulated history through the product's own profiling, comparison and verdict code (no Spark):
 * 50 features of five shapes (normal, log-normal, Poisson counts, zero-inflated, uniform), 30
 * reference days of 10^4 rows each, then 100 new nights of the same distributions. Learned
 * thresholds raise an alarm (any feature drifted) on at most 5 % of those nights; with --fdr q the
 * mean share of false discoveries among a night's discoveries stays at or under q while fixed
 * p-value thresholds flag several stable features a night; and a 0.1 σ mean shift of one feature in
 * a night of 10^6 rows is still found.
 */
class VerdictSimulationTest {
    static final int FEATURES = 50;
    static final int DAYS = 30;
    static final int ROWS = 10_000;
    static final int NIGHTS = 100;
    static List<NumericBinning> binnings;
    static List<DatasetProfile> history;
    static DatasetProfile reference;

    /** Feature f's value: shape f % 5, location and scale from f; {@code shift} in units of its σ. */
    static double draw(int f, SplittableRandom r, double shift) {
        double sd = sd(f);
        double base = switch (f % 5) {
            case 0 -> 10 + f + sd * gaussian(r);
            case 1 -> Math.exp(1 + 0.5 * gaussian(r));
            case 2 -> Draws.poisson(r, 4 + f % 7);
            case 3 -> r.nextDouble() < 0.7 ? 0.0 : -Math.log(1 - r.nextDouble()) * 30;
            default -> 100 * r.nextDouble();
        };
        return base + shift * sd;
    }

    /** The standard deviation of feature f's distribution (for the shift). */
    static double sd(int f) {
        return switch (f % 5) {
            case 0 -> 1 + f % 3;
            case 1 -> Math.sqrt((Math.exp(0.25) - 1) * Math.exp(2 + 0.25));
            case 2 -> Math.sqrt(4 + f % 7);
            case 3 -> 30 * Math.sqrt(0.3 * (2 - 0.3));
            default -> 100 / Math.sqrt(12);
        };
    }

    static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static DatasetProfile day(long seed, int rows, int shifted, double shift) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, FeatureProfile> features = new LinkedHashMap<>();
        for (int f = 0; f < FEATURES; f++) {
            NumericAccumulator acc = new NumericAccumulator(binnings.get(f));
            double s = f == shifted ? shift : 0.0;
            for (int i = 0; i < rows; i++) {
                acc.add(draw(f, r, s));
            }
            features.put("f" + f, acc.snapshot("f" + f));
        }
        return new DatasetProfile(rows, features);
    }

    @BeforeAll
    static void historyOfThirtyDays() {
        binnings = new ArrayList<>();
        SplittableRandom fit = new SplittableRandom(1);
        for (int f = 0; f < FEATURES; f++) {
            double[] sample = new double[ROWS];
            for (int i = 0; i < ROWS; i++) {
                sample[i] = draw(f, fit, 0);
            }
            binnings.add(Profiles.fitDefault(sample));
        }
        history = new ArrayList<>();
        for (int d = 0; d < DAYS; d++) {
            history.add(day(1000 + d, ROWS, -1, 0));
        }
        reference = history.get(0);
        for (int d = 1; d < DAYS; d++) {
            reference = reference.merge(history.get(d));
        }
    }

    private static Map<String, FeatureType> types() {
        Map<String, FeatureType> t = new LinkedHashMap<>();
        reference.features().keySet().forEach(f -> t.put(f, FeatureType.NUMERIC));
        return t;
    }

    private static List<FeatureResult> judge(FeatureComparator c, DriftPolicy policy, DatasetProfile night, Verdicts.Rules rules) {
        List<FeatureResult> raw = new ArrayList<>();
        reference.features().forEach((f, p) -> raw.add(c.compare(p, night.feature(f))));
        return Verdicts.apply(c, policy, List.of(raw), rules).get(0);
    }

    @Test
    void learnedThresholdsRaiseAFalseAlarmOnAtMostFivePercentOfNightsAndStillFindATenthOfASigma() {
        DriftPolicy policy = DriftPolicy.defaults();
        FeatureComparator c = new FeatureComparator(FeatureComparator.DEFAULT_SMOOTHING, policy);
        Map<String, Map<Metric, double[]>> h = History.leaveOneDayOut(history, c);
        Map<String, Map<Metric, LearnedThreshold>> learned = Verdicts.learn(h, types(), policy, Verdicts.DEFAULT_ALPHA);
        Verdicts.Rules rules = new Verdicts.Rules(Double.NaN, Verdicts.DEFAULT_MIN_ROWS, learned, Verdicts.DEFAULT_CHANCE);
        int alarms = 0;
        int fixedAlarms = 0;
        for (int n = 0; n < NIGHTS; n++) {
            DatasetProfile night = day(50_000 + n, ROWS, -1, 0);
            if (judge(c, policy, night, rules).stream().anyMatch(FeatureResult::drifted)) {
                alarms++;
            }
            if (judge(c, policy, night, Verdicts.Rules.defaults()).stream().anyMatch(FeatureResult::drifted)) {
                fixedAlarms++;
            }
        }
        System.out.printf("learned thresholds: false alarms on %d of %d nights (fixed thresholds: %d)%n", alarms, NIGHTS,
                fixedAlarms);
        assertTrue(alarms <= NIGHTS * 0.05, alarms + " of " + NIGHTS + " nights raised a false alarm");

        DatasetProfile shifted = day(99, 1_000_000, 0, 0.1);
        List<FeatureResult> r = judge(c, policy, shifted, rules);
        FeatureResult f0 = r.stream().filter(x -> x.feature().equals("f0")).findFirst().orElseThrow();
        assertTrue(f0.drifted(), "a 0.1 σ shift at 10^6 rows: " + f0.metrics().get(Metric.WASSERSTEIN_NORMED)
                + " vs learned " + f0.thresholds().get(Metric.WASSERSTEIN_NORMED));
        assertTrue(f0.thresholds().get(Metric.WASSERSTEIN_NORMED) < 0.1, "learned tighter than the fixed 0.1 here");
        assertTrue(f0.details().containsKey("learned_thresholds"));
        assertEquals(1, r.stream().filter(FeatureResult::drifted).count(), "only the shifted feature");
    }

    @Test
    void withFdrTheShareOfFalseDiscoveriesStaysAtOrUnderQ() {
        double q = 0.1;
        DriftPolicy pOnly = new DriftPolicy(Map.of(Metric.KS_PVALUE, q), Map.of(), Map.of(), 0.5);
        FeatureComparator c = new FeatureComparator(FeatureComparator.DEFAULT_SMOOTHING, pOnly);
        Verdicts.Rules fdr = new Verdicts.Rules(q, Verdicts.DEFAULT_MIN_ROWS, Map.of(), Verdicts.DEFAULT_CHANCE);
        double fdpSum = 0;
        double rawFalsePerNight = 0;
        int trueFound = 0;
        for (int n = 0; n < NIGHTS; n++) {
            // five features really moved (0.05 σ); the other 45 are the history's
            SplittableRandom r = new SplittableRandom(70_000 + n);
            Map<String, FeatureProfile> features = new LinkedHashMap<>();
            for (int f = 0; f < FEATURES; f++) {
                NumericAccumulator acc = new NumericAccumulator(binnings.get(f));
                double s = f < 5 ? 0.05 : 0.0;
                for (int i = 0; i < ROWS; i++) {
                    acc.add(draw(f, r, s));
                }
                features.put("f" + f, acc.snapshot("f" + f));
            }
            DatasetProfile night = new DatasetProfile(ROWS, features);
            List<FeatureResult> judged = judge(c, pOnly, night, fdr);
            long discoveries = judged.stream().filter(FeatureResult::drifted).count();
            long falseOnes = judged.stream().filter(x -> x.drifted() && Integer.parseInt(x.feature().substring(1)) >= 5).count();
            trueFound += (int) (discoveries - falseOnes);
            fdpSum += discoveries == 0 ? 0 : (double) falseOnes / discoveries;
            rawFalsePerNight += judge(c, pOnly, night, Verdicts.Rules.defaults()).stream()
                    .filter(x -> x.drifted() && Integer.parseInt(x.feature().substring(1)) >= 5).count();
        }
        double rate = fdpSum / NIGHTS;
        System.out.printf("--fdr %.2f: false discovery rate %.4f, %d true discoveries of %d; raw p ≤ %.2f: %.2f stable features"
                + " flagged a night%n", q, rate, trueFound, 5 * NIGHTS, q, rawFalsePerNight / NIGHTS);
        assertTrue(rate <= q, "FDR " + rate);
        assertTrue(rawFalsePerNight / NIGHTS > 1, "without the adjustment several stable features are flagged a night");
        assertTrue(trueFound > 0, "the adjustment still finds real moves");
    }
}
