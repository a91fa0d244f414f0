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
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The two Spark passes. Each is one scan of one dataset for all features: every task folds its rows
 * into one accumulator, and the accumulators are merged with a tree reduction, so nothing but
 * fixed-size state reaches the driver.
 * <ul>
 *   <li>{@link #fit}: reference only — the samples and sketches the binnings come from;</li>
 *   <li>{@link #profile}: any dataset — counts and bin statistics on given binnings.</li>
 * </ul>
 */
public final class ProfileScan {
    private static final int TREE_DEPTH = 2;

    private ProfileScan() {
    }

    /** The fitting pass. Features must be listed numeric first, then categorical, as in the projection. */
    public static FitAccumulator fit(Dataset<Row> df, List<FeatureSpec> numeric, List<FeatureSpec> categorical,
            FitSettings settings) {
        JavaRDD<InternalRow> rows = ScanColumns.rows(df, numeric, categorical);
        FitTask task = new FitTask(ScanColumns.of(numeric, categorical), numeric, categorical, settings);
        JavaRDD<FitAccumulator> partial = rows.mapPartitions(task);
        if (partial.getNumPartitions() == 0) {
            return task.empty();
        }
        return partial.treeReduce(FitAccumulator::merge, TREE_DEPTH);
    }

    /** The profiling pass over one dataset on fixed binnings (map iteration order = column order). */
    public static DatasetProfile profile(Dataset<Row> df, List<FeatureSpec> numeric, List<FeatureSpec> categorical,
            Map<String, NumericBinning> numericBins, Map<String, CategoricalBinning> categoricalBins) {
        JavaRDD<InternalRow> rows = ScanColumns.rows(df, numeric, categorical);
        ProfileTask task = new ProfileTask(ScanColumns.of(numeric, categorical), numericBins, categoricalBins);
        JavaRDD<ProfileAccumulator> partial = rows.mapPartitions(task);
        if (partial.getNumPartitions() == 0) {
            return task.empty().snapshot();
        }
        return partial.treeReduce(ProfileAccumulator::merge, TREE_DEPTH).snapshot();
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

    private static final class ProfileTask implements FlatMapFunction<Iterator<InternalRow>, ProfileAccumulator> {
        private final ScanColumns cols;
        private final Map<String, NumericBinning> numericBins;
        private final Map<String, CategoricalBinning> categoricalBins;

        ProfileTask(ScanColumns cols, Map<String, NumericBinning> numericBins,
                Map<String, CategoricalBinning> categoricalBins) {
            this.cols = cols;
            this.numericBins = new java.util.LinkedHashMap<>(numericBins);
            this.categoricalBins = new java.util.LinkedHashMap<>(categoricalBins);
        }

        ProfileAccumulator empty() {
            return new ProfileAccumulator(numericBins, categoricalBins);
        }

        @Override
        public Iterator<ProfileAccumulator> call(Iterator<InternalRow> rows) {
            ProfileAccumulator acc = empty();
            int n = cols.numeric;
            int c = cols.categorical;
            NumericAccumulator[] num = new NumericAccumulator[n];
            for (int i = 0; i < n; i++) {
                num[i] = acc.numeric(i);
            }
            CategoricalAccumulator[] cat = new CategoricalAccumulator[c];
            List<Map<UTF8String, Integer>> index = new java.util.ArrayList<>();
            int k = 0;
            for (CategoricalBinning b : categoricalBins.values()) {
                cat[k] = acc.categorical(k);
                Map<UTF8String, Integer> m = new HashMap<>();
                b.index().forEach((s, i) -> m.put(UTF8String.fromString(s), i));
                index.add(m);
                k++;
            }
            while (rows.hasNext()) {
                InternalRow row = rows.next();
                acc.countRow();
                for (int i = 0; i < n; i++) {
                    if (row.isNullAt(i)) {
                        num[i].addNull();
                    } else {
                        num[i].add(row.getDouble(i));
                    }
                }
                for (int j = 0; j < c; j++) {
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
            return List.of(acc).iterator();
        }
    }
}
