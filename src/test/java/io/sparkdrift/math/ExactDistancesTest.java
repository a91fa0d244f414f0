package io.sparkdrift.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Exact empirical W1 and KS, and the KS p-value, on cases with known answers. */
class ExactDistancesTest {
    @Test
    void pointMassesAreTheirGap() {
        double theta = 3.25;
        assertEquals(theta, EmpiricalDistances.wasserstein1(WeightedSample.of(0.0), WeightedSample.of(theta)), 1e-12);
        assertEquals(1.0, EmpiricalDistances.ksStatistic(WeightedSample.of(0.0), WeightedSample.of(theta)), 1e-12);
    }

    @Test
    void shiftMovesW1ByTheShift() {
        double[] a = {1, 4, 9, 16};
        double[] b = {3, 6, 11, 18};
        assertEquals(2.0, EmpiricalDistances.wasserstein1(WeightedSample.of(a), WeightedSample.of(b)), 1e-12);
        assertEquals(0.0, EmpiricalDistances.wasserstein1(WeightedSample.of(a), WeightedSample.of(a)), 1e-12);
    }

    @Test
    void emptySamplesGiveNaNAndNonFiniteValuesAreRejected() {
        assertTrue(Double.isNaN(EmpiricalDistances.wasserstein1(WeightedSample.of(), WeightedSample.of(1.0))));
        assertTrue(Double.isNaN(EmpiricalDistances.ksStatistic(WeightedSample.of(1.0), WeightedSample.of())));
        assertThrows(IllegalArgumentException.class, () -> WeightedSample.of(1.0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> WeightedSample.of(Double.NEGATIVE_INFINITY));
    }

    @Test
    void ksPValueLimits() {
        assertEquals(1.0, KolmogorovSmirnov.pValue(0.0, 10, 10));
        assertTrue(Double.isNaN(KolmogorovSmirnov.pValue(0.5, 0, 10)));
        // n = m = 1 and D = 1: every arrangement has D = 1
        assertEquals(1.0, KolmogorovSmirnov.pValue(1.0, 1, 1), 1e-12);
        // exact and asymptotic agree closely for large samples
        double exact = KolmogorovSmirnov.exactP(0.05, 2000, 3000);
        double asym = KolmogorovSmirnov.asymptoticP(0.05, 2000, 3000);
        assertEquals(exact, asym, 0.01);
        assertEquals("asymptotic", KolmogorovSmirnov.method(1_000_000, 1_000_000));
        double tiny = KolmogorovSmirnov.pValue(0.2, 1_000_000, 1_000_000);
        assertTrue(tiny >= 0.0 && tiny < 1e-100, "tiny p-values stay non-negative: " + tiny);
    }

    @Test
    void exactPValueWalksOnlyTheBandYetEqualsTheWholeLatticeBitForBit() {
        java.util.Random r = new java.util.Random(1);
        for (int t = 0; t < 2000; t++) {
            int n = 1 + r.nextInt(t < 1500 ? 40 : 400);
            int m = 1 + r.nextInt(t < 1500 ? 40 : 400);
            double d = (double) r.nextInt(n * m + 1) / ((long) n * m);
            assertEquals(wholeLattice(d, n, m), KolmogorovSmirnov.exactP(d, n, m), "n=" + n + " m=" + m + " d=" + d);
        }
    }

    /** The definition: every cell of the (n+1)·(m+1) lattice, 1 where |i·m − j·n| reaches the threshold. */
    private static double wholeLattice(double d, int n, int m) {
        long g = java.math.BigInteger.valueOf(n).gcd(java.math.BigInteger.valueOf(m)).longValue();
        long threshold = Math.round(d * ((long) (n / g) * m)) * g;
        if (threshold == 0) {
            return 1.0;
        }
        double[] row = new double[m + 1];
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= m; j++) {
                if (Math.abs((long) i * m - (long) j * n) >= threshold) {
                    row[j] = 1.0;
                } else if (i != 0 || j != 0) {
                    row[j] = (i == 0 ? 0.0 : row[j] * i / (i + j)) + (j == 0 ? 0.0 : row[j - 1] * j / (i + j));
                }
            }
        }
        return Math.min(1.0, row[m]);
    }
}
