package io.sparkdrift.scan;

import io.sparkdrift.profile.CategoricalAccumulator;
import io.sparkdrift.profile.CategoricalBinning;
import io.sparkdrift.profile.DailyReference;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.profile.NumericAccumulator;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.ProfileAccumulator;
import io.sparkdrift.profile.ReferenceAccumulator;
import io.sparkdrift.profile.SegmentedReference;
import io.sparkdrift.profile.ValueGrid;
import io.sparkdrift.profile.WarmUp;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Tuple2;

/**
 * The Spark passes. Each is one scan of one dataset for all features: every task folds its rows
 * into one accumulator, and the accumulators are merged in partition order ({@link OrderedReduce}),
 * so nothing but fixed-size state reaches the driver and the same data always gives the same bits.
 * <ul>
 *   <li>{@link #referencePass}: reference only — the grids and sketches the binnings come from, and
 *       from which the reference's own profile is read off (so a plain run reads it once);
 *       {@link #referencePassSegmented} also keeps each segment key's rows in lanes, so a segmented
 *       run reads it once too;</li>
 *   <li>{@link #profile}: any dataset — counts and bin statistics on given binnings.</li>
 * </ul>
 */
public final class ProfileScan {
    private ProfileScan() {
    }

    /** The per-partition fold of a pass: one state from one partition's chunks. */
    interface PartitionFold<I, T> extends java.io.Serializable {
        T fold(Iterator<I> partition) throws Exception;
    }

    /**
     * The single pass over the reference: exact value grids for the numeric features and the fitting
     * sketches for the categorical ones, from which come the binnings and the reference's profile on
     * them (see {@link ReferenceAccumulator}). Features must be listed numeric first, as in the projection.
     */
    public static ReferenceAccumulator referencePass(Dataset<Row> df, List<FeatureSpec> numeric,
            List<FeatureSpec> categorical, FitSettings settings) {
        return referencePass(ScanInput.of(df, numeric, categorical, null), List.copyOf(numeric), List.copyOf(categorical),
                settings);
    }

    /**
     * The single pass with the segment key counted as one more categorical column (last): its
     * vocabulary is the reference's most frequent segments. The features' grids, and so their bins,
     * are those of a run without segments.
     */
    public static ReferenceAccumulator referencePass(Dataset<Row> df, List<FeatureSpec> numeric,
            List<FeatureSpec> categorical, FitSettings settings, SegmentKey key) {
        List<FeatureSpec> withKey = new java.util.ArrayList<>(categorical);
        withKey.add(new FeatureSpec(key.keyColumn(), io.sparkdrift.profile.FeatureType.CATEGORICAL));
        return referencePass(ScanInput.of(key.keyed(df), numeric, withKey, null), List.copyOf(numeric), List.copyOf(withKey),
                settings);
    }

    /**
     * The single pass with segments: as {@link #referencePass} with the key, and every row also
     * counted in its key's lane ({@link SegmentedReference}), so each segment's reference profile is
     * read off the same scan. A task keeps at most {@code 2K + 8} keys apart, and no more than a
     * quarter of its heap holds; past that the state pools and the caller profiles the segments by
     * a second scan.
     *
     * @param segments K, the segments compared on their own
     */
    public static SegmentedReference referencePassSegmented(Dataset<Row> df, List<FeatureSpec> numeric,
            List<FeatureSpec> categorical, FitSettings settings, SegmentKey key, int segments) {
        FeatureSpec keySpec = new FeatureSpec(key.keyColumn(), io.sparkdrift.profile.FeatureType.CATEGORICAL);
        List<FeatureSpec> withKey = new java.util.ArrayList<>(categorical);
        withKey.add(keySpec);
        int budget = ValueGrid.budgetFor(numeric.size(), settings.resolution());
        long laneBytes = 64L * budget * numeric.size() + 64L * 4 * settings.maxCategories() * categorical.size() + 1024;
        long fit = SegmentedScan.taskMemory(df.sparkSession().sparkContext()) / 4 / laneBytes;
        int maxLanes = (int) Math.min(2L * segments + 8, fit);
        ScanInput<?> input = ScanInput.of(key.keyed(df), numeric, withKey, null);
        return referencePassSegmented(input, List.copyOf(numeric), List.copyOf(categorical), keySpec, settings, maxLanes,
                (56L * budget * numeric.size() + 64L * 4 * settings.maxCategories() * withKey.size()) * Math.min(maxLanes, segments + 2));
    }

