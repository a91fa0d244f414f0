package io.sparkdrift.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The single pass over the reference ({@link ValueGrid}, {@link GridFit}): the grid's level and
 * buckets do not depend on how rows are split and merged; the bins chosen from it never split a
 * bucket, so the reference profile read off the grid equals profiling the data on those bins
 * (counts, minima and maxima exactly; offset sums to a relative {@value #SUM_TOLERANCE}, their
 * rounding depends on the order of additions); and the binning keeps the fit's promises (discrete
 * columns get a bin per value, heavy values a bin of their own). Run on the shapes real tables have.
 */
class SinglePassTest {
    private static final double SUM_TOLERANCE = 1e-9;
    private static final FitSettings SETTINGS = new FitSettings(20, 1000, 200, Map.of());

    /** Columns shaped like real tables. */
    static Map<String, double[]> shapes() {
        Random rnd = new Random(42);
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("normal", fill(50_000, rnd::nextGaussian));
        m.put("integer counts", fill(50_000, () -> Math.floor(-Math.log(rnd.nextDouble()) * 30)));
        m.put("zero-inflated", fill(50_000, () -> rnd.nextDouble() < 0.7 ? 0 : Math.exp(rnd.nextGaussian() * 2)));
        m.put("heavy tail", fill(50_000, () -> Math.pow(rnd.nextDouble(), -1.5)));
        m.put("constant", fill(10_000, () -> 3.25));
        m.put("ties in a narrow range", fill(50_000, () -> 1000 + rnd.nextInt(5000) * 0.001));
        m.put("timestamps", fill(50_000, () -> 1.7e9 + rnd.nextInt(86_400)));
        m.put("huge magnitudes", fill(20_000, () -> (rnd.nextBoolean() ? 1 : -1) * Double.MAX_VALUE * rnd.nextDouble()));
        m.put("near the largest double", fill(20_000, () -> 1.5e308 + rnd.nextDouble() * 0.2e308));
        m.put("tiny magnitudes", fill(20_000, () -> Double.MIN_VALUE * rnd.nextInt(1_000_000)));
        m.put("mixed signs and zeros", fill(50_000, () -> rnd.nextDouble() < 0.2 ? -0.0 : rnd.nextGaussian() * 1e6));
        m.put("one heavy value among many", fill(50_000, () -> rnd.nextDouble() < 0.3 ? 123.456 : 100 + rnd.nextInt(10_000) * 0.005));
        return m;
    }

