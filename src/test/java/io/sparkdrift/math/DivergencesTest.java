package io.sparkdrift.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Edge cases and textbook identities of the discrete divergences. */
class DivergencesTest {
    private static final double EXACT = 1e-12;
    private static final double[] P = {0.1, 0.4, 0.5};
    private static final double[] DISJOINT_P = {1, 0, 0, 0};
    private static final double[] DISJOINT_Q = {0, 0, 3, 1};

    @Test
    void identicalDistributionsGiveZero() {
        assertEquals(0.0, Divergences.klDivergence(P, P), EXACT);
        assertEquals(0.0, Divergences.jsDivergenceBits(P, P), EXACT);
        assertEquals(0.0, Divergences.jsDistance(P, P, 2), EXACT);
        assertEquals(0.0, Divergences.psi(P, P), EXACT);
        assertEquals(0.0, Divergences.hellinger(P, P), 1e-7);
        assertEquals(0.0, Divergences.linf(P, P), EXACT);
    }

    @Test
    void disjointSupportsHitTheBounds() {
        assertEquals(1.0, Divergences.jsDivergenceBits(DISJOINT_P, DISJOINT_Q), EXACT, "JS = 1 bit");
        assertEquals(Math.log(2), Divergences.jsDivergence(DISJOINT_P, DISJOINT_Q, Math.E), EXACT, "= ln 2 nats");
        assertEquals(1.0, Divergences.jsDistance(DISJOINT_P, DISJOINT_Q, 2), EXACT);
        assertEquals(Double.POSITIVE_INFINITY, Divergences.klDivergence(DISJOINT_P, DISJOINT_Q));
        assertEquals(Double.POSITIVE_INFINITY, Divergences.klDivergence(DISJOINT_Q, DISJOINT_P));
        assertEquals(Double.POSITIVE_INFINITY, Divergences.psi(DISJOINT_P, DISJOINT_Q));
        assertEquals(1.0, Divergences.hellinger(DISJOINT_P, DISJOINT_Q), EXACT);
        assertEquals(1.0, Divergences.linf(DISJOINT_P, DISJOINT_Q), EXACT);
    }

    @Test
    void klIsAsymmetricAndPsiIsItsSymmetrisation() {
        double[] q = {0.8, 0.15, 0.05};
        double forward = Divergences.klDivergence(P, q);
        double backward = Divergences.klDivergence(q, P);
        assertTrue(Math.abs(forward - backward) > 0.01);
        assertEquals(forward + backward, Divergences.psi(P, q), 1e-12);
    }

    @Test
    void emptySidesGiveNaN() {
        double[] zero = {0, 0, 0};
        assertTrue(Double.isNaN(Divergences.klDivergence(zero, P)));
        assertTrue(Double.isNaN(Divergences.jsDivergenceBits(P, zero)));
        assertTrue(Double.isNaN(Divergences.psi(zero, zero)));
        assertTrue(Double.isNaN(Divergences.hellinger(new double[0], new double[0])));
        assertTrue(Double.isNaN(Divergences.linf(zero, P)));
    }

    @Test
    void singleBinIsAlwaysIdentical() {
        double[] a = {5};
        double[] b = {17};
        assertEquals(0.0, Divergences.klDivergence(a, b), EXACT);
        assertEquals(0.0, Divergences.jsDivergenceBits(a, b), EXACT);
        assertEquals(0.0, Divergences.psi(a, b), EXACT);
    }

    @Test
    void invalidWeightsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Divergences.klDivergence(new double[] {Double.NaN, 1}, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> Divergences.psi(new double[] {-1, 2}, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> Divergences.hellinger(new double[] {Double.POSITIVE_INFINITY}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Divergences.linf(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Divergences.jsDivergence(P, P, 1.0));
    }

    @Test
    void smoothingKeepsKlFiniteAndBothEmptyBinsNeutral() {
        long[] p = {10, 0, 0};
        long[] q = {0, 10, 0};
        double kl = Divergences.klDivergence(Probabilities.smoothed(p, 1e-4), Probabilities.smoothed(q, 1e-4));
        assertTrue(Double.isFinite(kl) && kl > 5, "smoothed KL is large but finite: " + kl);
        long[] p2 = {10, 5, 0, 0};
        long[] q2 = {10, 5, 0, 0};
        assertEquals(0.0, Divergences.klDivergence(Probabilities.smoothed(p2, 0.01), Probabilities.smoothed(q2, 0.01)), EXACT);
        assertThrows(IllegalArgumentException.class, () -> Probabilities.smoothed(p, -1));
    }
}
