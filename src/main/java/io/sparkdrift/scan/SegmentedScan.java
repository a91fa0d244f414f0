package io.sparkdrift.scan;

import io.sparkdrift.profile.CategoricalAccumulator;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.NumericAccumulator;
import io.sparkdrift.profile.ProfileAccumulator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The profiling pass with segments ({@link ProfileScan#profileSegmented}): each task routes its rows
 * to per-segment chunks and folds them on the overall binnings; the states (one per segment, and
 * the overall one as their merge) are merged across partitions in partition order, as
 * {@link ProfileScan#profile} merges its own.
 */
final class SegmentedScan {
    private SegmentedScan() {
    }

    /** A task's segmented state may take at most this share of its memory (its serialized copy and the chunk need more). */
    static final int STATE_SHARE = 3;

    /**
     * Refuses, before the scan, a segmented pass whose per-task state — a profile for each of the
     * {@code segments} kept segments, one for "other" and the overall one, each {@code stateBytes} —
     * would not fit a third of a task's memory:
     * one line naming the options beats an out-of-memory error after minutes of scanning.
     *
     * @param taskMemory bytes of heap per task slot (an executor's heap ÷ its cores; locally the JVM's ÷ its threads)
     */
    static void checkMemory(long stateBytes, int segments, int features, long taskMemory) {
        long need = stateBytes * (segments + 2);
        if (need > taskMemory / STATE_SHARE) {
            throw new io.sparkdrift.run.InputException(String.format(java.util.Locale.ROOT,
                    "--segment-by: %d segments, \"other\" and the overall profile (%d states of %d features) need about"
                            + " %d MB per task, more than a third of the %d MB of heap a task has; lower --segments or --resolution"
                            + " (for a stored profile's segments: when profiling it), or give executors more memory", segments, segments + 2, features, need >> 20, taskMemory >> 20));
        }
    }

    /** Heap per task slot: an executor's memory ÷ its cores; in local mode the JVM's heap ÷ its threads. */
    static long taskMemory(org.apache.spark.SparkContext sc) {
        long heap = sc.isLocal() ? Runtime.getRuntime().maxMemory() : sc.getConf().getSizeAsBytes("spark.executor.memory", "1g");
        int slots = sc.isLocal() ? sc.defaultParallelism() : sc.getConf().getInt("spark.executor.cores", 1);
        return heap / Math.max(1, slots);
    }

    static <I> ProfileScan.Segmented segmented(ScanInput<I> input, ProfileScan.Binnings binnings, List<String> keys) {
        SegmentedState state = ProfileScan.reduce(input, it -> {
            SegmentFolder folder = new SegmentFolder(binnings, keys);
            input.forEach(it, (group, chunk) -> folder.fold(chunk));
            return folder.finish();
        }, SegmentedState::merge, new SegmentedState(binnings, keys.size() + 1), binnings.stateBytes() * (keys.size() + 2));
        return state.snapshot();
    }

    static <I> Map<String, ProfileScan.Segmented> segmentedByGroup(ScanInput<I> input, ProfileScan.Binnings binnings,
            List<String> keys) {
        Map<String, ProfileScan.Segmented> out = new java.util.TreeMap<>();
        ProfileScan.byGroup(input, () -> new SegmentFolder(binnings, keys), SegmentFolder::fold, SegmentFolder::finish,
                SegmentedState::merge, false).forEach((g, state) -> out.put(g, state.snapshot()));
        return out;
    }

    /** The overall accumulator and one per segment, merged element by element. */
    private static final class SegmentedState implements java.io.Serializable {
        final ProfileAccumulator overall;
        final ProfileAccumulator[] segments;

        SegmentedState(ProfileScan.Binnings binnings, int segments) {
            this(binnings.empty(), empties(binnings, segments));
        }

        SegmentedState(ProfileAccumulator overall, ProfileAccumulator[] segments) {
            this.overall = overall;
            this.segments = segments;
        }

        private static ProfileAccumulator[] empties(ProfileScan.Binnings binnings, int n) {
            ProfileAccumulator[] a = new ProfileAccumulator[n];
            for (int i = 0; i < n; i++) {
                a[i] = binnings.empty();
            }
            return a;
        }

        SegmentedState merge(SegmentedState other) {
            overall.merge(other.overall);
            for (int i = 0; i < segments.length; i++) {
                segments[i].merge(other.segments[i]);
            }
            return this;
        }

        ProfileScan.Segmented snapshot() {
            List<DatasetProfile> seg = new java.util.ArrayList<>();
            for (ProfileAccumulator a : segments) {
                seg.add(a.snapshot());
            }
            return new ProfileScan.Segmented(overall.snapshot(), seg);
        }
    }

    /**
     * Folds each row of a chunk into its segment's accumulators, feature by feature, in row order
     * (so each segment's sums are added in the order a run over that segment alone adds them). Every
     * value is binned once, in its segment; the overall state is the merge of the segments' (counts
     * exact; sums added in another order than a run without segments adds them, so they may differ
     * from its in the last bits).
     */
    private static final class SegmentFolder {
        private final ProfileScan.Binnings binnings;
        /** One accumulator per kept segment, then "other". */
        private final ProfileAccumulator[] segments;
        private final NumericAccumulator[][] numeric;
        private final CategoricalAccumulator[][] categorical;
        private final List<Map<UTF8String, Integer>> categoryIndex;
        private final Map<UTF8String, Integer> index = new HashMap<>();
        private final int[] seg = new int[ColumnChunk.MAX_ROWS];
        private final int[] fill;

        SegmentFolder(ProfileScan.Binnings binnings, List<String> keys) {
            this.binnings = binnings;
            segments = new ProfileAccumulator[keys.size() + 1];
            fill = new int[keys.size() + 1];
            for (int i = 0; i < keys.size(); i++) {
                index.put(UTF8String.fromString(keys.get(i)), i);
            }
            for (int i = 0; i < segments.length; i++) {
                segments[i] = binnings.empty();
            }
            categoryIndex = binnings.categoryIndex();
            numeric = new NumericAccumulator[binnings.numericFeatures()][segments.length];
            categorical = new CategoricalAccumulator[categoryIndex.size()][segments.length];
            for (int s = 0; s < segments.length; s++) {
                for (int i = 0; i < numeric.length; i++) {
                    numeric[i][s] = segments[s].numeric(i);
                }
                for (int j = 0; j < categorical.length; j++) {
                    categorical[j][s] = segments[s].categorical(j);
                }
            }
        }

        void fold(ColumnChunk chunk) {
            UTF8String[] keys = chunk.strings[chunk.strings.length - 1];
            java.util.Arrays.fill(fill, 0);
            for (int r = 0; r < chunk.size; r++) {
                Integer s = keys[r] == null ? null : index.get(keys[r]);
                int seg = s == null ? segments.length - 1 : s;
                this.seg[r] = seg;
                fill[seg]++;
            }
            for (int s = 0; s < segments.length; s++) {
                if (fill[s] > 0) {
                    segments[s].countRows(fill[s]);
                }
            }
            for (int i = 0; i < numeric.length; i++) {
                NumericAccumulator.addColumnRouted(chunk.values[i], chunk.nulls[i], chunk.size, seg, numeric[i]);
            }
            for (int j = 0; j < categorical.length; j++) {
                CategoricalAccumulator[] to = categorical[j];
                Map<UTF8String, Integer> known = categoryIndex.get(j);
                UTF8String[] values = chunk.strings[j];
                for (int r = 0; r < chunk.size; r++) {
                    ProfileScan.ChunkFolder.addCategory(to[seg[r]], known, values[r]);
                }
            }
        }

        /** The partition's state: each segment's, and the overall one as their merge (in segment order). */
        SegmentedState finish() {
            ProfileAccumulator[] seg = new ProfileAccumulator[segments.length];
            ProfileAccumulator all = binnings.empty();
            for (int i = 0; i < seg.length; i++) {
                seg[i] = segments[i];
                all.merge(seg[i]);
            }
            return new SegmentedState(all, seg);
        }
    }
}
