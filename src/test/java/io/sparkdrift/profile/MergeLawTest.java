package io.sparkdrift.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkdrift.math.BinnedSample;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A profile is a mergeable state: merge(profile(A), profile(B)) == profile(A ∪ B), merge is
 * associative and commutative, and a fresh accumulator is its identity. Counts, minima and maxima
 * are compared exactly; floating-point sums to a relative 1e-12 (their rounding depends on order).
 */
class MergeLawTest {
    private static final double SUM_TOLERANCE = 1e-12;
    private static final NumericBinning BINS = NumericBinning.of(new double[] {-1, 0, 0.5, 1, 2});
    private static final CategoricalBinning VOCAB = new CategoricalBinning(List.of("a", "b", "c"), false);

    @Test
    void numericUnionEqualsMergeOfParts() {
        double[] data = mixedValues(new Random(7), 5000);
        NumericProfile whole = numeric(data, 0, data.length).snapshot("x");
        NumericProfile merged = numeric(data, 0, 1234).merge(numeric(data, 1234, data.length)).snapshot("x");
        assertNumericEqual(whole, merged);
    }

    @Test
    void numericMergeIsAssociativeCommutativeWithIdentity() {
        double[] data = mixedValues(new Random(8), 3000);
        NumericProfile abc = numeric(data, 0, 1000).merge(numeric(data, 1000, 2000)).merge(numeric(data, 2000, 3000)).snapshot("x");
        NumericProfile cba = numeric(data, 2000, 3000).merge(numeric(data, 1000, 2000).merge(numeric(data, 0, 1000))).snapshot("x");
        assertNumericEqual(abc, cba);
        NumericProfile withIdentity = new NumericAccumulator(BINS).merge(numeric(data, 0, 3000)).merge(new NumericAccumulator(BINS)).snapshot("x");
        assertNumericEqual(numeric(data, 0, 3000).snapshot("x"), withIdentity);
    }

    @Test
    void nonFiniteValuesAreCountedApartNeverBinned() {
        NumericAccumulator a = new NumericAccumulator(BINS);
        a.add(Double.NaN);
        a.add(Double.POSITIVE_INFINITY);
        a.add(Double.NEGATIVE_INFINITY);
        a.addNull();
        a.add(-0.0);
        a.add(0.0);
        a.add(-5);
        a.add(7);
        NumericProfile p = a.snapshot("x");
        assertEquals(8, p.rows());
        assertEquals(1, p.nulls());
        assertEquals(1, p.nan());
        assertEquals(1, p.posInf());
        assertEquals(1, p.negInf());
        assertEquals(4, p.comparable());
        assertArrayEquals(new long[] {1, 0, 2, 0, 0, 1}, p.sample().counts(), "-0.0 and 0.0 share a bin; -5 underflows, 7 overflows");
        assertEquals(-5, p.sample().min());
        assertEquals(7, p.sample().max());
        assertEquals(0.5, p.sample().mean(), 1e-12);
    }

    @Test
    void momentsMatchTheDirectFormulas() {
        double[] data = mixedValues(new Random(9), 2000);
        NumericProfile p = numeric(data, 0, data.length).snapshot("x");
        double sum = 0;
        int n = 0;
        for (int i = 0; i < data.length; i++) {
            if (Double.isFinite(data[i]) && i % 97 != 0) { // numeric() turns every 97th row into a null
                sum += data[i];
                n++;
            }
        }
        double mean = sum / n;
        double ss = 0;
        for (int i = 0; i < data.length; i++) {
            if (Double.isFinite(data[i]) && i % 97 != 0) {
                ss += (data[i] - mean) * (data[i] - mean);
            }
        }
        assertEquals(mean, p.sample().mean(), 1e-9);
        assertEquals(Math.sqrt(ss / n), p.std(), 1e-9);
    }

    @Test
    void coarseCountsAreSumsOfFineBins() {
        NumericBinning b = new NumericBinning(new double[] {0, 1, 2, 3, 4}, new int[] {1, 3});
        assertArrayEquals(new long[] {1 + 2, 3 + 4, 5 + 6}, b.coarseCounts(new long[] {1, 2, 3, 4, 5, 6}));
    }

    @Test
    void categoricalUnionEqualsMergeOfParts() throws Exception {
        String[] data = categories(new Random(10), 4000);
        CategoricalProfile whole = categorical(data, 0, data.length).snapshot("c");
        CategoricalAccumulator left = roundTrip(categorical(data, 0, 1500));
        CategoricalProfile merged = categorical(data, 1500, data.length).merge(left).snapshot("c");
        assertEquals(whole, merged);
        assertEquals(whole.rows(), whole.nulls() + java.util.Arrays.stream(whole.counts()).sum());
    }

