package io.sparkdrift.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.math.BinnedSample;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A profile's mean and standard deviation are the data's at any magnitude a double holds — values
 * near 1e−300, whose squares are below the smallest double, as well as values near 1e308 — whether
 * read off the reference's single pass ({@link ValueGrid}, {@link GridFit}) or folded on given bins
 * ({@link NumericAccumulator}, as the current data is), and a constant or nearly constant bin cannot
 * round to more spread than its values have. (A reference near 1e−300 once had a standard deviation
 * of 0, so its {@code wasserstein_normed} was +∞ and an unchanged column drifted; a current column
 * constant at 8 on a reference constant at 7 had a mean of 8.000000000000002 and a standard deviation
 * of 1.2e−8.)
 */
class SpreadAtAnyMagnitudeTest {
    /** Relative error allowed against the two-pass mean and standard deviation. */
    private static final double TOLERANCE = 1e-12;
    private static final FitSettings SETTINGS = new FitSettings(20, 1000, 200, Map.of());

    /** Two-pass mean and population standard deviation, computed on the values times 2^−shift (exact) and scaled back. */
    private static double[] twoPass(double[] v, int shift) {
        double sum = 0;
        for (double x : v) {
            sum += Math.scalb(x, -shift);
        }
        double mean = sum / v.length;
        double ss = 0;
        for (double x : v) {
            double d = Math.scalb(x, -shift) - mean;
            ss += d * d;
        }
        return new double[] {Math.scalb(mean, shift), Math.scalb(Math.sqrt(ss / v.length), shift)};
    }

    private static NumericProfile readOffThePass(double[] v) {
        ValueGrid g = new ValueGrid(ValueGrid.budgetFor(20, SETTINGS.resolution()));
        for (double x : v) {
            g.add(x);
        }
        NumericBinning bins = GridFit.binning(g, SETTINGS, null);
        NumericProfile p = GridFit.profile("x", bins, g);
        assertNotNull(p);
        return p;
    }

    private static NumericProfile folded(double[] v, NumericBinning bins) {
        NumericAccumulator a = new NumericAccumulator(bins);
        for (double x : v) {
            a.add(x);
        }
        return a.snapshot("x");
    }

    @Test
    void theMeanAndStandardDeviationAreTheDatasFromNear1eMinus300ToNear1e300() {
        Random rnd = new Random(7);
        for (int power : new int[] {-320, -300, -200, -146, -145, -100, 0, 100, 145, 200, 300}) {
            double magnitude = Math.pow(10, power); // 1e-320 is subnormal: a spread of a few units in the last place
            double[] v = new double[50_000];
            for (int i = 0; i < v.length; i++) {
                v[i] = (3 + rnd.nextGaussian()) * magnitude;
            }
            int shift = Math.getExponent(magnitude);
            double[] expected = twoPass(v, shift);
            NumericProfile pass = readOffThePass(v);
            NumericProfile scan = folded(v, pass.binning());
            for (NumericProfile p : new NumericProfile[] {pass, scan}) {
                String where = "values near 1e" + power + (p == pass ? ", read off the pass" : ", folded on its bins");
                double tolerance = power == -320 ? 1e-3 : TOLERANCE; // subnormals hold a few digits only
                assertEquals(1, p.sample().mean() / expected[0], tolerance, where + ": mean " + p.sample().mean() + " vs " + expected[0]);
                assertEquals(1, p.std() / expected[1], tolerance, where + ": std " + p.std() + " vs " + expected[1]);
            }
        }
    }

    @Test
    void anUnchangedColumnNear1eMinus300KeepsItsSpreadInAStoredForm() {
        double[] v = new double[20_000];
        Random rnd = new Random(3);
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian() * 1e-300;
        }
        NumericProfile ref = readOffThePass(v);
        BinnedSample s = ref.sample();
        // the sums of squared offsets are held in a unit of their own, so they are not 0 there
        double squares = 0;
        for (double q : s.offsetSquares()) {
            squares += q;
        }
        assertTrue(squares > 0, "squared offsets vanished");
        assertEquals(Math.getExponent(s.scale()), Math.getExponent(BinnedSample.scaleFor(s.edges())));
        assertTrue(s.scale() < 0x1p-480, "a unit below 2^-480 for edges near 1e-300: " + s.scale());
        assertTrue(BinnedSample.scaleFor(new double[] {0.0}) == 1.0, "a reference of zeros keeps the unit 1");
        assertTrue(BinnedSample.scaleFor(new double[] {1e-100, 2e-100}) == 1.0, "1e-100 needs no unit of its own");
    }

    @Test
    void aConstantHasExactlyItsValueAsMeanAndNoSpreadWhicheverBinHoldsIt() {
        double[] seven = new double[200_000];
        java.util.Arrays.fill(seven, 7.0);
        NumericProfile ref = readOffThePass(seven);
        assertEquals(7.0, ref.sample().mean(), 0.0);
        assertEquals(0.0, ref.std(), 0.0);
        for (double c : new double[] {8.0, 6.0, 7.0, 1e6 + 0.1, -3.3}) { // above, below and in the reference's bins
            double[] v = new double[200_000];
            java.util.Arrays.fill(v, c);
            NumericProfile cur = folded(v, ref.binning());
            assertEquals(c, cur.sample().mean(), 0.0, "the mean of a constant " + c);
            assertEquals(0.0, cur.std(), 0.0, "the spread of a constant " + c);
        }
    }

    @Test
    void aNearlyConstantBinFarFromItsAnchorHasAtMostTheSpreadItsRangeAllows() {
        double[] seven = new double[1000];
        java.util.Arrays.fill(seven, 7.0);
        NumericBinning bins = readOffThePass(seven).binning();
        double[] v = new double[200_000];
        long[] k = new long[3];
        Random rnd = new Random(1);
        for (int i = 0; i < v.length; i++) {
            int step = rnd.nextInt(3);
            k[step]++;
            v[i] = 1000.1 + step * Math.ulp(1000.1); // three neighbouring doubles, far above the only edge
        }
        NumericProfile cur = folded(v, bins);
        double range = Math.ulp(1000.1) * 2;
        // the exact spread, from the counts of the three steps (a two-pass sum in doubles is off by more than it)
        double n = v.length;
        double meanStep = (k[1] + 2.0 * k[2]) / n;
        double exact = Math.ulp(1000.1) * Math.sqrt((k[0] * meanStep * meanStep + k[1] * (1 - meanStep) * (1 - meanStep)
                + k[2] * (2 - meanStep) * (2 - meanStep)) / n);
        assertTrue(cur.std() <= range / 2, "std " + cur.std() + " beyond half the range " + range);
        assertEquals(exact, cur.std(), range / 2, "within the range's bound of the exact " + exact);
        assertTrue(cur.sample().mean() >= 1000.1 && cur.sample().mean() <= 1000.1 + range,
                "mean " + cur.sample().mean() + " outside the values");
    }
}
