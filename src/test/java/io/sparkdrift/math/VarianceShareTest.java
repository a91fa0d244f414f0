package io.sparkdrift.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.testing.Profiles;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@link BinnedSample#varianceShareOfOuterBins}: the share of the variance the outermost 1 % of a
 * sample's values hold, from the bins alone, against the share computed from the raw values (the
 * values furthest from the mean: the most any 1 % of them can hold).
 */
class VarianceShareTest {
    @Test
    void oneFarValueInAThousandHoldsNearlyAllTheVarianceAndTheBinsSayIt() {
        Random r = new Random(1);
        assertShare(r, () -> r.nextDouble() < 0.001 ? 1e12 * r.nextDouble() : r.nextDouble(), 0.99, 1.0);
        assertShare(r, () -> Math.floor(Math.exp(2.5 * r.nextGaussian() + 3) * 100) / 100, 0.5, 1.0); // amounts, σ = 2.5
        // far values on both sides: the outer bins of both ends count (either end alone holds about half)
        assertShare(r, () -> r.nextDouble() < 0.001 ? (r.nextBoolean() ? 1e9 : -1e9) * r.nextDouble() : r.nextGaussian(), 0.99, 1.0);
    }

    @Test
    void smoothColumnsOuterPercentHoldsLittleOfIt() {
        Random r = new Random(2);
        assertShare(r, r::nextGaussian, 0.05, 0.12); // about 8.5 % for a normal
        assertShare(r, () -> Math.exp(0.8 * r.nextGaussian()), 0.1, 0.4); // about a quarter
        assertShare(r, r::nextDouble, 0.0, 0.05);
    }

    @Test
    void aSampleWithoutSpreadHasNoShare() {
        double[] constant = new double[1000];
        Arrays.fill(constant, 7.25);
        NumericBinning b = Profiles.fitDefault(constant);
        assertTrue(Double.isNaN(Profiles.profile(b, constant).sample().varianceShareOfOuterBins(0.01)));
        assertTrue(Double.isNaN(Profiles.profile(b, new double[0]).sample().varianceShareOfOuterBins(0.01)));
    }

    /** 200,000 values drawn: the bins' share lies in [low, high], at most the raw values' and within 0.03 of it. */
    private static void assertShare(Random r, DoubleSupplier draw, double low, double high) {
        double[] x = new double[200_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = draw.getAsDouble();
        }
        double binned = Profiles.profile(Profiles.fitDefault(x), x).sample().varianceShareOfOuterBins(0.01);
        double raw = EmpiricalDistances.outerVarianceShare(x, 0.01);
        assertTrue(binned >= low && binned <= high, "share " + binned + " outside [" + low + ", " + high + "]");
        assertTrue(binned <= raw + 1e-9, "the bins' share " + binned + " is a lower bound of the raw " + raw);
        assertEquals(raw, binned, 0.03, "whole bins of a 1000-bin fit come close to the raw share");
    }
}