    private static <I> SegmentedReference referencePassSegmented(ScanInput<I> input, List<FeatureSpec> numeric,
            List<FeatureSpec> categorical, FeatureSpec keySpec, FitSettings settings, int maxLanes, long stateBytes) {
        return reduce(input, it -> {
            SegmentedReference state = new SegmentedReference(numeric, categorical, keySpec, settings, maxLanes);
            Map<UTF8String, Integer> lanes = new HashMap<>();
            int[] lane = new int[ColumnChunk.MAX_ROWS];
            int keyColumn = categorical.size();
            input.forEach(it, (group, chunk) -> {
                UTF8String[] keys = chunk.strings[keyColumn];
                boolean laned = !state.pooled();
                for (int r = 0; laned && r < chunk.size; r++) {
                    Integer l = lanes.get(keys[r]); // HashMap takes a null key: rows with no key
                    if (l == null) {
                        l = state.lane(keys[r] == null ? null : keys[r].toString());
                        lanes.put(keys[r] == null ? null : keys[r].clone(), l);
                    }
                    lane[r] = l;
                    laned = l >= 0;
                }
                state.startChunk(chunk.size, laned ? lane : null);
                for (int i = 0; i < chunk.values.length; i++) {
                    state.addColumn(i, chunk.values[i], chunk.nulls[i], chunk.size);
                }
                for (int j = 0; j < chunk.strings.length; j++) {
                    UTF8String[] s = chunk.strings[j];
                    for (int r = 0; r < chunk.size; r++) {
                        if (s[r] != null) {
                            state.addCategorical(j, lane[r], s[r].toString());
                        }
                    }
                }
            });
            return state;
        }, SegmentedReference::merge, new SegmentedReference(numeric, categorical, keySpec, settings, maxLanes), stateBytes);
    }

    private static <I> ReferenceAccumulator referencePass(ScanInput<I> input, List<FeatureSpec> numeric,
            List<FeatureSpec> categorical, FitSettings settings) {
        return reduce(input, it -> {
            ReferenceAccumulator acc = new ReferenceAccumulator(numeric, categorical, settings);
            input.forEach(it, (group, chunk) -> add(acc, chunk));
            return acc;
        }, ReferenceAccumulator::merge, new ReferenceAccumulator(numeric, categorical, settings),
                referenceStateBytes(numeric.size(), categorical.size(), settings));
    }

    /** Grid buckets (count, anchor, four statistics) and frequent-items maps: the size of a full reference state. */
    private static long referenceStateBytes(int numeric, int categorical, FitSettings settings) {
        return 56L * ValueGrid.budgetFor(numeric, settings.resolution()) * numeric + 64L * 4 * settings.maxCategories() * categorical;
    }

    /** Counts a chunk's rows in a reference state. */
    private static void add(ReferenceAccumulator acc, ColumnChunk chunk) {
        acc.countRows(chunk.size);
        for (int i = 0; i < chunk.values.length; i++) {
            acc.grid(i).addColumn(chunk.values[i], chunk.nulls[i], chunk.size);
        }
        for (int j = 0; j < chunk.strings.length; j++) {
            UTF8String[] s = chunk.strings[j];
            for (int r = 0; r < chunk.size; r++) {
                if (s[r] != null) {
                    acc.addCategorical(j, s[r].toString());
                }
            }
        }
    }

    /** Spark conf key: reference days a pass keeps apart at most (fewer when the heap holds fewer, see {@link #referencePassByDay}). */
    public static final String MAX_DAYS_CONF = "spark.drift.learn.maxDays";