    private static double[] fill(int n, DoubleSupplier s) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = s.getAsDouble();
        }
        return v;
    }

    private static ValueGrid grid(double[] data, int from, int to, int budget) {
        ValueGrid g = new ValueGrid(budget);
        for (int i = from; i < to; i++) {
            g.add(data[i]);
        }
        return g;
    }

    @Test
    void theGridsLevelAndBucketsDoNotDependOnHowRowsAreSplitAndMerged() throws Exception {
        Random rnd = new Random(3);
        for (Map.Entry<String, double[]> e : shapes().entrySet()) {
            double[] data = e.getValue();
            for (int budget : new int[] {3, 64, 1001, 16_384}) {
                ValueGrid whole = grid(data, 0, data.length, budget);
                for (int trial = 0; trial < 3; trial++) {
                    int parts = 2 + rnd.nextInt(6);
                    List<ValueGrid> grids = new ArrayList<>();
                    for (int p = 0; p < parts; p++) {
                        grids.add(new ValueGrid(budget));
                    }
                    for (double x : data) {
                        grids.get(rnd.nextInt(parts)).add(x);
                    }
                    ValueGrid merged = new ValueGrid(budget);
                    for (int p = trial % 2 == 0 ? 0 : parts - 1; p >= 0 && p < parts; p += trial % 2 == 0 ? 1 : -1) {
                        merged.merge(roundTrip(grids.get(p)));
                    }
                    String where = e.getKey() + ", budget " + budget + ", " + parts + " parts";
                    assertEquals(whole.level(), merged.level(), where);
                    assertSameBuckets(whole.buckets(), merged.buckets(), where);
                }
                assertEquals(minimalLevel(data, budget), whole.level(), e.getKey() + ": the finest level that fits " + budget);
                assertTrue(whole.size() <= budget, e.getKey());
            }
        }
    }

    /** A grid that counts its changes of level (each a rebuild of its table). */
    private static final class CountingGrid extends ValueGrid {
        int climbs;

        CountingGrid(int budget) {
            super(budget);
        }

        @Override
        void partsRenumbered(int[] oldOrder, int[] newId) {
            climbs++;
        }
    }

    @Test
    void aChunkMovesTheGridUpAtMostOnceAndLeavesItWhereValueByValueAddingDoes() {
        Random rnd = new Random(11);
        for (Map.Entry<String, double[]> e : shapes().entrySet()) {
            double[] data = withNonFinite(e.getValue());
            for (int budget : new int[] {3, 64, 1001}) {
                CountingGrid chunked = new CountingGrid(budget);
                CountingGrid byValue = new CountingGrid(budget);
                for (int from = 0; from < data.length; ) {
                    int size = Math.min(data.length - from, 1 + rnd.nextInt(5000));
                    double[] values = java.util.Arrays.copyOfRange(data, from, from + size);
                    boolean[] isNull = new boolean[size];
                    for (int r = 0; r < size; r++) {
                        isNull[r] = rnd.nextInt(50) == 0;
                        if (isNull[r]) {
                            byValue.addNull();
                        } else {
                            byValue.add(values[r]);
                        }
                    }
                    int before = chunked.climbs;
                    chunked.addColumn(values, isNull, size);
                    from += size;
                    String where = e.getKey() + ", budget " + budget + ", after row " + from;
                    assertTrue(chunked.climbs - before <= 1, where + ": " + (chunked.climbs - before) + " rebuilds in one chunk");
                    assertEquals(byValue.level(), chunked.level(), where);
                    assertSameBuckets(byValue.buckets(), chunked.buckets(), where);
                    assertEquals(byValue.rows(), chunked.rows(), where);
                    assertEquals(byValue.nulls(), chunked.nulls(), where);
                    assertEquals(byValue.nan(), chunked.nan(), where);
                }
                assertTrue(chunked.climbs <= byValue.climbs, e.getKey() + ": " + chunked.climbs + " vs " + byValue.climbs);
            }
        }
    }

    @Test
    void aFreshGridIsTheIdentityOfMerge() throws Exception {
        double[] data = shapes().get("heavy tail");
        ValueGrid g = grid(data, 0, data.length, 1001);
        ValueGrid left = new ValueGrid(1001).merge(grid(data, 0, data.length, 1001));
        ValueGrid right = grid(data, 0, data.length, 1001).merge(roundTrip(new ValueGrid(1001)));
        assertSameBuckets(g.buckets(), left.buckets(), "identity on the left");
        assertSameBuckets(g.buckets(), right.buckets(), "identity on the right");
        assertArrayEquals(g.buckets().sums(), left.buckets().sums(), "merging into a fresh grid adds nothing");
    }

    @Test
    void mergingEqualGridsGivesEqualBitsHoweverTheirTablesAreLaidOut() throws Exception {
        // a grid built value by value and the same grid read back hold the same parts in different slots;
        // a merge must give the same bits from either (it folds parts in slot order only where no two
        // fold into one part), at one level and across levels
        Random rnd = new Random(5);
        for (Map.Entry<String, double[]> e : shapes().entrySet()) {
            double[] data = e.getValue();
            for (int budget : new int[] {64, 1001}) {
                int cut = rnd.nextInt(data.length);
                for (int[] split : new int[][] {{0, cut, cut, data.length}, {0, data.length / 20, data.length / 20, data.length}}) {
                    ValueGrid built = grid(data, split[2], split[3], budget);
                    ValueGrid viaKeys = roundTrip(grid(data, split[0], split[1], budget)).merge(roundTrip(built));
                    ValueGrid viaSlots = roundTrip(grid(data, split[0], split[1], budget)).merge(built);
                    String where = e.getKey() + ", budget " + budget + ", rows " + split[0] + "-" + split[1] + " + the rest";
                    ValueGrid.Buckets a = viaKeys.buckets();
                    ValueGrid.Buckets b = viaSlots.buckets();
                    assertSameBuckets(a, b, where);
                    assertArrayEquals(a.sums(), b.sums(), where);
                    assertArrayEquals(a.squares(), b.squares(), where);
                }
            }
        }
    }

    @Test
    void theReferenceProfileReadOffTheGridEqualsProfilingTheDataOnItsBins() {
        for (Map.Entry<String, double[]> e : shapes().entrySet()) {
            double[] data = withNonFinite(e.getValue());
            ValueGrid g = grid(data, 0, data.length, ValueGrid.budgetFor(20, SETTINGS.resolution()));
            NumericBinning bins = GridFit.binning(g, SETTINGS, null);
            NumericProfile fromGrid = GridFit.profile("x", bins, g);
            assertNotNull(fromGrid, e.getKey() + ": fitted edges never split a bucket");
            NumericAccumulator scan = new NumericAccumulator(bins);
            for (double x : data) {
                scan.add(x);
            }
            assertSameProfile(scan.snapshot("x"), fromGrid, e.getKey());
        }
    }

    @Test
    void noFittedEdgeSplitsABucketAndTheReferenceFillsExactlyTheInnerBins() {
        for (Map.Entry<String, double[]> e : shapes().entrySet()) {
            double[] data = e.getValue();
            for (int budget : new int[] {64, 1001, 16_384}) {
                ValueGrid g = grid(data, 0, data.length, budget);
                ValueGrid.Buckets b = g.buckets();
                NumericBinning bins = GridFit.binning(g, SETTINGS, null);
                BinLookup lookup = bins.lookup();
                for (int k = 0; k < b.size(); k++) {
                    assertEquals(lookup.bin(b.mins()[k]), lookup.bin(b.maxs()[k]), e.getKey() + ": bucket " + k + " in one bin");
                }
                long[] coarse = bins.coarseCounts(GridFit.profile("x", bins, g).sample().counts());
                assertEquals(0, coarse[0], e.getKey() + ": nothing below the reference minimum");
                double max = b.maxs()[b.size() - 1];
                if (max < Double.MAX_VALUE) {
                    assertEquals(0, coarse[coarse.length - 1], e.getKey() + ": nothing above the reference maximum");
                }
            }
        }
    }

    /**
     * A continuous column's parts are each heavier than a fine bin's share where its density is
     * highest; each such part gets a bin of its own, and the next bin starts at the next part, so
     * the fine bins number about --resolution (with the coarse edges) and every inner one holds reference values (no empty
     * bin between two heavy parts).
     */
    @Test
    void aContinuousColumnGetsAboutResolutionFineBinsNoneOfThemEmpty() {
        for (String shape : List.of("normal", "heavy tail", "mixed signs and zeros", "huge magnitudes")) {
            double[] data = shapes().get(shape);
            ValueGrid g = grid(data, 0, data.length, ValueGrid.budgetFor(20, SETTINGS.resolution()));
            NumericBinning bins = GridFit.binning(g, SETTINGS, null);
            long[] counts = GridFit.profile("x", bins, g).sample().counts();
            assertTrue(g.level() > 0 && !bins.discrete(), shape + ": a continuous column");
            // the fine quantiles, the coarse ones among them, min and nextUp(max): about 1,900 before parts were binned back to back
            assertTrue(bins.fineBins() <= SETTINGS.resolution() + SETTINGS.bins() + 3, shape + ": " + bins.fineBins() + " fine bins");
            for (int i = 1; i < counts.length - 1; i++) {
                assertTrue(counts[i] > 0, shape + ": inner fine bin " + i + " holds reference values");
            }
        }
    }

    @Test
    void aColumnWithAtMostResolutionDistinctValuesGetsABinPerValue() {
        double[] data = shapes().get("integer counts");
        Set<Double> distinct = new HashSet<>();
        for (double x : data) {
            distinct.add(x);
        }
        assertTrue(distinct.size() <= SETTINGS.resolution());
        ValueGrid g = grid(data, 0, data.length, ValueGrid.budgetFor(20, SETTINGS.resolution()));
        NumericBinning bins = GridFit.binning(g, SETTINGS, null);
        assertEquals(0, g.level(), "every distinct value has a bucket of its own");
        assertTrue(bins.discrete());
        assertEquals(distinct.size(), bins.fineAtomCount(), "each value a fine bin [v, nextUp(v))");
    }

    @Test
    void aHeavyValueGetsACoarseBinOfItsOwnEvenInACoarseGrid() {
        double[] data = shapes().get("one heavy value among many");
        for (int budget : new int[] {64, 16_384}) {
            ValueGrid g = grid(data, 0, data.length, budget);
            NumericBinning bins = GridFit.binning(g, SETTINGS, null);
            NumericProfile p = GridFit.profile("x", bins, g);
            long[] coarse = bins.coarseCounts(p.sample().counts());
            long heavy = java.util.Arrays.stream(data).filter(x -> x == 123.456).count();
            int bin = bins.lookup().bin(123.456);
            double[] e = bins.edges();
            // the coarse bin holding 123.456 holds its bucket only: at least the heavy value's rows, at most its bucket's
            long bucket = java.util.Arrays.stream(data).filter(x -> ValueGrid.key(x, g.level())
                    == ValueGrid.key(123.456, g.level())).count();
            int coarseBin = java.util.Arrays.binarySearch(bins.coarse(), bin - 1);
            long inCoarse = coarse[coarseBin >= 0 ? coarseBin + 1 : -coarseBin - 1];
            assertTrue(inCoarse >= heavy && inCoarse <= bucket, "budget " + budget + ": " + inCoarse + " vs " + heavy + "/" + bucket
                    + " near " + e[bin - 1]);
            if (budget == 16_384) {
                assertEquals(0, g.level(), "fine enough to hold every value");
                assertTrue(java.util.Arrays.stream(bins.coarseAtoms()).anyMatch(v -> v == 123.456), "an atom [v, nextUp(v))");
            }
        }
    }

    @Test
    void roundValuesStayExactAtomsInACoarseGrid() {
        Random rnd = new Random(5);
        double[] data = fill(100_000, () -> {
            double u = rnd.nextDouble();
            return u < 0.2 ? 100.0 : u < 0.3 ? -3.5 : u < 0.35 ? 1024 : rnd.nextGaussian() * 1e4;
        });
        for (int budget : new int[] {1001, 16_384}) { // levels where 100, 3.5 and 1024 are round (low 48, 50, 52 bits zero)
            ValueGrid g = grid(data, 0, data.length, budget);
            assertTrue(g.level() > 10 && g.level() <= 48, "a coarse grid: level " + g.level());
            NumericBinning bins = GridFit.binning(g, SETTINGS, null);
            NumericProfile p = GridFit.profile("x", bins, g);
            for (double v : new double[] {100.0, -3.5, 1024}) {
                assertTrue(java.util.Arrays.stream(bins.coarseAtoms()).anyMatch(a -> a == v), budget + ": " + v + " a coarse atom");
                long n = java.util.Arrays.stream(data).filter(x -> x == v).count();
                assertEquals(n, p.sample().counts()[bins.bin(v)], budget + ": " + v + "'s bin holds it alone");
            }
        }
    }

    /**
     * The price of a data-independent grid, stated in the README: a standard normal column's parts
     * spread over some 50 binades on both sides of 0, so near ±1 a part holds several times the
     * 1/resolution share a fine quantile bin aims at (and the binned W1/KS enclosures widen there).
     */
    @Test
    void aStandardNormalColumnsLargestPartHoldsUnderHalfAPercent() {
        Random rnd = new Random(42);
        double[] data = fill(1_000_000, rnd::nextGaussian);
        ValueGrid g = grid(data, 0, data.length, ValueGrid.budgetFor(20, SETTINGS.resolution()));
        long largest = java.util.Arrays.stream(g.buckets().counts()).max().orElseThrow();
        double share = (double) largest / data.length;
        assertTrue(share > 1.0 / SETTINGS.resolution() && share < 0.005, "largest part " + share);
    }

    @Test
    void aUsersEdgeInsideABucketLeavesTheReferenceToAScan() {
        double[] data = shapes().get("normal");
        ValueGrid g = grid(data, 0, data.length, 64);
        assertTrue(g.level() > 0);
        FitSettings user = new FitSettings(20, 1000, 200, Map.of("x", new double[] {0.1}));
        NumericBinning split = GridFit.binning(g, user, user.userEdges().get("x"));
        assertNull(GridFit.profile("x", split, g), "0.1 falls inside a bucket of a 64-bucket grid");
        ValueGrid exact = grid(data, 0, data.length, 1 << 20);
        NumericBinning fine = GridFit.binning(exact, user, user.userEdges().get("x"));
        assertNotNull(GridFit.profile("x", fine, exact), "at level 0 no edge splits a bucket");
    }

    @Test
    void nonFiniteValuesAndNullsAreCountedApart() {
        ValueGrid g = new ValueGrid(16);
        for (double x : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 1}) {
            g.add(x);
        }
        g.addNull();
        assertEquals(7, g.rows());
        assertEquals(1, g.nulls());
        assertEquals(1, g.nan());
        assertEquals(1, g.posInf());
        assertEquals(1, g.negInf());
        assertEquals(2, g.size(), "-0.0 is 0.0");
        assertArrayEquals(new long[] {2, 1}, g.buckets().counts());
    }

    @Test
    void valuesNearTheLargestDoubleKeepFiniteMoments() {
        double[] data = shapes().get("huge magnitudes");
        ValueGrid g = grid(data, 0, data.length, 64);
        NumericProfile p = GridFit.profile("x", GridFit.binning(g, SETTINGS, null), g);
        assertTrue(Double.isFinite(p.std()) && p.std() > 1e307, "std " + p.std());
        assertTrue(Double.isFinite(p.sample().mean()));
    }

    /** The least level at which the data's values occupy at most {@code budget} parts, by brute force. */
    private static int minimalLevel(double[] data, int budget) {
        for (int level = 0; level < 64; level++) {
            int l = level;
            long parts = java.util.Arrays.stream(data).filter(Double::isFinite).mapToLong(x -> ValueGrid.key(x + 0.0, l))
                    .distinct().count();
            if (parts <= budget) {
                return level;
            }
        }
        throw new AssertionError("no level fits");
    }

    static double[] withNonFinite(double[] data) {
        double[] out = java.util.Arrays.copyOf(data, data.length + 3);
        out[data.length] = Double.NaN;
        out[data.length + 1] = Double.POSITIVE_INFINITY;
        out[data.length + 2] = Double.NEGATIVE_INFINITY;
        return out;
    }

    /**
     * Counts, minima and maxima exactly; the offset sums too when they are in feature units (with a
     * coarser unit — a part spanning more than 2^480, as at level 63 — sums of small offsets lose bits
     * to subnormal numbers, in an order-dependent way).
     */
    private static void assertSameBuckets(ValueGrid.Buckets a, ValueGrid.Buckets b, String where) {
        assertArrayEquals(a.counts(), b.counts(), where);
        assertArrayEquals(a.mins(), b.mins(), where);
        assertArrayEquals(a.maxs(), b.maxs(), where);
        assertEquals(a.scaleExp(), b.scaleExp(), where);
        assertClose(a.sums(), b.sums(), where);
        assertClose(a.squares(), b.squares(), where);
    }

    private static void assertSameProfile(NumericProfile e, NumericProfile a, String where) {
        io.sparkdrift.testing.Profiles.assertSameProfile(e, a, where, SUM_TOLERANCE);
    }

    private static void assertClose(double[] a, double[] b, String where) {
        assertEquals(a.length, b.length, where);
        for (int i = 0; i < a.length; i++) {
            double tol = SUM_TOLERANCE * Math.max(Math.abs(a[i]), Math.abs(b[i]));
            assertEquals(a[i], b[i], tol, where + " [" + i + "]");
        }
    }

    /** Serialized and read back, as Spark ships a task's state. */
    @SuppressWarnings("unchecked")
    static <T extends java.io.Serializable> T roundTrip(T state) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
