package io.sparkdrift.exact.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The u-slice pairing on hand-worked quantile functions. */
class ExactPairingTest {
    @Test
    void pairsRunsOverTheirOverlaps() {
        // F⁻¹ = 0 on [0, 1/2), 1 on [1/2, 1); G⁻¹ = 0, 0.5, 1 on thirds: (1/4)(1/6) + (1/4)(1/6)
        double w2Squared = ExactPairing.pair(new double[] {0, 1}, new double[] {0.5, 1}, 2,
                new double[] {0, 0.5, 1}, new double[] {1.0 / 3, 2.0 / 3, 1}, 3, 0, 1.0);
        assertEquals(1.0 / 12, w2Squared, 1e-15);
    }

    @Test
    void aSliceStartsWhereItsFirstRunsAreClipped() {
        // the slice [0.25, 0.75): runs clipped to it; ends that coincide advance both sides at once
        double w2Squared = ExactPairing.pair(new double[] {1, 2}, new double[] {0.5, 0.75}, 2,
                new double[] {0, 4}, new double[] {0.5, 0.75}, 2, 0.25, 1.0);
        assertEquals(0.25 * 1 + 0.25 * 4, w2Squared, 1e-15);
    }

    @Test
    void valuesAreScaledBeforeTheyAreSubtractedSoExtremeOnesPairInTheirUnit() {
        // 1.5e308 against -1e308: the difference is beyond the largest double in feature units
        double unit = 0x1p1023;
        double w2Squared = ExactPairing.pair(new double[] {1.5e308}, new double[] {1}, 1,
                new double[] {-1e308}, new double[] {1}, 1, 0, 1 / unit);
        double expected = 1.5e308 / unit + 1e308 / unit;
        assertEquals(expected, Math.sqrt(w2Squared), 1e-15 * expected);
    }
}
