package io.sparkdrift.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.testing.Profiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Segments in the single pass ({@link SegmentedReference}, {@link LanedGrid}): each segment's
 * profile read off its lanes on the overall bins equals profiling that segment's rows alone on those
 * bins (counts, minima, maxima and null/NaN/±∞ counts exactly, offset sums to {@value #SUM_TOLERANCE});
 * the overall state is the plain single pass's to the last bit; none of it depends on how rows are
 * split into tasks, and the same split gives the same bits; more keys than lanes pool, the bins
 * unchanged. Run on the shapes of {@link SinglePassTest}, with nulls, NaN and ±∞, at the default
 * resolution and at one so small that the grid changes level many times while lanes fill.
 */
class SegmentLanesTest {
    private static final double SUM_TOLERANCE = 1e-9;
    private static final List<String> KEYS = List.of("DE", "FR", "IT", "ES", "NL", "PL");
    private static final FeatureSpec X = new FeatureSpec("x", FeatureType.NUMERIC);
    private static final FeatureSpec CHANNEL = new FeatureSpec("channel", FeatureType.CATEGORICAL);
    private static final FeatureSpec KEY = new FeatureSpec("market", FeatureType.CATEGORICAL);

    /** One column with nulls, each row's segment key (null: none) and a categorical column. */
    private record Table(double[] x, boolean[] isNull, String[] key, String[] channel) {
        int rows() {
            return x.length;
        }
    }

    private static Table table(double[] values, long seed) {
        Random rnd = new Random(seed);
        double[] x = SinglePassTest.withNonFinite(values);
        int n = x.length;
        boolean[] isNull = new boolean[n];
        String[] key = new String[n];
        String[] channel = new String[n];
        for (int r = 0; r < n; r++) {
            isNull[r] = rnd.nextDouble() < 0.02;
            double u = rnd.nextDouble(); // skewed shares: DE 40 %, FR 25 %, ... and 3 % without a key
            key[r] = u < 0.4 ? "DE" : u < 0.65 ? "FR" : u < 0.8 ? "IT" : u < 0.9 ? "ES" : u < 0.95 ? "NL" : u < 0.97 ? "PL" : null;
            channel[r] = rnd.nextDouble() < 0.05 ? null : "c" + rnd.nextInt(1 + (r % 7 == 0 ? 30 : 3));
        }
        // the moved segment: FR's values shifted, so segments differ from the whole
        for (int r = 0; r < n; r++) {
            if ("FR".equals(key[r]) && Double.isFinite(x[r])) {
                x[r] = x[r] * 1.5 + 1;
            }
        }
        return new Table(x, isNull, key, channel);
    }

    private static FitSettings settings(int resolution) {
        return new FitSettings(20, resolution, 200, Map.of());
    }

    /** Rows [from, to) through the pass's steps, in chunks of 1,000 rows (as ProfileScan's segmented pass feeds them). */
    private static SegmentedReference pass(Table t, int from, int to, FitSettings settings, int maxLanes) {
        SegmentedReference s = new SegmentedReference(List.of(X), List.of(CHANNEL), KEY, settings, maxLanes);
        int[] lane = new int[1000];
        for (int start = from; start < to; start += 1000) {
            int size = Math.min(1000, to - start);
            boolean laned = !s.pooled();
            for (int r = 0; laned && r < size; r++) {
                lane[r] = s.lane(t.key()[start + r]);
                laned = lane[r] >= 0;
            }
            s.startChunk(size, laned ? lane : null);
            s.addColumn(0, java.util.Arrays.copyOfRange(t.x(), start, start + size),
                    java.util.Arrays.copyOfRange(t.isNull(), start, start + size), size);
            for (int r = 0; r < size; r++) {
                if (t.channel()[start + r] != null) {
                    s.addCategorical(0, lane[r], t.channel()[start + r]);
                }
                if (t.key()[start + r] != null) {
                    s.addCategorical(1, lane[r], t.key()[start + r]);
                }
            }
        }
        return s;
    }

    /** The rows split at {@code cuts} into tasks, each state serialized and read back, merged in order. */
    private static SegmentedReference split(Table t, int[] cuts, FitSettings settings, int maxLanes) throws Exception {
        SegmentedReference acc = null;
        int from = 0;
        for (int k = 0; k <= cuts.length; k++) {
            int to = k < cuts.length ? cuts[k] : t.rows();
            SegmentedReference part = SinglePassTest.roundTrip(pass(t, from, to, settings, maxLanes));
            acc = acc == null ? part : acc.merge(part);
            from = to;
        }
        return acc;
    }

    private record Read(ReferenceAccumulator.Fit fit, List<String> top, List<DatasetProfile> segments) {
    }

    private static Read read(SegmentedReference s) {
        ReferenceAccumulator.Fit fit = s.overall().fit();
        List<String> vocabulary = fit.categorical().get("market").vocabulary();
        List<String> top = vocabulary.subList(0, Math.min(3, vocabulary.size()));
        Map<String, CategoricalBinning> vocabularies = Map.of("channel", fit.categorical().get("channel"));
        return new Read(fit, top, s.segments(top, fit.numeric(), vocabularies, List.of(X)));
    }

    @Test
    void eachSegmentReadOffItsLanesEqualsProfilingItsRowsAloneOnTheOverallBins() throws Exception {
        long seed = 1;
        for (Map.Entry<String, double[]> e : SinglePassTest.shapes().entrySet()) {
            for (int resolution : new int[] {1000, 10}) {
                Table t = table(e.getValue(), seed++);
                String where = e.getKey() + ", resolution " + resolution;
                Read r = read(split(t, new int[] {t.rows() / 3, t.rows() / 2}, settings(resolution), 20));
                assertNotNull(r.segments(), where + ": fitted edges never split a lane's part");
                assertEquals(List.of("DE", "FR", "IT"), r.top(), where);
                NumericBinning bins = r.fit().numeric().get("x");
                CategoricalBinning channels = r.fit().categorical().get("channel");
                long rows = 0;
                for (int g = 0; g < 4; g++) {
                    String seg = g < 3 ? r.top().get(g) : null;
                    NumericAccumulator alone = new NumericAccumulator(bins);
                    long[] counts = new long[channels.bins()];
                    long segmentRows = 0;
                    long channelNulls = 0;
                    for (int i = 0; i < t.rows(); i++) {
                        String k = t.key()[i];
                        boolean in = seg != null ? seg.equals(k) : k == null || !r.top().contains(k);
                        if (!in) {
                            continue;
                        }
                        segmentRows++;
                        if (t.isNull()[i]) {
                            alone.addNull();
                        } else {
                            alone.add(t.x()[i]);
                        }
                        String c = t.channel()[i];
                        if (c == null) {
                            channelNulls++;
                        } else {
                            Integer bin = channels.index().get(c);
                            counts[bin == null ? channels.otherBin() : bin]++;
                        }
                    }
                    DatasetProfile p = r.segments().get(g);
                    String at = where + ", segment " + (seg == null ? "other" : seg);
                    assertEquals(segmentRows, p.rows(), at);
                    Profiles.assertSameProfile(alone.snapshot("x"), (NumericProfile) p.feature("x"), at, SUM_TOLERANCE);
                    CategoricalProfile c = (CategoricalProfile) p.feature("channel");
                    assertArrayEquals(counts, c.counts(), at + " channel");
                    assertEquals(channelNulls, c.nulls(), at + " channel nulls");
                    rows += p.rows();
                }
                assertEquals(t.rows(), rows, where + ": every row in exactly one segment");
            }
        }
    }

    @Test
    void theOverallStateIsThePlainSinglePassToTheLastBit() throws Exception {
        for (Map.Entry<String, double[]> e : SinglePassTest.shapes().entrySet()) {
            Table t = table(e.getValue(), 7);
            int[] cuts = {t.rows() / 4, t.rows() / 2};
            SegmentedReference seg = split(t, cuts, settings(10), 20);
            ValueGrid plain = null;
            int from = 0;
            for (int k = 0; k <= cuts.length; k++) {
                int to = k < cuts.length ? cuts[k] : t.rows();
                ValueGrid g = new ValueGrid(ValueGrid.budgetFor(1, 10));
                for (int i = from; i < to; i++) {
                    if (t.isNull()[i]) {
                        g.addNull();
                    } else {
                        g.add(t.x()[i]);
                    }
                }
                plain = plain == null ? g : plain.merge(g);
                from = to;
            }
            assertFalse(seg.pooled());
            ValueGrid.Buckets a = plain.buckets();
            ValueGrid.Buckets b = seg.overall().grid(0).buckets();
            assertEquals(plain.level(), seg.overall().grid(0).level(), e.getKey());
            assertArrayEquals(a.counts(), b.counts(), e.getKey());
            assertArrayEquals(a.mins(), b.mins(), e.getKey());
            assertArrayEquals(a.maxs(), b.maxs(), e.getKey());
            assertArrayEquals(a.sums(), b.sums(), e.getKey() + ": the same additions in the same order");
            assertArrayEquals(a.squares(), b.squares(), e.getKey());
            assertEquals(plain.rows(), seg.overall().grid(0).rows());
            assertEquals(plain.nulls(), seg.overall().grid(0).nulls());
        }
    }

    @Test
    void segmentsDoNotDependOnHowRowsAreSplitAndTheSameSplitGivesTheSameBits() throws Exception {
        Random rnd = new Random(11);
        for (String shape : List.of("normal", "zero-inflated", "heavy tail", "huge magnitudes", "ties in a narrow range")) {
            Table t = table(SinglePassTest.shapes().get(shape), 5);
            for (int resolution : new int[] {1000, 10}) {
                Read whole = read(split(t, new int[0], settings(resolution), 20));
                for (int trial = 0; trial < 3; trial++) {
                    int[] cuts = rnd.ints(1 + rnd.nextInt(5), 1, t.rows()).sorted().distinct().toArray();
                    Read once = read(split(t, cuts, settings(resolution), 20));
                    Read again = read(split(t, cuts, settings(resolution), 20));
                    assertEquals(whole.fit().numeric().get("x"), once.fit().numeric().get("x"), shape + ": the bins");
                    for (int g = 0; g < whole.segments().size(); g++) {
                        String at = shape + ", resolution " + resolution + ", segment " + g;
                        NumericProfile a = (NumericProfile) whole.segments().get(g).feature("x");
                        NumericProfile b = (NumericProfile) once.segments().get(g).feature("x");
                        NumericProfile c = (NumericProfile) again.segments().get(g).feature("x");
                        Profiles.assertSameProfile(a, b, at, SUM_TOLERANCE);
                        Profiles.assertSameProfile(b, c, at + ", same split", 0);
                        assertEquals(whole.segments().get(g).feature("channel"), once.segments().get(g).feature("channel"), at);
                    }
                }
            }
        }
    }

    @Test
    void aFreshStateIsTheIdentityOfMerge() throws Exception {
        Table t = table(SinglePassTest.shapes().get("integer counts"), 3);
        Read alone = read(pass(t, 0, t.rows(), settings(1000), 20));
        Read left = read(new SegmentedReference(List.of(X), List.of(CHANNEL), KEY, settings(1000), 20)
                .merge(pass(t, 0, t.rows(), settings(1000), 20)));
        Read right = read(pass(t, 0, t.rows(), settings(1000), 20)
                .merge(SinglePassTest.roundTrip(new SegmentedReference(List.of(X), List.of(CHANNEL), KEY, settings(1000), 20))));
        for (Read r : List.of(left, right)) {
            for (int g = 0; g < alone.segments().size(); g++) {
                Profiles.assertSameProfile((NumericProfile) alone.segments().get(g).feature("x"),
                        (NumericProfile) r.segments().get(g).feature("x"), "segment " + g, 0);
                assertEquals(alone.segments().get(g).feature("channel"), r.segments().get(g).feature("channel"));
            }
        }
    }

    @Test
    void moreKeysThanLanesPoolWhateverTheSplitAndLeaveTheBinsAsTheyWere() throws Exception {
        Table t = table(SinglePassTest.shapes().get("normal"), 9);
        Read laned = read(split(t, new int[] {t.rows() / 2}, settings(1000), 20));
        // 6 keys and rows without one: 7 lanes needed; with 4, every split pools, even when no task sees 5 keys
        Table sorted = byKey(t);
        for (int[] cuts : List.of(new int[0], new int[] {sorted.rows() / 2}, cutsAtKeyChanges(sorted))) {
            SegmentedReference s = split(sorted, cuts, settings(1000), 4);
            assertTrue(s.pooled(), java.util.Arrays.toString(cuts));
            Read pooled = read(s);
            assertNull(pooled.segments(), "pooled: the segments need a second scan");
            assertEquals(laned.fit().numeric().get("x"), pooled.fit().numeric().get("x"), "the bins do not change");
            Profiles.assertSameProfile((NumericProfile) laned.fit().profiles().get("x"),
                    (NumericProfile) pooled.fit().profiles().get("x"), "the overall profile", SUM_TOLERANCE);
        }
    }

    /** The table's rows ordered by key, so that a split can give each task few keys. */
    private static Table byKey(Table t) {
        Integer[] order = new Integer[t.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparing((Integer i) -> t.key()[i],
                java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
        Table out = new Table(new double[order.length], new boolean[order.length], new String[order.length], new String[order.length]);
        for (int i = 0; i < order.length; i++) {
            out.x()[i] = t.x()[order[i]];
            out.isNull()[i] = t.isNull()[order[i]];
            out.key()[i] = t.key()[order[i]];
            out.channel()[i] = t.channel()[order[i]];
        }
        return out;
    }

    /** Splits where the key changes: each task sees one key. */
    private static int[] cutsAtKeyChanges(Table t) {
        List<Integer> cuts = new ArrayList<>();
        for (int i = 1; i < t.rows(); i++) {
            if (!java.util.Objects.equals(t.key()[i], t.key()[i - 1])) {
                cuts.add(i);
            }
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }
}
