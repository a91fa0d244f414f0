package io.sparkdrift.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.FeatureType;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.profile.ReferenceAccumulator;
import io.sparkdrift.store.ProfileStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * merge-profiles' memory: the profiles are read one at a time, so a merge of many holds at most two
 * fit states (the largest part of a stored profile) whatever their number — 28 one-day profiles of 1,000
 * features did not fit a 4 GiB driver while every state was held at once; the days' profiles on the
 * merged bins go to local disk ({@code SpilledDaysTest}); a merge that keeps no days reads each once.
 */
class ProfileMergeTest {
    private static final List<FeatureSpec> NUM = List.of(new FeatureSpec("x", FeatureType.NUMERIC));
    private static final List<FeatureSpec> CAT = List.of(new FeatureSpec("c", FeatureType.CATEGORICAL));
    private static final FitSettings SETTINGS = new FitSettings(20, 1000, 10, Map.of());

    /** Daily profiles stored as bytes, each read anew as a stored profile read from disk would be. */
    private static final class Days {
        final List<byte[]> states = new ArrayList<>();
        final List<WeakReference<ReferenceAccumulator>> handedOut = new ArrayList<>();
        int mostAlive;
        int reads;

        Days(int days, long seed) {
            Random r = new Random(seed);
            for (int d = 0; d < days; d++) {
                ReferenceAccumulator acc = new ReferenceAccumulator(NUM, CAT, SETTINGS);
                for (int i = 0; i < 3_000; i++) { // each day on its own edges: zero-inflated, shifting lognormal
                    double x = r.nextDouble() < 0.2 ? 0.0 : Math.exp(r.nextGaussian() + 0.05 * d);
                    acc.countRows(1);
                    acc.grid(0).addColumn(new double[] {x}, new boolean[] {false}, 1);
                    acc.addCategorical(0, "k" + r.nextInt(3 + d % 3));
                }
                states.add(bytes(acc));
            }
        }

        /** The days as a merge's source, each read anew. */
        ProfileMerge.Source source() {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < states.size(); i++) {
                names.add("day" + i);
            }
            return new ProfileMerge.Source(names, this::read);
        }

        int size() {
            return states.size();
        }

        ProfileStore.Stored read(int i, boolean withFitState) {
            reads++;
            mostAlive = Math.max(mostAlive, alive());
            ReferenceAccumulator state = state(i);
            handedOut.add(new WeakReference<>(state));
            DatasetProfile profile = new DatasetProfile(state.rows(), state.fit().profiles());
            return new ProfileStore.Stored(profile, "run" + i, LocalDate.of(2026, 11, 1).plusDays(i),
                    Map.of("x", "double", "c", "string"), Map.of(), List.of(), List.of(), withFitState ? state : null);
        }

        ReferenceAccumulator state(int i) {
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(states.get(i)))) {
                return (ReferenceAccumulator) in.readObject();
            } catch (IOException | ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }

        /** States handed out earlier that the merge still holds (after a full collection). */
        int alive() {
            for (int attempt = 0; attempt < 3; attempt++) {
                System.gc();
            }
            return (int) handedOut.stream().filter(w -> w.get() != null).count();
        }
    }

    private static byte[] bytes(ReferenceAccumulator acc) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(acc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    @Test
    void aMergeOfManyProfilesHoldsTheRunningMergeAndOneStateReadAndReadsEachTwice() {
        Days days = new Days(12, 3);
        try (ProfileMerge.Merged merged = ProfileMerge.merge(days.source(), "fix", true)) {
            assertEquals(24, days.reads, "each profile read twice: merged in, then read off on the merged bins");
            assertTrue(days.mostAlive <= 1, "states read earlier still held when the next is read: " + days.mostAlive
                    + " (besides the running merge, only the one being done with; up to 12 when every state read is kept)");
            assertEquals(12, merged.days().size());
        }
    }

    @Test
    void aMergeThatKeepsNoDaysReadsEachProfileOnce() {
        Days days = new Days(5, 4);
        try (ProfileMerge.Merged merged = ProfileMerge.merge(days.source(), "fix", false)) {
            assertEquals(5, days.reads, "each profile read once: merged in");
            assertEquals(0, merged.days().size());
            try (ProfileMerge.Merged kept = ProfileMerge.merge(days.source(), "fix", true)) {
                assertEquals(merged.profile(), kept.profile(), "the same merged profile either way");
            }
        }
    }

    @Test
    void aSegmentedMergeOnSharedEdgesKeepsNoDaysSegmentProfileInMemory() {
        io.sparkdrift.profile.NumericBinning edges = io.sparkdrift.profile.NumericBinning.of(new double[] {0, 1, 2, 3});
        List<WeakReference<DatasetProfile>> handedOut = new ArrayList<>();
        List<String> names = List.of("d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7");
        ProfileMerge.Source source = new ProfileMerge.Source(names, (i, withFitState) -> {
            Random r = new Random(i);
            List<ProfileStore.Segment> segments = new ArrayList<>();
            DatasetProfile all = null;
            for (String label : List.of("k=a", "k=b")) {
                io.sparkdrift.profile.NumericAccumulator acc = new io.sparkdrift.profile.NumericAccumulator(edges);
                for (int n = 0; n < 500; n++) {
                    acc.add(3 * r.nextDouble() + 0.01 * i);
                }
                DatasetProfile seg = new DatasetProfile(500, Map.of("x", acc.snapshot("x")));
                handedOut.add(new WeakReference<>(seg));
                segments.add(new ProfileStore.Segment(label, label.substring(2), seg));
                all = all == null ? seg : all.merge(seg);
            }
            return new ProfileStore.Stored(all, "run" + i, LocalDate.of(2026, 11, 1).plusDays(i), Map.of("x", "double"),
                    Map.of(), List.of("k"), segments, null);
        });
        try (ProfileMerge.Merged merged = ProfileMerge.merge(source, "fix", true)) {
            for (int attempt = 0; attempt < 3; attempt++) {
                System.gc();
            }
            assertEquals(0, handedOut.stream().filter(w -> w.get() != null).count(),
                    "segment profiles of the days still held after the merge (16 when each segment's days are kept in memory)");
            assertEquals(8, merged.segmentDays().get("k=a").size());
            assertEquals(8, merged.days().size());
            assertEquals(500L * 8, ((NumericProfile) merged.segments().get("k=b").feature("x")).sample().total());
        }
    }

    @Test
    void aMergeReadOneAtATimeEqualsTheMergeOfTheStatesHeldTogether() {
        Days days = new Days(7, 5);
        ProfileMerge.Merged merged = ProfileMerge.merge(days.source(), "fix", true);
        ReferenceAccumulator all = days.state(0).emptyLike();
        for (int i = 0; i < days.size(); i++) {
            all.merge(days.state(i));
        }
        ReferenceAccumulator.Fit fit = all.fit();
        assertEquals(fit.numeric(), Map.of("x", ((NumericProfile) merged.profile().feature("x")).binning()));
        NumericProfile expected = (NumericProfile) fit.profiles().get("x");
        NumericProfile got = (NumericProfile) merged.profile().feature("x");
        assertArrayEquals(expected.sample().counts(), got.sample().counts());
        assertEquals(all.rows(), merged.profile().rows());
        for (int i = 0; i < days.size(); i++) { // each day's profile on the merged bins, read off its own state
            NumericProfile own = (NumericProfile) days.state(i).profilesOn(fit.numeric(), fit.categorical()).get("x");
            assertArrayEquals(own.sample().counts(), ((NumericProfile) merged.days().feature(i, "x")).sample().counts(),
                    "day " + i);
        }
        merged.close();
    }
}
