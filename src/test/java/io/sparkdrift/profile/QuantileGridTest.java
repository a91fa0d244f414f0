package io.sparkdrift.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.testing.Profiles;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Atom-aware bins, through the product's fitting code: a value holding much of the reference's mass
 * gets a bin of its own on both grids, the other bins stay about equal, and a column with at most
 * resolution distinct values gets a fine bin per value.
 */
class QuantileGridTest {
    private static final int BINS = FitSettings.DEFAULT_BINS;
    private static final int RESOLUTION = FitSettings.DEFAULT_RESOLUTION;

    @Test
    void aZeroInflatedColumnGetsAZeroBinAndFullQuantileBinsForItsTail() {
        Random r = new Random(1);
        double[] ref = new double[100_000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = r.nextDouble() < 0.9 ? 0.0 : Math.exp(r.nextGaussian());
        }
        NumericBinning b = Profiles.fitDefault(ref);
        assertTrue(!b.discrete());
        assertArrayEquals(new double[] {0.0}, b.coarseAtoms());
        long[] coarse = Profiles.profile(b, ref).coarseCounts();
        assertEquals(BINS, Arrays.stream(coarse).filter(c -> c > 0).count(), Arrays.toString(coarse));
        long tail = ref.length - coarse[1];
        for (int i = 2; i < coarse.length - 1; i++) {
            assertEquals(tail / (BINS - 1.0), coarse[i], 0.25 * tail / (BINS - 1.0), "tail bins keep about equal mass: " + Arrays.toString(coarse));
        }
    }

    @Test
    void atLeastMinOfBinsAndDistinctValuesCoarseBinsHoldReferenceMassAndNoHeavyValueIsSmeared() {
        Random r = new Random(2);
        for (int trial = 0; trial < 60; trial++) {
            int atoms = r.nextInt(30);
            double atomMass = atoms == 0 ? 0 : r.nextDouble();
            boolean continuousRest = r.nextBoolean();
            int n = 20_000 + r.nextInt(40_000);
            double[] atomValues = new double[atoms];
            double[] weights = new double[atoms];
            for (int a = 0; a < atoms; a++) {
                atomValues[a] = Math.floor(r.nextGaussian() * 50);
                weights[a] = Math.pow(r.nextDouble(), 3);
            }
            double wsum = Arrays.stream(weights).sum();
            double[] ref = new double[n];
            for (int i = 0; i < n; i++) {
                if (r.nextDouble() < atomMass) {
                    double u = r.nextDouble() * wsum;
                    int a = 0;
                    while (a + 1 < atoms && u > weights[a]) {
                        u -= weights[a++];
                    }
                    ref[i] = atomValues[a];
                } else {
                    ref[i] = continuousRest ? r.nextGaussian() * 30 : r.nextInt(5000);
                }
            }
            TreeMap<Double, Long> counts = new TreeMap<>();
            for (double x : ref) {
                counts.merge(x, 1L, Long::sum);
            }
            NumericBinning b = Profiles.fitDefault(ref);
            NumericProfile p = Profiles.profile(b, ref);
            long withMass = Arrays.stream(p.coarseCounts()).filter(c -> c > 0).count();
            String what = "trial " + trial + ": " + atoms + " atoms holding " + atomMass + ", " + counts.size() + " distinct";
            assertTrue(withMass >= Math.min(BINS, counts.size()), what + ": " + withMass + " coarse bins with mass");
            // the fit estimates shares from a sample when the column is not discrete: a margin of 2x
            double margin = b.discrete() ? 1 : 2;
            List<Double> coarseAtoms = Arrays.stream(b.coarseAtoms()).boxed().toList();
            long fineAtomCount = b.fineAtomCount();
            for (Map.Entry<Double, Long> e : counts.entrySet()) {
                double share = (double) e.getValue() / n;
                if (share >= margin / BINS) {
                    assertTrue(coarseAtoms.contains(e.getKey()), what + ": " + e.getKey() + " holds " + share);
                }
                if (share >= margin / RESOLUTION) {
                    int bin = b.bin(e.getKey());
                    assertEquals(Math.nextUp(e.getKey()), b.edges()[bin], what + ": fine bin of its own for " + e.getKey());
                }
            }
            assertTrue(fineAtomCount >= coarseAtoms.size());
        }
    }

    @Test
    void aColumnWithAtMostResolutionDistinctValuesIsDiscreteWithABinPerValue() {
        double[] ref = new double[30_000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = (i * 7919L) % RESOLUTION * 0.25; // exactly RESOLUTION distinct values
        }
        NumericBinning b = Profiles.fitDefault(ref);
        assertTrue(b.discrete());
        assertEquals(RESOLUTION, b.fineAtomCount());
        long[] fine = Profiles.profile(b, ref).sample().counts();
        assertEquals(RESOLUTION, Arrays.stream(fine).filter(c -> c > 0).count());
        assertEquals(BINS, Arrays.stream(Profiles.profile(b, ref).coarseCounts()).filter(c -> c > 0).count());

        double[] more = Arrays.copyOf(ref, ref.length + 1);
        more[ref.length] = 1e6;
        assertTrue(!Profiles.fitDefault(more).discrete(), "one distinct value more than the fine grid holds");
    }

    @Test
    void aConstantColumnGetsOneBinHoldingTheConstant() {
        double[] ref = new double[5000];
        Arrays.fill(ref, 42.5);
        NumericBinning b = Profiles.fitDefault(ref);
        assertArrayEquals(new double[] {42.5, Math.nextUp(42.5)}, b.edges());
        assertArrayEquals(new double[] {42.5}, b.coarseAtoms());
        assertTrue(b.discrete());
    }

    @Test
    void extremeAndSignedZeroValuesGiveValidEdges() {
        double[] ref = {-Double.MAX_VALUE, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, 1, Double.MAX_VALUE,
            Double.MAX_VALUE, -0.0, 0.0};
        NumericBinning b = Profiles.fitDefault(ref); // validates: finite, strictly increasing
        assertTrue(b.discrete());
        NumericProfile p = Profiles.profile(b, ref);
        assertEquals(ref.length, p.sample().total());
        assertEquals(4, p.sample().counts()[b.bin(0.0)], "-0.0 and 0.0 are one value");
        assertEquals(2, p.sample().counts()[b.fineBins() - 1], "the largest double alone in the overflow bin");
    }

    @Test
    void userEdgesAreTheCoarseGridAsGiven() {
        double[] ref = new double[10_000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = i % 3 == 0 ? 0 : i;
        }
        FitSettings settings = new FitSettings(BINS, RESOLUTION, 10, Map.of("x", new double[] {-5, 100, 5000}));
        ValueGrid grid = new ValueGrid(ValueGrid.budgetFor(1, RESOLUTION));
        for (double x : ref) {
            grid.add(x);
        }
        NumericBinning b = GridFit.binning(grid, settings, settings.userEdges().get("x"));
        assertArrayEquals(new double[] {-5, 100, 5000}, b.coarseEdges());
        assertTrue(b.fineAtomCount() >= 1, "the fine grid still gives 0 its own bin");
        assertEquals(Math.nextUp(0.0), b.edges()[b.bin(0.0)]);
    }
}
