package io.sparkdrift.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.profile.NumericAccumulator;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.testing.Draws;
import io.sparkdrift.testing.Profiles;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The binned W1 and KS against the exact values on the raw data, through the product's own fitting
 * path: the enclosure always holds, and the estimates meet the accuracy targets
 * |W1 − exact| ≤ max(1 % of W1, 0.001 × reference std) and |KS − exact| ≤ 0.005.
 */
class BinnedDistancesTest {
    private static final double KS_TOLERANCE = 0.005;
    private static final double ROUNDING = 1e-9;

    @Test
    void normalShift() {
        Random r = new Random(1);
        check(() -> r.nextGaussian(), () -> 0.3 + r.nextGaussian(), 20_000, 5_000);
    }

    @Test
    void sameDistributionSmallDifference() {
        Random r = new Random(2);
        check(() -> r.nextGaussian(), () -> r.nextGaussian(), 20_000, 20_000);
    }

    @Test
    void skewedAndScaled() {
        Random r = new Random(3);
        check(() -> Math.exp(r.nextGaussian()), () -> 1.3 * Math.exp(r.nextGaussian()), 30_000, 3_000);
    }

    @Test
    void integerCountsWithTies() {
        Random r = new Random(4);
        check(() -> (double) r.nextInt(6), () -> (double) (r.nextInt(6) + (r.nextDouble() < 0.2 ? 1 : 0)), 10_000, 10_000);
    }

    @Test
    void currentOutsideTheReferenceRange() {
        Random r = new Random(5);
        check(() -> r.nextDouble(), () -> 0.5 + 2 * r.nextDouble(), 5_000, 5_000);
    }

    @Test
    void disjointSupportsGiveTheExactGap() {
        Random r = new Random(6);
        Pair p = check(() -> r.nextDouble(), () -> 10 + r.nextDouble(), 5_000, 5_000);
        Estimate w = BinnedDistances.wasserstein1(p.ref, p.cur);
        assertEquals(w.lower(), w.upper(), 1e-9, "no bin holds both samples: the value is exact");
        assertEquals(1.0, BinnedDistances.ksStatistic(p.ref, p.cur).value(), 1e-12);
    }

    @Test
    void pointMassesAtZeroAndTheta() {
        double theta = 7.5;
        Pair p = check(() -> 0.0, () -> theta, 100, 100);
        assertEquals(theta, BinnedDistances.wasserstein1(p.ref, p.cur).value(), 1e-12);
        assertEquals(0.0, BinnedDistances.wasserstein1(p.ref, p.ref).value(), 1e-12);
    }

    @Test
    void anAtomMovedToAnotherHasExactlyTheirDistanceNotTheSumsRounding() {
        // 200,000 offsets summed in a bin whose values are all 8: their rounding once gave 1.0000000000000007 with a bound of 0
        Pair p = check(() -> 7.0, () -> 8.0, 200_000, 200_000);
        Estimate w = BinnedDistances.wasserstein1(p.ref, p.cur);
        assertEquals(1.0, w.value(), 0.0);
        assertEquals(0.0, w.halfWidth(), 0.0);
    }

    @Test
    void constantColumnsAgainstEachOther() {
        Pair p = check(() -> 3.0, () -> 3.0, 1000, 10);
        assertEquals(0.0, BinnedDistances.wasserstein1(p.ref, p.cur).upper(), 0.0);
        Estimate ks = BinnedDistances.ksStatistic(p.ref, p.cur);
        assertEquals(0.0, ks.value(), 0.0);
        assertEquals(0.0, ks.halfWidth(), 0.0, "a bin holding one point has no inside: the KS bound is 0");
    }

    @Test
    void integerColumnsAreExactFromTheirBins() {
        Random r = new Random(5);
        Pair p = check(() -> Draws.poisson(r, 4.0), () -> Draws.poisson(r, 4.6), 30_000, 20_000);
        Estimate w = BinnedDistances.wasserstein1(p.ref, p.cur);
        Estimate ks = BinnedDistances.ksStatistic(p.ref, p.cur);
        assertEquals(0.0, w.halfWidth(), 1e-12, "each integer its own bin: W1 exact");
        assertEquals(0.0, ks.halfWidth(), 0.0, "and KS exact");
    }


    @Test
    void emptySideIsUndefined() {
        NumericBinning b = NumericBinning.of(new double[] {0, 1});
        NumericAccumulator a = new NumericAccumulator(b);
        a.add(0.5);
        BinnedSample empty = new NumericAccumulator(b).snapshot("x").sample();
        assertTrue(Double.isNaN(BinnedDistances.wasserstein1(a.snapshot("x").sample(), empty).value()));
        assertTrue(Double.isNaN(BinnedDistances.ksStatistic(empty, a.snapshot("x").sample()).value()));
    }

    private record Pair(BinnedSample ref, BinnedSample cur) {
    }

    private static Pair check(DoubleSupplier refGen, DoubleSupplier curGen, int n, int m) {
        double[] ref = new double[n];
        double[] cur = new double[m];
        for (int i = 0; i < n; i++) {
            ref[i] = refGen.getAsDouble();
        }
        for (int i = 0; i < m; i++) {
            cur[i] = curGen.getAsDouble();
        }
        NumericBinning binning = Profiles.fitDefault(ref);
        BinnedSample rs = Profiles.profile(binning, ref).sample();
        BinnedSample cs = Profiles.profile(binning, cur).sample();

        double exactW = EmpiricalDistances.wasserstein1(WeightedSample.of(ref), WeightedSample.of(cur));
        Estimate w = BinnedDistances.wasserstein1(rs, cs);
        assertTrue(w.lower() - ROUNDING <= exactW && exactW <= w.upper() + ROUNDING,
                "exact W1 " + exactW + " outside [" + w.lower() + ", " + w.upper() + "]");
        assertTrue(Math.abs(exactW - w.value()) <= w.halfWidth() + ROUNDING);
        double std = Math.sqrt(rs.variance());
        double tolerance = Math.max(0.01 * exactW, 0.001 * std);
        assertTrue(Math.abs(w.value() - exactW) <= tolerance + ROUNDING,
                "W1 estimate " + w.value() + " vs exact " + exactW + " (tolerance " + tolerance + ")");

        double exactKs = EmpiricalDistances.ksStatistic(WeightedSample.of(ref), WeightedSample.of(cur));
        Estimate ks = BinnedDistances.ksStatistic(rs, cs);
        assertTrue(ks.lower() - ROUNDING <= exactKs && exactKs <= ks.upper() + ROUNDING,
                "exact KS " + exactKs + " outside [" + ks.lower() + ", " + ks.upper() + "]");
        assertEquals(exactKs, ks.value(), KS_TOLERANCE);
        return new Pair(rs, cs);
    }
}