    /**
     * The single pass over the reference with a state per day of {@code dateColumn} (see
     * {@link DailyReference}), for --learn-thresholds: the bins, the reference's profile and each day's
     * come from it. Days are kept apart while the reduction's merging tasks hold their states in half
     * a task's heap (sixteen states of every day at once) and the driver's merged state in a quarter
     * of its heap, and at most {@link #MAX_DAYS_CONF}; past that the state pools and the caller
     * profiles the days by a second scan.
     */
    public static DailyReference referencePassByDay(Dataset<Row> df, List<FeatureSpec> numeric, List<FeatureSpec> categorical,
            FitSettings settings, String dateColumn) {
        long dayBytes = Math.max(1, referenceStateBytes(numeric.size(), categorical.size(), settings));
        // a merging task of the reduction holds up to FAN_IN states, each with every day kept: within half a
        // task's heap; the driver's merged state within a quarter of its own
        long byTask = SegmentedScan.taskMemory(df.sparkSession().sparkContext()) / 2 / OrderedReduce.FAN_IN / dayBytes;
        long byDriver = Runtime.getRuntime().maxMemory() / 4 / dayBytes;
        int maxDays = (int) Math.min(maxDaysSetting(df.sparkSession()), Math.min(byTask, byDriver));
        List<FeatureSpec> num = List.copyOf(numeric);
        List<FeatureSpec> cat = List.copyOf(categorical);
        ScanInput<?> input = ScanInput.of(df, numeric, categorical, dateColumn);
        return referencePassByDay(input, new DailyReference(num, cat, settings, maxDays), () -> new DailyReference(num, cat,
                settings, maxDays), dayBytes);
    }

