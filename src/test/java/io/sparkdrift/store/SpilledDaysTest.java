package io.sparkdrift.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.compare.DailyProfiles;
import io.sparkdrift.compare.FeatureComparator;
import io.sparkdrift.compare.History;
import io.sparkdrift.compare.DriftPolicy;
import io.sparkdrift.compare.Metric;
import io.sparkdrift.profile.CategoricalAccumulator;
import io.sparkdrift.profile.CategoricalBinning;
import io.sparkdrift.profile.CategoricalProfile;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.NumericAccumulator;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Daily profiles kept on local disk for merge-profiles' history: read back, every day's profile of
 * every feature is the one written, bit for bit; the history computed from them is the one computed
 * from the days in memory; a day added is not held in memory; closing removes the file.
 */
class SpilledDaysTest {
    private static final NumericBinning EDGES = NumericBinning.of(new double[] {-2, -1, -0.5, 0, 0.5, 1, 2});
    private static final CategoricalBinning VOCAB = new CategoricalBinning(List.of("a", "b", "c"), false);

    /** Day d: a shifting normal with nulls, NaN and ±∞, and categories with some outside the vocabulary. */
    private static DatasetProfile day(int d, Random r) {
        NumericAccumulator x = new NumericAccumulator(EDGES);
        CategoricalAccumulator c = new CategoricalAccumulator(VOCAB);
        int rows = 2_000 + 100 * d;
        for (int i = 0; i < rows; i++) {
            double u = r.nextDouble();
            if (u < 0.02) {
                x.addNull();
            } else {
                x.add(u < 0.03 ? Double.NaN : u < 0.035 ? Double.POSITIVE_INFINITY : r.nextGaussian() + 0.02 * d);
            }
            c.add(u < 0.1 ? "new" + (d % 3) : List.of("a", "b", "c").get(r.nextInt(3)));
        }
        Map<String, FeatureProfile> f = new LinkedHashMap<>();
        f.put("x", x.snapshot("x"));
        f.put("c", c.snapshot("c"));
        return new DatasetProfile(rows, f);
    }

    private static List<DatasetProfile> days(int n, long seed) {
        Random r = new Random(seed);
        List<DatasetProfile> out = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            out.add(day(d, r));
        }
        return out;
    }

    @Test
    void everyDaysProfileOfEveryFeatureReadsBackAsWrittenBitForBit() {
        List<DatasetProfile> days = days(5, 1);
        try (SpilledDays spilled = SpilledDays.create()) {
            days.forEach(spilled::add);
            assertEquals(5, spilled.size());
            assertEquals(List.of("x", "c"), spilled.features());
            for (int d = 0; d < days.size(); d++) {
                assertEquals(days.get(d).rows(), spilled.rows(d));
                NumericProfile want = (NumericProfile) days.get(d).feature("x");
                NumericProfile got = (NumericProfile) spilled.feature(d, "x");
                assertEquals(want.binning(), got.binning());
                assertEquals(List.of(want.rows(), want.nulls(), want.nan(), want.posInf(), want.negInf()),
                        List.of(got.rows(), got.nulls(), got.nan(), got.posInf(), got.negInf()));
                assertArrayEquals(want.sample().counts(), got.sample().counts());
                assertArrayEquals(want.sample().offsetSums(), got.sample().offsetSums(), 0.0);
                assertArrayEquals(want.sample().offsetSquares(), got.sample().offsetSquares(), 0.0);
                assertArrayEquals(want.sample().mins(), got.sample().mins(), 0.0);
                assertArrayEquals(want.sample().maxs(), got.sample().maxs(), 0.0);
                CategoricalProfile wc = (CategoricalProfile) days.get(d).feature("c");
                CategoricalProfile gc = (CategoricalProfile) spilled.feature(d, "c");
                assertArrayEquals(wc.counts(), gc.counts());
                assertEquals(wc.outside(), gc.outside());
                assertEquals(wc.binning(), gc.binning());
                assertEquals(wc.novel(), gc.novel());
            }
            assertNull(spilled.feature(0, "missing"));
        }
    }

    @Test
    void theHistoryFromDaysOnDiskIsTheHistoryFromDaysInMemory() {
        List<DatasetProfile> days = days(9, 2);
        FeatureComparator comparator = new FeatureComparator(FeatureComparator.DEFAULT_SMOOTHING, DriftPolicy.defaults());
        Map<String, Map<Metric, double[]>> inMemory = History.leaveOneDayOut(days, comparator);
        Map<String, Map<Metric, double[]>> onDisk;
        try (SpilledDays spilled = SpilledDays.create()) {
            days.forEach(spilled::add);
            onDisk = History.leaveOneDayOut(spilled, comparator);
        }
        assertEquals(inMemory.keySet(), onDisk.keySet());
        for (String f : inMemory.keySet()) {
            assertEquals(inMemory.get(f).keySet(), onDisk.get(f).keySet(), f);
            inMemory.get(f).forEach((m, v) -> assertArrayEquals(v, onDisk.get(f).get(m), 0.0, f + " " + m));
            assertTrue(inMemory.get(f).get(Metric.PSI)[3] > 0, "the days differ, so the history is not all zeros: " + f);
        }
    }

    @Test
    void aDayAddedIsNotHeldInMemory() {
        try (SpilledDays spilled = SpilledDays.create()) {
            List<WeakReference<Object>> added = new ArrayList<>();
            Random r = new Random(3);
            for (int d = 0; d < 4; d++) {
                DatasetProfile day = day(d, r);
                added.add(new WeakReference<>(day.feature("x")));
                spilled.add(day);
            }
            for (int attempt = 0; attempt < 3; attempt++) {
                System.gc();
            }
            assertEquals(0, added.stream().filter(w -> w.get() != null).count(), "profiles still reachable once written");
            assertEquals(4, spilled.size());
        }
    }

    @Test
    void closingRemovesTheFileAndADayWithOtherFeaturesIsRefused() {
        SpilledDays spilled = SpilledDays.create();
        List<DatasetProfile> days = days(2, 4);
        spilled.add(days.get(0));
        assertTrue(Files.exists(spilled.path()));
        DatasetProfile other = new DatasetProfile(10, Map.of("x", days.get(1).feature("x")));
        assertThrows(IllegalArgumentException.class, () -> spilled.add(other));
        spilled.close();
        assertFalse(Files.exists(spilled.path()));
        DailyProfiles none = DailyProfiles.of(List.of());
        assertEquals(0, none.size());
        assertEquals(List.of(), none.features());
    }
}
