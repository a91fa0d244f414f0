package io.sparkdrift.spark;

import io.sparkdrift.profile.CategoricalAccumulator;
import io.sparkdrift.profile.CategoricalBinning;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.FitAccumulator;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.profile.NumericAccumulator;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.ProfileAccumulator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Tuple2;

/**
 * The two Spark passes. Each is one scan of one dataset for all features: every task folds its rows
 * into one accumulator, and the accumulators are merged in partition order ({@link OrderedReduce}),
 * so nothing but fixed-size state reaches the driver and the same data always gives the same bits.
 * <ul>
 *   <li>{@link #fit}: reference only — the samples and sketches the binnings come from;</li>
 *   <li>{@link #profile}: any dataset — counts and bin statistics on given binnings.</li>
 * </ul>
 */
public final class ProfileScan {
    private ProfileScan() {
    }

    /** The fitting pass. Features must be listed numeric first, then categorical, as in the projection. */
    public static FitAccumulator fit(Dataset<Row> df, List<FeatureSpec> numeric, List<FeatureSpec> categorical,
            FitSettings settings) {
        JavaRDD<InternalRow> rows = ScanColumns.rows(df, numeric, categorical);
        FitTask task = new FitTask(ScanColumns.of(numeric, categorical), numeric, categorical, settings);
        return reduce(rows, task, FitAccumulator::merge, task.empty());
    }

    /** The profiling pass over one dataset on fixed binnings (map iteration order = column order). */
    public static DatasetProfile profile(Dataset<Row> df, List<FeatureSpec> numeric, List<FeatureSpec> categorical,
            Map<String, NumericBinning> numericBins, Map<String, CategoricalBinning> categoricalBins) {
        JavaRDD<InternalRow> rows = ScanColumns.rows(df, numeric, categorical);
        ProfileTask task = new ProfileTask(df.sparkSession(), ScanColumns.of(numeric, categorical), numericBins, categoricalBins);
        return reduce(rows, task, ProfileAccumulator::merge, task.empty()).snapshot();
    }