    /** {@link #MAX_DAYS_CONF}, or no limit when unset. */
    private static int maxDaysSetting(SparkSession spark) {
        String v = spark.conf().get(MAX_DAYS_CONF, null);
        try {
            int days = v == null ? Integer.MAX_VALUE : Integer.parseInt(v.trim());
            if (days >= 0) {
                return days;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new io.sparkdrift.run.InputException("the Spark setting " + MAX_DAYS_CONF + " is '" + v + "', not a whole number"
                + " of days ≥ 0; set it to the days a pass may keep apart, or unset it");
    }

    private static <I> DailyReference referencePassByDay(ScanInput<I> input, DailyReference empty,
            org.apache.spark.api.java.function.Function0<DailyReference> fresh, long dayBytes) {
        // a task's state holds the days its rows span: one or a few where the table is partitioned by day
        return reduce(input, it -> {
            DailyReference state = fresh.call();
            input.forEach(it, (day, chunk) -> add(state.day(day), chunk));
            return state;
        }, DailyReference::merge, empty, dayBytes);
    }

    /**
     * The scan's own floor, for the benchmark: reads every value of every feature through the same
     * reader and chunks as the profiling pass and only adds them up (numbers; the byte length of
     * strings) — what a pass costs before any binning. Wide tables need it: there Spark's own
     * aggregate leaves generated code and is no floor. Returns the sum (NaN/±∞ included), so the
     * work cannot be optimised away.
     */
    public static double readEveryValue(Dataset<Row> df, List<FeatureSpec> numeric, List<FeatureSpec> categorical) {
        ScanInput<?> input = ScanInput.of(df, numeric, categorical, null);
        return readEveryValue(input);
    }

    private static <I> double readEveryValue(ScanInput<I> input) {
        return reduce(input, it -> {
            double[] sum = {0};
            input.forEach(it, (group, chunk) -> {
                for (int i = 0; i < chunk.values.length; i++) {
                    double[] v = chunk.values[i];
                    boolean[] isNull = chunk.nulls[i];
                    for (int r = 0; r < chunk.size; r++) {
                        sum[0] += isNull[r] ? 0 : v[r];
                    }
                }
                for (UTF8String[] strings : chunk.strings) {
                    for (int r = 0; r < chunk.size; r++) {
                        sum[0] += strings[r] == null ? 0 : strings[r].numBytes();
                    }
                }
            });
            return sum[0];
        }, Double::sum, 0.0, 8);
    }

    /** The profiling pass over one dataset on fixed binnings (map iteration order = column order). */
    public static DatasetProfile profile(Dataset<Row> df, List<FeatureSpec> numeric, List<FeatureSpec> categorical,
            Map<String, NumericBinning> numericBins, Map<String, CategoricalBinning> categoricalBins) {
        return profile(ScanInput.of(df, numeric, categorical, null), new Binnings(df.sparkSession(), numericBins, categoricalBins));
    }

    private static <I> DatasetProfile profile(ScanInput<I> input, Binnings binnings) {
        return reduce(input, it -> {
            ChunkFolder folder = new ChunkFolder(binnings);
            input.forEach(it, (group, chunk) -> folder.fold(chunk));
            return folder.acc;
        }, ProfileAccumulator::merge, binnings.empty(), binnings.stateBytes()).snapshot();
    }

    static <I, T extends java.io.Serializable> T reduce(ScanInput<I> input, PartitionFold<I, T> fold,
            org.apache.spark.api.java.function.Function2<T, T, T> merge, T empty, long stateBytes) {
        try {
            return OrderedReduce.reduce(input.rdd(), it -> List.of(fold.fold(it)).iterator(), merge, empty, stateBytes);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The profiling pass with one profile per value of {@code group} (e.g. each day of a date
     * range), still one scan. Rows whose group is null are left out.
     */
    public static Map<String, DatasetProfile> profileByGroup(Dataset<Row> df, List<FeatureSpec> numeric,
            List<FeatureSpec> categorical, Map<String, NumericBinning> numericBins,
            Map<String, CategoricalBinning> categoricalBins, String group) {
        return profileByGroup(ScanInput.of(df, numeric, categorical, group), new Binnings(df.sparkSession(), numericBins, categoricalBins),
                false);
    }

    private static <I> Map<String, DatasetProfile> profileByGroup(ScanInput<I> input, Binnings binnings, boolean ungrouped) {
        Map<String, DatasetProfile> out = new java.util.TreeMap<>(java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));
        byGroup(input, () -> new ChunkFolder(binnings), ChunkFolder::fold, f -> f.acc, ProfileAccumulator::merge, ungrouped)
                .forEach((g, acc) -> out.put(g, acc.snapshot()));
        return out;
    }

    /**
     * Each day's profile ({@code days}, in day order) and that of the rows without a day
     * ({@code undated}: null when every row has one), in one scan.
     */
    public record ByDay(Map<String, DatasetProfile> days, DatasetProfile undated) {
    }

    /** As {@link #profileByGroup}, also profiling the rows whose {@code dateColumn} is null. */
    public static ByDay profileByDay(Dataset<Row> df, List<FeatureSpec> numeric, List<FeatureSpec> categorical,
            Map<String, NumericBinning> numericBins, Map<String, CategoricalBinning> categoricalBins, String dateColumn) {
        Map<String, DatasetProfile> all = profileByGroup(ScanInput.of(df, numeric, categorical, dateColumn),
                new Binnings(df.sparkSession(), numericBins, categoricalBins), true);
        DatasetProfile undated = all.remove(null);
        return new ByDay(all, undated);
    }

    /** Per-partition folding of one group's chunks into a state. */
    interface GroupFold<F, T> extends java.io.Serializable {
        void fold(F folder, ColumnChunk chunk) throws Exception;
    }

    /**
     * One state per group in one scan: each partition folds each group's chunks into a folder of its
     * own, and each group's states are merged in partition order (see {@link OrderedReduce}), so the
     * same partitions always give the same bits.
     *
     * @param ungrouped whether the rows whose group is null get a state too (under the null key, last);
     *     else they are left out
     */
    static <I, F, T extends java.io.Serializable> Map<String, T> byGroup(ScanInput<I> input,
            org.apache.spark.api.java.function.Function0<F> newFolder, GroupFold<F, T> fold,
            org.apache.spark.api.java.function.Function<F, T> finish, org.apache.spark.api.java.function.Function2<T, T, T> merge,
            boolean ungrouped) {
        Map<String, T> out = new java.util.TreeMap<>(java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));
        JavaPairRDD.fromJavaRDD(input.rdd().mapPartitionsWithIndex((i, it) -> {
            Map<String, F> folders = new java.util.LinkedHashMap<>();
            input.forEach(it, (g, chunk) -> {
                if (g == null && !ungrouped) {
                    return;
                }
                F f = folders.get(g);
                if (f == null) {
                    f = newFolder.call();
                    folders.put(g, f);
                }
                fold.fold(f, chunk);
            });
            List<Tuple2<String, Tuple2<Integer, Shipped<T>>>> l = new java.util.ArrayList<>();
            for (Map.Entry<String, F> e : folders.entrySet()) {
                l.add(new Tuple2<>(e.getKey(), new Tuple2<>(i, Shipped.of(finish.call(e.getValue())))));
            }
            return l.iterator();
        }, true)).groupByKey().mapValues(states -> {
            List<Tuple2<Integer, Shipped<T>>> sorted = new java.util.ArrayList<>();
            states.forEach(sorted::add);
            sorted.sort(java.util.Comparator.comparing(Tuple2::_1));
            T acc = sorted.get(0)._2().get();
            for (int k = 1; k < sorted.size(); k++) {
                acc = merge.call(acc, sorted.get(k)._2().get());
            }
            return Shipped.of(acc);
        }).collect().forEach(t -> out.put(t._1(), t._2().get()));
        return out;
    }

    /**
     * The overall profile and one per segment, in one scan. {@code segments} in order, then "other".
     *
     * @param segments one per key given, then the pooled "other" segment last
     */
    public record Segmented(DatasetProfile overall, List<DatasetProfile> segments) {
    }

    /**
     * The profiling pass with segments: every row counts in its segment's profile (its key among
     * {@code keys}, else "other") and in the overall profile (the segments' merged), all on the same
     * binnings, in one scan; per group (e.g. day) when {@code group} is not null, else under the key "".
     * A segment's rows are folded in the order the scan reads them and the partitions' states merged
     * as {@link #profile} merges them, so a segment's profile equals, bit for bit, profiling the rows
     * of that segment alone.
     *
     * @param key the segment key column, read as one more string column after the features
     */
    public static Map<String, Segmented> profileSegmented(Dataset<Row> df, List<FeatureSpec> numeric,
            List<FeatureSpec> categorical, Map<String, NumericBinning> numericBins,
            Map<String, CategoricalBinning> categoricalBins, String group, SegmentKey key, List<String> keys) {
        List<FeatureSpec> withKey = new java.util.ArrayList<>(categorical);
        withKey.add(new FeatureSpec(key.keyColumn(), io.sparkdrift.profile.FeatureType.CATEGORICAL));
        ScanInput<?> input = ScanInput.of(key.keyed(df), numeric, withKey, group);
        SegmentedScan.checkMemory(Binnings.stateBytes(numericBins, categoricalBins), keys.size(),
                numericBins.size() + categoricalBins.size(), SegmentedScan.taskMemory(df.sparkSession().sparkContext()));
        Binnings binnings = new Binnings(df.sparkSession(), numericBins, categoricalBins);
        return group == null ? Map.of("", SegmentedScan.segmented(input, binnings, keys))
                : SegmentedScan.segmentedByGroup(input, binnings, keys);
    }

    /**
     * The binnings of one profiling pass, in column order. They (fine edges and vocabularies,
     * megabytes with many features) travel once per executor as a broadcast, not inside every task.
     */
    static final class Binnings implements java.io.Serializable {
        private final Broadcast<Shipped<java.util.LinkedHashMap<String, NumericBinning>>> numeric;
        private final Broadcast<Shipped<java.util.LinkedHashMap<String, CategoricalBinning>>> categorical;

        Binnings(SparkSession spark, Map<String, NumericBinning> numericBins, Map<String, CategoricalBinning> categoricalBins) {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            this.numeric = sc.broadcast(Shipped.of(new java.util.LinkedHashMap<>(numericBins)));
            this.categorical = sc.broadcast(Shipped.of(new java.util.LinkedHashMap<>(categoricalBins)));
        }

        ProfileAccumulator empty() {
            return new ProfileAccumulator(numeric.value().get(), categorical.value().get());
        }

        /** About the serialized size of one profile state: five numbers per fine bin, one per category. */
        long stateBytes() {
            return stateBytes(numeric.value().get(), categorical.value().get());
        }

        static long stateBytes(Map<String, NumericBinning> numericBins, Map<String, CategoricalBinning> categoricalBins) {
            long bytes = 0;
            for (NumericBinning b : numericBins.values()) {
                bytes += 40L * b.fineBins();
            }
            for (CategoricalBinning b : categoricalBins.values()) {
                bytes += 8L * b.bins() + 4096;
            }
            return bytes;
        }

        int numericFeatures() {
            return numeric.value().get().size();
        }

        /** Category → bin maps keyed by Spark's own string type, so known values need no decoding. */
        List<Map<UTF8String, Integer>> categoryIndex() {
            List<Map<UTF8String, Integer>> index = new java.util.ArrayList<>();
            for (CategoricalBinning b : categorical.value().get().values()) {
                Map<UTF8String, Integer> m = new HashMap<>();
                b.index().forEach((s, i) -> m.put(UTF8String.fromString(s), i));
                index.add(m);
            }
            return index;
        }
    }

    /** Folds chunks into one profile accumulator, one feature at a time; the hot loop of the profiling pass. */
    static final class ChunkFolder {
        final ProfileAccumulator acc;
        private final boolean warm;
        private final NumericAccumulator[] num;
        private final CategoricalAccumulator[] cat;
        private final List<Map<UTF8String, Integer>> index;
        /** The fine bins of the column being folded, one array for all features. */
        private int[] bins = new int[4096];

        ChunkFolder(Binnings binnings) {
            this.acc = binnings.empty();
            this.index = binnings.categoryIndex();
            num = new NumericAccumulator[binnings.numericFeatures()];
            long bytes = 0;
            for (int i = 0; i < num.length; i++) {
                num[i] = acc.numeric(i);
                bytes += num[i].stateBytes();
            }
            warm = WarmUp.pays(bytes);
            cat = new CategoricalAccumulator[index.size()];
            for (int j = 0; j < cat.length; j++) {
                cat[j] = acc.categorical(j);
            }
        }

        void fold(ColumnChunk chunk) {
            fold(chunk, null);
        }

        /** As {@link #fold(ColumnChunk)}, handing each numeric column and its bins to {@code router} too (if not null). */
        void fold(ColumnChunk chunk, ChunkRouter router) {
            acc.countRows(chunk.size);
            if (bins.length < chunk.size) {
                bins = new int[chunk.size];
            }
            for (int i = 0; i < num.length; i++) {
                if (warm) {
                    num[i].warmUp();
                }
                num[i].addColumn(chunk.values[i], chunk.nulls[i], chunk.size, bins);
                if (router != null) {
                    router.add(i, chunk.values[i], bins, chunk.size);
                }
            }
            for (int j = 0; j < cat.length; j++) {
                CategoricalAccumulator a = cat[j];
                Map<UTF8String, Integer> known = index.get(j);
                UTF8String[] s = chunk.strings[j];
                for (int r = 0; r < chunk.size; r++) {
                    addCategory(a, known, s[r]);
                }
            }
        }

        /** Adds one value (null counted apart; a value outside the kept categories to "other"). */
        static void addCategory(CategoricalAccumulator a, Map<UTF8String, Integer> known, UTF8String value) {
            if (value == null) {
                a.addNull();
                return;
            }
            Integer bin = known.get(value);
            if (bin != null) {
                a.addToBin(bin);
            } else {
                a.addOutside(value.toString());
            }
        }
    }
}