    @Test
    void differentBinningsDoNotMerge() {
        NumericAccumulator other = new NumericAccumulator(NumericBinning.of(new double[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> new NumericAccumulator(BINS).merge(other));
    }

    @Test
    void fittedEdgesDoNotDependOnHowTheDataIsSplit() throws Exception {
        Random r = new Random(11);
        FitSettings settings = new FitSettings(20, 1000, 10, Map.of());
        for (boolean discrete : new boolean[] {false, true}) {
            double[] values = new double[60_000];
            for (int i = 0; i < values.length; i++) {
                values[i] = r.nextDouble() < 0.3 ? 0.0 : discrete ? 1 + r.nextInt(200) : Math.exp(r.nextGaussian());
            }
            ValueGrid whole = new ValueGrid(ValueGrid.budgetFor(1, 1000));
            List<ValueGrid> parts = new ArrayList<>();
            for (int p = 0; p < 7; p++) {
                ValueGrid part = new ValueGrid(ValueGrid.budgetFor(1, 1000));
                for (int i = p; i < values.length; i += 7) {
                    part.add(values[i]);
                }
                parts.add(roundTrip(part));
            }
            for (double x : values) {
                whole.add(x);
            }
            ValueGrid merged = new ValueGrid(ValueGrid.budgetFor(1, 1000));
            for (int p = parts.size() - 1; p >= 0; p--) {
                merged.merge(parts.get(p));
            }
            NumericBinning b = GridFit.binning(whole, settings, null);
            assertEquals(b, GridFit.binning(merged, settings, null),
                    "the same rows give the same edges whatever the partitioning and merge order");
            assertEquals(discrete, b.discrete());
        }
    }

    /**
     * The pass by day ({@link DailyReference}): however the rows are split into tasks and whatever the
     * merge order, the whole reference fits the bins one plain state fits, every day's counts read off
     * its own state are those of that day alone, rows without a day count in the whole only, and a
     * state pools exactly when the data has more days than it keeps apart.
     */
    @Test
    void daysMergeByNameIntoTheWholeReferenceAndPoolOnlyPastTheDaysKeptApart() {
        Random r = new Random(13);
        FitSettings settings = new FitSettings(20, 1000, 10, Map.of());
        List<FeatureSpec> num = List.of(new FeatureSpec("x", FeatureType.NUMERIC));
        List<FeatureSpec> cat = List.of(new FeatureSpec("c", FeatureType.CATEGORICAL));
        int n = 40_000;
        double[] x = new double[n];
        String[] day = new String[n];
        String[] c = new String[n];
        for (int i = 0; i < n; i++) {
            int d = r.nextInt(6);
            x[i] = r.nextDouble() < 0.3 ? 0.0 : r.nextDouble() < 0.01 ? Double.NaN : Math.exp(r.nextGaussian() + 0.1 * d);
            day[i] = r.nextDouble() < 0.02 ? null : "d" + d;
            c[i] = "k" + r.nextInt(4 + d);
        }
        ReferenceAccumulator plain = new ReferenceAccumulator(num, cat, settings);
        Map<String, ReferenceAccumulator> alone = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            add(plain, x[i], c[i]);
            if (day[i] != null) {
                add(alone.computeIfAbsent(day[i], k -> new ReferenceAccumulator(num, cat, settings)), x[i], c[i]);
            }
        }
        ReferenceAccumulator.Fit expected = plain.fit();
        for (int maxDays : new int[] {6, 5}) {
            for (int tasks : new int[] {1, 3, 8, -3, -6}) { // negative: each task holds some of the days (a table by day)
                List<DailyReference> states = new ArrayList<>();
                for (int t = 0; t < Math.abs(tasks); t++) {
                    DailyReference s = new DailyReference(num, cat, settings, maxDays);
                    for (int i = 0; i < n; i++) {
                        boolean mine = tasks > 0 ? i * tasks / n == t
                                : (day[i] == null ? i % -tasks : Math.floorMod(day[i].hashCode(), -tasks)) == t;
                        if (mine) {
                            add(s.day(day[i]), x[i], c[i]);
                        }
                    }
                    states.add(s);
                }
                DailyReference merged = new DailyReference(num, cat, settings, maxDays);
                for (int t = states.size() - 1; t >= 0; t--) { // any order: the merge law
                    merged.merge(states.get(t));
                }
                String where = maxDays + " days kept, " + tasks + " tasks";
                ReferenceAccumulator whole = merged.overall();
                ReferenceAccumulator.Fit fit = whole.fit();
                assertEquals(expected.numeric(), fit.numeric(), where);
                assertEquals(expected.categorical(), fit.categorical(), where);
                assertEquals(n, whole.rows(), where + ": rows without a day count");
                assertNumericEqual((NumericProfile) expected.profiles().get("x"), (NumericProfile) fit.profiles().get("x"));
                if (maxDays == 5) {
                    assertEquals(null, merged.days(), where + ": six days pool");
                    continue;
                }
                assertEquals(alone.keySet(), merged.days().keySet(), where);
                for (Map.Entry<String, ReferenceAccumulator> d : alone.entrySet()) {
                    Map<String, FeatureProfile> own = merged.days().get(d.getKey()).profilesOn(fit.numeric(), fit.categorical());
                    Map<String, FeatureProfile> direct = d.getValue().profilesOn(fit.numeric(), fit.categorical());
                    assertNumericEqual((NumericProfile) direct.get("x"), (NumericProfile) own.get("x"));
                    assertArrayEquals(((CategoricalProfile) direct.get("c")).counts(), ((CategoricalProfile) own.get("c")).counts(),
                            where + " " + d.getKey());
                    assertEquals(d.getValue().rows(), merged.days().get(d.getKey()).rows(), where + " " + d.getKey());
                }
            }
        }
    }

    private static void add(ReferenceAccumulator acc, double x, String c) {
        acc.countRows(1);
        acc.grid(0).addColumn(new double[] {x}, new boolean[] {false}, 1);
        acc.addCategorical(0, c);
    }

    @Test
    void aGridRestoredFromItsStoredPartsMergesAndFitsBitForBitAsTheGridItself() {
        Random r = new Random(12);
        FitSettings settings = new FitSettings(20, 1000, 10, Map.of());
        int budget = ValueGrid.budgetFor(1, 1000);
        List<ValueGrid> days = new ArrayList<>();
        for (int d = 0; d < 4; d++) {
            ValueGrid g = new ValueGrid(budget);
            for (int i = 0; i < 5_000 + 3_000 * d; i++) { // zero-inflated, heavy-tailed, huge, both signs; nulls, NaN, ±∞
                double u = r.nextDouble();
                g.add(u < 0.2 ? 0.0 : u < 0.21 ? Double.NaN : u < 0.215 ? Double.NEGATIVE_INFINITY : u < 0.22 ? 1e300 * d
                        : (u < 0.5 ? -1 : 1) * (d + Math.exp(2 * r.nextGaussian())));
                if (u > 0.97) {
                    g.addNull();
                }
            }
            days.add(g);
        }
        ValueGrid direct = new ValueGrid(budget);
        ValueGrid restored = new ValueGrid(budget);
        for (ValueGrid g : days) {
            ValueGrid back = ValueGrid.restore(g.budget(), g.level(), g.rows(), g.nulls(), g.nan(), g.posInf(), g.negInf(),
                    g.buckets());
            assertBucketsEqual(g.buckets(), back.buckets());
            direct.merge(g);
            restored.merge(back);
        }
        assertEquals(direct.level(), restored.level());
        assertBucketsEqual(direct.buckets(), restored.buckets());
        NumericBinning b = GridFit.binning(direct, settings, null);
        assertEquals(b, GridFit.binning(restored, settings, null));
        for (ValueGrid g : days) { // each day's own profile on the merged edges: its parts lie whole in one bin
            assertEquals(g.rows() - g.nulls() - g.nan() - g.posInf() - g.negInf(),
                    java.util.Arrays.stream(GridFit.profile("x", b, g).sample().counts()).sum());
        }
        ValueGrid.Buckets parts = days.get(0).buckets();
        assertThrows(IllegalArgumentException.class, () -> ValueGrid.restore(budget, days.get(0).level(), days.get(0).rows() + 1,
                0, days.get(0).nan(), days.get(0).posInf(), days.get(0).negInf(), parts), "counts that do not add up");
        assertThrows(IllegalArgumentException.class, () -> ValueGrid.restore(3, 0, 1, 0, 0, 0, 0, parts), "more parts than the budget");
    }

    private static void assertBucketsEqual(ValueGrid.Buckets a, ValueGrid.Buckets b) {
        assertArrayEquals(a.counts(), b.counts());
        assertArrayEquals(a.mins(), b.mins());
        assertArrayEquals(a.maxs(), b.maxs());
        assertArrayEquals(a.sums(), b.sums());
        assertArrayEquals(a.squares(), b.squares());
        assertEquals(a.scaleExp(), b.scaleExp());
    }

    @Test
    void theReferenceValuesFilterHoldsEveryValueWhateverTheSplitAndMergeOrder() throws Exception {
        Random r = new Random(14);
        String[] data = new String[30_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = "v" + r.nextInt(3000);
        }
        List<FeatureSpec> specs = List.of(new FeatureSpec("c", FeatureType.CATEGORICAL));
        FitSettings settings = new FitSettings(20, 1000, 50, Map.of());
        VocabularyFit whole = new VocabularyFit(specs, settings);
        List<VocabularyFit> parts = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (int p = 0; p < 6; p++) { // some parts see fewer distinct values than the vocabulary keeps
            VocabularyFit part = new VocabularyFit(specs, settings);
            for (int i = p; i < (p < 3 ? 120 : data.length); i += 6) {
                part.addCategorical(0, data[i]);
                whole.addCategorical(0, data[i]);
                seen.add(data[i]);
            }
            parts.add(roundTrip(part));
        }
        VocabularyFit forward = new VocabularyFit(specs, settings);
        parts.forEach(forward::merge);
        VocabularyFit backward = new VocabularyFit(specs, settings);
        for (int p = parts.size() - 1; p >= 0; p--) {
            backward.merge(roundTrip(parts.get(p)));
        }
        ReferenceValues all = whole.vocabularies().get("c").referenceValues();
        assertEquals(false, whole.vocabularies().get("c").complete());
        for (String v : seen) {
            assertEquals(true, all.mightContain(v), "no false negatives");
        }
        assertEquals(all, forward.vocabularies().get("c").referenceValues(), "the same bits merged in order");
        assertEquals(all, backward.vocabularies().get("c").referenceValues(), "and in reverse");
        assertEquals(null, new VocabularyFit(specs, new FitSettings(20, 1000, 5000, Map.of())).vocabularies()
               .get("c").referenceValues(), "no filter when every category is kept");
    }

    @Test
    void readingTheStateInOrderBeforeAChunkChangesNoBit() {
        // what a wide task does before each chunk (WarmUp): the profile must be the one without it, to the bit
        Random r = new Random(9);
        double[] data = mixedValues(r, 40_000);
        NumericAccumulator plain = new NumericAccumulator(BINS);
        NumericAccumulator warmed = new NumericAccumulator(BINS);
        boolean[] nulls = new boolean[4096];
        for (int from = 0; from < data.length; from += 4096) {
            int size = Math.min(4096, data.length - from);
            double[] chunk = java.util.Arrays.copyOfRange(data, from, from + size);
            plain.addColumn(chunk, nulls, size, new int[size]);
            warmed.warmUp();
            warmed.addColumn(chunk, nulls, size, new int[size]);
        }
        NumericProfile a = plain.snapshot("x");
        NumericProfile b = warmed.snapshot("x");
        assertNumericEqual(a, b);
        assertArrayEquals(a.sample().offsetSums(), b.sample().offsetSums());
        assertArrayEquals(a.sample().offsetSquares(), b.sample().offsetSquares());
    }

    private static void assertNumericEqual(NumericProfile a, NumericProfile b) {
        assertEquals(a.rows(), b.rows());
        assertEquals(a.nulls(), b.nulls());
        assertEquals(a.nan(), b.nan());
        assertEquals(a.posInf(), b.posInf());
        assertEquals(a.negInf(), b.negInf());
        BinnedSample x = a.sample();
        BinnedSample y = b.sample();
        assertArrayEquals(x.counts(), y.counts());
        assertArrayEquals(x.mins(), y.mins());
        assertArrayEquals(x.maxs(), y.maxs());
        assertClose(x.offsetSums(), y.offsetSums());
        assertClose(x.offsetSquares(), y.offsetSquares());
    }

    private static void assertClose(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], SUM_TOLERANCE * Math.max(1, Math.abs(a[i])));
        }
    }

    private static double[] mixedValues(Random r, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            out[i] = u < 0.01 ? Double.NaN : u < 0.02 ? Double.POSITIVE_INFINITY : u < 0.03 ? Double.NEGATIVE_INFINITY
                    : r.nextGaussian();
        }
        return out;
    }

    private static NumericAccumulator numeric(double[] data, int from, int to) {
        NumericAccumulator a = new NumericAccumulator(BINS);
        for (int i = from; i < to; i++) {
            if (i % 97 == 0) {
                a.addNull();
            } else {
                a.add(data[i]);
            }
        }
        return a;
    }

    private static String[] categories(Random r, int n) {
        String[] pool = {"a", "b", "c", "d", "e", null};
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = pool[r.nextInt(pool.length)];
        }
        return out;
    }

    private static CategoricalAccumulator categorical(String[] data, int from, int to) {
        CategoricalAccumulator a = new CategoricalAccumulator(VOCAB);
        for (int i = from; i < to; i++) {
            if (data[i] == null) {
                a.addNull();
            } else {
                a.add(data[i]);
            }
        }
        return a;
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