    private static <T extends java.io.Serializable> T reduce(JavaRDD<InternalRow> rows,
            FlatMapFunction<Iterator<InternalRow>, T> task, org.apache.spark.api.java.function.Function2<T, T, T> merge, T empty) {
        try {
            return OrderedReduce.reduce(rows, task, merge, empty);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class FitTask implements FlatMapFunction<Iterator<InternalRow>, FitAccumulator> {
        private final ScanColumns cols;
        private final List<FeatureSpec> numeric;
        private final List<FeatureSpec> categorical;
        private final FitSettings settings;

        FitTask(ScanColumns cols, List<FeatureSpec> numeric, List<FeatureSpec> categorical, FitSettings settings) {
            this.cols = cols;
            this.numeric = List.copyOf(numeric);
            this.categorical = List.copyOf(categorical);
            this.settings = settings;
        }

        FitAccumulator empty() {
            return new FitAccumulator(numeric, categorical, settings);
        }

        @Override
        public Iterator<FitAccumulator> call(Iterator<InternalRow> rows) {
            FitAccumulator acc = empty();
            int n = cols.numeric;
            int c = cols.categorical;
            while (rows.hasNext()) {
                InternalRow row = rows.next();
                acc.countRow();
                long key = cols.rowHash(row);
                for (int i = 0; i < n; i++) {
                    if (!row.isNullAt(i)) {
                        acc.addNumeric(i, key, row.getDouble(i));
                    }
                }
                for (int j = 0; j < c; j++) {
                    if (!row.isNullAt(n + j)) {
                        acc.addCategorical(j, row.getUTF8String(n + j).toString());
                    }
                }
            }
            return List.of(acc).iterator();
        }
    }

    /**
     * The profiling pass with one profile per value of {@code group} (e.g. each day of a date
     * range), still one scan. Rows whose group is null are left out.
     */
    public static Map<String, DatasetProfile> profileByGroup(Dataset<Row> df, List<FeatureSpec> numeric,
            List<FeatureSpec> categorical, Map<String, NumericBinning> numericBins,
            Map<String, CategoricalBinning> categoricalBins, String group) {
        JavaRDD<InternalRow> rows = ScanColumns.rows(df, numeric, categorical, group);
        GroupedProfileTask task = new GroupedProfileTask(df.sparkSession(), ScanColumns.of(numeric, categorical), numericBins, categoricalBins);
        // per group, merge the partitions' states in partition order (see OrderedReduce)
        Map<String, DatasetProfile> out = new java.util.TreeMap<>();
        JavaPairRDD<String, Tuple2<Integer, ProfileAccumulator>> keyed = JavaPairRDD.fromJavaRDD(rows.mapPartitionsWithIndex(
                (i, it) -> {
                    List<Tuple2<String, Tuple2<Integer, ProfileAccumulator>>> l = new java.util.ArrayList<>();
                    task.call(it).forEachRemaining(t -> l.add(new Tuple2<>(t._1(), new Tuple2<>(i, t._2()))));
                    return l.iterator();
                }, true));
        keyed.groupByKey().mapValues(states -> {
            List<Tuple2<Integer, ProfileAccumulator>> sorted = new java.util.ArrayList<>();
            states.forEach(sorted::add);
            sorted.sort(java.util.Comparator.comparing(Tuple2::_1));
            ProfileAccumulator acc = sorted.get(0)._2();
            for (int k = 1; k < sorted.size(); k++) {
                acc.merge(sorted.get(k)._2());
            }
            return acc;
        }).collect().forEach(t -> out.put(t._1(), t._2().snapshot()));
        return out;
    }

    /** The binnings of one profiling pass, in column order. */
    private record Binnings(Map<String, NumericBinning> numeric, Map<String, CategoricalBinning> categorical)
            implements java.io.Serializable {
    }

    /** Folds rows into one profile accumulator; the per-row loop of the profiling pass. */
    private static final class RowFolder {
        final ProfileAccumulator acc;
        private final NumericAccumulator[] num;
        private final CategoricalAccumulator[] cat;
        private final List<Map<UTF8String, Integer>> index;
        private final int n;

        RowFolder(ProfileAccumulator acc, int n, List<Map<UTF8String, Integer>> index) {
            this.acc = acc;
            this.n = n;
            this.index = index;
            num = new NumericAccumulator[n];
            for (int i = 0; i < n; i++) {
                num[i] = acc.numeric(i);
            }
            cat = new CategoricalAccumulator[index.size()];
            for (int j = 0; j < cat.length; j++) {
                cat[j] = acc.categorical(j);
            }
        }

        void fold(InternalRow row) {
            acc.countRow();
            for (int i = 0; i < n; i++) {
                if (row.isNullAt(i)) {
                    num[i].addNull();
                } else {
                    num[i].add(row.getDouble(i));
                }
            }
            for (int j = 0; j < cat.length; j++) {
                if (row.isNullAt(n + j)) {
                    cat[j].addNull();
                    continue;
                }
                UTF8String s = row.getUTF8String(n + j);
                Integer bin = index.get(j).get(s);
                if (bin != null) {
                    cat[j].addToBin(bin);
                } else {
                    cat[j].addOutside(s.toString());
                }
            }
        }
    }

    /**
     * What both profiling tasks need: the projection layout and the binnings. The binnings (fine
     * edges and vocabularies, megabytes with many features) travel once per executor as a broadcast,
     * not inside every task.
     */
    private abstract static class ProfilingTask implements java.io.Serializable {
        final ScanColumns cols;
        private final Broadcast<Binnings> binnings;

        ProfilingTask(SparkSession spark, ScanColumns cols, Map<String, NumericBinning> numericBins,
                Map<String, CategoricalBinning> categoricalBins) {
            this.cols = cols;
            this.binnings = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .broadcast(new Binnings(new java.util.LinkedHashMap<>(numericBins), new java.util.LinkedHashMap<>(categoricalBins)));
        }

        ProfileAccumulator empty() {
            return new ProfileAccumulator(binnings.value().numeric(), binnings.value().categorical());
        }

        /** Category → bin maps keyed by Spark's own string type, so known values need no decoding. */
        List<Map<UTF8String, Integer>> categoryIndex() {
            List<Map<UTF8String, Integer>> index = new java.util.ArrayList<>();
            for (CategoricalBinning b : binnings.value().categorical().values()) {
                Map<UTF8String, Integer> m = new HashMap<>();
                b.index().forEach((s, i) -> m.put(UTF8String.fromString(s), i));
                index.add(m);
            }
            return index;
        }
    }

    private static final class ProfileTask extends ProfilingTask
            implements FlatMapFunction<Iterator<InternalRow>, ProfileAccumulator> {
        ProfileTask(SparkSession spark, ScanColumns cols, Map<String, NumericBinning> numericBins,
                Map<String, CategoricalBinning> categoricalBins) {
            super(spark, cols, numericBins, categoricalBins);
        }

        @Override
        public Iterator<ProfileAccumulator> call(Iterator<InternalRow> rows) {
            RowFolder folder = new RowFolder(empty(), cols.numeric, categoryIndex());
            while (rows.hasNext()) {
                folder.fold(rows.next());
            }
            return List.of(folder.acc).iterator();
        }
    }

    private static final class GroupedProfileTask extends ProfilingTask
            implements PairFlatMapFunction<Iterator<InternalRow>, String, ProfileAccumulator> {
        GroupedProfileTask(SparkSession spark, ScanColumns cols, Map<String, NumericBinning> numericBins,
                Map<String, CategoricalBinning> categoricalBins) {
            super(spark, cols, numericBins, categoricalBins);
        }

        @Override
        public Iterator<Tuple2<String, ProfileAccumulator>> call(Iterator<InternalRow> rows) {
            List<Map<UTF8String, Integer>> index = categoryIndex();
            int groupCol = cols.numeric + cols.categorical;
            Map<String, RowFolder> folders = new HashMap<>();
            while (rows.hasNext()) {
                InternalRow row = rows.next();
                if (row.isNullAt(groupCol)) {
                    continue;
                }
                String key = row.getUTF8String(groupCol).toString();
                folders.computeIfAbsent(key, k -> new RowFolder(empty(), cols.numeric, index)).fold(row);
            }
            List<Tuple2<String, ProfileAccumulator>> out = new java.util.ArrayList<>();
            folders.forEach((k, f) -> out.add(new Tuple2<>(k, f.acc)));
            return out.iterator();
        }
    }
}
