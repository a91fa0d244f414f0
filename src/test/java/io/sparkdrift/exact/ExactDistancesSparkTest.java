package io.sparkdrift.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.exact.core.Exact;
import io.sparkdrift.math.EmpiricalDistances;
import io.sparkdrift.math.WeightedSample;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.FeatureType;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.scan.ProfileScan;
import io.sparkdrift.scan.SizeEstimate;
import io.sparkdrift.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed exact path split into many x-tasks and u-slices (a tiny per-task target) against
 * a straightforward computation on the driver: W1 and KS from {@link EmpiricalDistances}, W2 from
 * both sorted samples' quantile functions walked side by side.
 */
class ExactDistancesSparkTest {
    @Test
    void manyTasksAndSlicesGiveTheDriverSideValuesAndGroupsOfFeaturesTheSameBits() {
        SparkSession spark = SparkTestSession.get();
        Random r = new Random(11);
        int n = 6000;
        int m = 4500;
        String[] names = {"shift", "ties", "disjoint", "zeros", "heavy"};
        List<Row> refRows = new ArrayList<>();
        List<Row> curRows = new ArrayList<>();
        for (int i = 0; i < Math.max(n, m); i++) {
            if (i < n) {
                refRows.add(RowFactory.create(r.nextGaussian(), (double) r.nextInt(5), r.nextDouble(),
                        r.nextBoolean() ? -0.0 : r.nextInt(3) - 1.0, r.nextDouble() < 0.9 ? 42.0 : r.nextDouble() * 100));
            }
            if (i < m) {
                Double nul = r.nextDouble() < 0.05 ? null : r.nextGaussian() * 1.3 + 0.4;
                curRows.add(RowFactory.create(nul, (double) r.nextInt(7), 5 + r.nextDouble(),
                        r.nextBoolean() ? 0.0 : r.nextDouble() < 0.1 ? Double.NaN : r.nextInt(3) - 1.0,
                        r.nextDouble() < 0.5 ? 42.0 : r.nextDouble() * 100 + 0.5));
            }
        }
        List<FeatureSpec> features = numeric(names);
        StructType schema = doubles(names);
        Dataset<Row> ref = spark.createDataFrame(refRows, schema).repartition(3);
        Dataset<Row> cur = spark.createDataFrame(curRows, schema).repartition(4);
        Map<String, NumericBinning> bins = ProfileScan.referencePass(ref, features, List.of(),
                new FitSettings(20, 200, 1, Map.of())).fit().numeric();
        DatasetProfile refProfile = ProfileScan.profile(ref, features, List.of(), bins, Map.of());
        DatasetProfile curProfile = ProfileScan.profile(cur, features, List.of(), bins, Map.of());
        Map<String, Exact> exact = ExactDistances.compute(ref, cur, features, bins, refProfile, curProfile, 300);
        // routed in groups of two features a scan (a wide table's way): the same bits
        Map<String, Exact> grouped = ExactDistances.compute(ref, cur, features, bins, refProfile, curProfile, 300, 2);
        for (String name : names) {
            Exact a = exact.get(name);
            Exact g = grouped.get(name);
            assertEquals(Double.doubleToRawLongBits(a.w1()), Double.doubleToRawLongBits(g.w1()), name + " W1, routed in groups");
            assertEquals(Double.doubleToRawLongBits(a.ks()), Double.doubleToRawLongBits(g.ks()), name + " KS, routed in groups");
            assertEquals(Double.doubleToRawLongBits(a.w2()), Double.doubleToRawLongBits(g.w2()), name + " W2, routed in groups");
        }
        assertDisjointBinIsSplit(ref, cur, features, bins, refProfile, curProfile);
        for (int f = 0; f < names.length; f++) {
            double[] a = finite(refRows, f);
            double[] b = finite(curRows, f);
            Exact e = exact.get(names[f]);
            assertEquals(a.length, e.n(), names[f]);
            assertEquals(b.length, e.m(), names[f]);
            double w1 = EmpiricalDistances.wasserstein1(WeightedSample.of(a), WeightedSample.of(b));
            assertEquals(w1, e.w1(), 1e-9 * Math.max(1, w1), names[f] + " W1");
            assertEquals(EmpiricalDistances.ksStatistic(WeightedSample.of(a), WeightedSample.of(b)), e.ks(), 1e-12, names[f] + " KS");
            double w2 = EmpiricalDistances.wasserstein2(a, b);
            assertEquals(w2, e.w2(), 1e-9 * Math.max(1, w2), names[f] + " W2");
            assertTrue(e.w2() >= e.w1() - 1e-9, names[f] + ": W2 >= W1");
        }
    }

    /**
     * Exact mode reads the current data once: its profiling scan routes the values by the bins it
     * finds, to tasks planned on the reference alone. The profile is the profiling pass's to the bit
     * (categorical features too), and the distances are the driver-side values; where the current
     * data left the reference range (all of "disjoint" above its maximum, in one overflow bin) that
     * feature alone is routed again, by its own scans — the bits {@link ExactDistances#compute} gives it.
     */
    @Test
    void theCurrentDataIsReadOnceWithTheProfilingPassesBitsForEveryFeatureThatStayedInReach() {
        SparkSession spark = SparkTestSession.get();
        Random r = new Random(5);
        String[] names = {"shift", "ties", "zeros", "heavy", "disjoint"};
        List<Row> refRows = new ArrayList<>();
        List<Row> curRows = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            refRows.add(RowFactory.create(r.nextGaussian(), (double) r.nextInt(5), r.nextBoolean() ? -0.0 : r.nextInt(3) - 1.0,
                    r.nextDouble() < 0.9 ? 42.0 : r.nextDouble() * 100, r.nextDouble(), "c" + r.nextInt(4)));
            Double nul = r.nextDouble() < 0.05 ? null : r.nextGaussian() * 1.1 + 0.1;
            curRows.add(RowFactory.create(nul, (double) r.nextInt(5), r.nextDouble() < 0.1 ? Double.NaN : r.nextInt(3) - 1.0,
                    r.nextDouble() < 0.85 ? 42.0 : r.nextDouble() * 100, 5 + r.nextDouble(), r.nextDouble() < 0.1 ? "new" : "c" + r.nextInt(4)));
        }
        List<FeatureSpec> features = numeric(names);
        StructType schema = doubles(names).add("k", DataTypes.StringType);
        List<FeatureSpec> categorical = List.of(new FeatureSpec("k", FeatureType.CATEGORICAL));
        Dataset<Row> ref = spark.createDataFrame(refRows, schema).repartition(3);
        Dataset<Row> cur = spark.createDataFrame(curRows, schema).repartition(5);
        io.sparkdrift.profile.ReferenceAccumulator pass = ProfileScan.referencePass(ref, features, categorical, new FitSettings(20, 200, 10, Map.of()));
        var fitted = pass.fit();
        DatasetProfile refProfile = ProfileScan.profile(ref, features, categorical, fitted.numeric(), fitted.categorical());
        DatasetProfile curProfile = ProfileScan.profile(cur, features, categorical, fitted.numeric(), fitted.categorical());
        for (List<FeatureSpec> numeric : List.of(features.subList(0, 4), features)) {
            Map<String, NumericBinning> bins = new java.util.LinkedHashMap<>(); // one per feature, in column order
            numeric.forEach(x -> bins.put(x.name(), fitted.numeric().get(x.name())));
            ExactOnProfilingScan.Profiled once = ExactOnProfilingScan.profileAndCompute(ref, cur, numeric, categorical, bins,
                    fitted.categorical(), refProfile, 300);
            boolean moved = numeric.size() == names.length;
            assertEquals(moved ? List.of("disjoint") : List.of(), once.routedAgain(),
                    "the current data read once for every feature but the one that left the reference range");
            DatasetProfile apart = ProfileScan.profile(cur, numeric, categorical, bins, fitted.categorical());
            assertEquals(apart, once.current(), "the profile, every count and sum to the bit");
            Map<String, Exact> alone = moved
                    ? ExactDistances.compute(ref, cur, features.subList(4, 5), bins, refProfile, curProfile, 300) : Map.of();
            for (int f = 0; f < numeric.size(); f++) {
                String name = names[f];
                double[] a = finite(refRows, f);
                double[] b = finite(curRows, f);
                Exact e = once.exact().get(name);
                assertEquals(a.length, e.n(), name);
                assertEquals(b.length, e.m(), name);
                double w1 = EmpiricalDistances.wasserstein1(WeightedSample.of(a), WeightedSample.of(b));
                assertEquals(w1, e.w1(), 1e-9 * Math.max(1, w1), name + " W1");
                assertEquals(EmpiricalDistances.ksStatistic(WeightedSample.of(a), WeightedSample.of(b)), e.ks(), 1e-12, name + " KS");
                double w2 = EmpiricalDistances.wasserstein2(a, b);
                assertEquals(w2, e.w2(), 1e-9 * Math.max(1, w2), name + " W2");
                if (name.equals("disjoint")) { // routed again on its own: what two scans of it alone give
                    assertEquals(Double.doubleToRawLongBits(alone.get(name).w2()), Double.doubleToRawLongBits(e.w2()), name);
                    assertEquals(Double.doubleToRawLongBits(alone.get(name).w1()), Double.doubleToRawLongBits(e.w1()), name);
                }
            }
        }
    }

    /**
     * A current data set six times the reference's size, its values where the reference's are, is
     * still read once: the routing's tasks are planned for the size Spark estimates (growth capped at
     * {@value ExactOnProfilingScan#MAX_GROWTH}), so no task outgrows its share twice over and no
     * feature is routed again; planned for equal sizes, every feature would have been.
     */
    @Test
    void aCurrentDataSeveralTimesTheReferencesSizeIsStillReadOnceByTasksPlannedForItsExpectedSize(@TempDir java.nio.file.Path dir) {
        SparkSession spark = SparkTestSession.get();
        Random r = new Random(11);
        String[] names = {"normal", "ties", "uniform"};
        List<Row> refRows = new ArrayList<>();
        List<Row> curRows = new ArrayList<>();
        for (int i = 0; i < 18000; i++) {
            Row row = RowFactory.create(r.nextGaussian(), (double) r.nextInt(5), r.nextDouble() * 10);
            if (i < 3000) {
                refRows.add(row);
            }
            curRows.add(RowFactory.create(r.nextGaussian() * 1.05, (double) r.nextInt(5), r.nextDouble() * 10 + 0.1));
        }
        List<FeatureSpec> features = numeric(names);
        StructType schema = doubles(names);
        Dataset<Row> ref = spark.createDataFrame(refRows, schema).repartition(2);
        Dataset<Row> cur = spark.createDataFrame(curRows, schema).repartition(3);
        assertEquals(ExactOnProfilingScan.MAX_GROWTH, ExactOnProfilingScan.expectedGrowth(ref, cur), "six times the rows");
        assertEquals(1.0, ExactOnProfilingScan.expectedGrowth(cur, ref), "a smaller current data set plans as an equal one");
        ref.write().parquet(dir.resolve("ref").toString());
        cur.write().parquet(dir.resolve("cur").toString());
        assertEquals(ExactOnProfilingScan.MAX_GROWTH, ExactOnProfilingScan.expectedGrowth(spark.read().parquet(dir.resolve("ref")
                .toString()), spark.read().parquet(dir.resolve("cur").toString())), "Parquet files: from their bytes");
        String table = dir.resolve("table").toString(); // one partitioned table, the two sides as filters on it
        ref.withColumn("side", functions.lit("r")).union(cur.withColumn("side", functions.lit("c"))).write()
                .partitionBy("side").parquet(table);
        assertEquals(ExactOnProfilingScan.MAX_GROWTH, ExactOnProfilingScan.expectedGrowth(spark.read().parquet(table)
                .where("side = 'r'"), spark.read().parquet(table).where("side = 'c'")), "the files each filter selects");
        cur.write().option("header", true).csv(dir.resolve("cur.csv").toString());
        Dataset<Row> csv = spark.read().option("header", true).csv(dir.resolve("cur.csv").toString());
        assertTrue(Double.isNaN(SizeEstimate.ratio(spark.read().parquet(dir.resolve("ref").toString()), csv)),
                "bytes of Parquet and of CSV do not compare");
        assertEquals(1.0, ExactOnProfilingScan.expectedGrowth(spark.read().parquet(dir.resolve("ref").toString()), csv));
        var fitted = ProfileScan.referencePass(ref, features, List.of(), new FitSettings(20, 200, 10, Map.of())).fit();
        DatasetProfile refProfile = ProfileScan.profile(ref, features, List.of(), fitted.numeric(), Map.of());
        ExactOnProfilingScan.Profiled once = ExactOnProfilingScan.profileAndCompute(ref, cur, features, List.of(),
                fitted.numeric(), Map.of(), refProfile, 500);
        assertEquals(List.of(), once.routedAgain(), "every feature read once");
        for (int f = 0; f < names.length; f++) {
            double[] a = finite(refRows, f);
            double[] b = finite(curRows, f);
            Exact e = once.exact().get(names[f]);
            assertEquals(b.length, e.m(), names[f]);
            double w1 = EmpiricalDistances.wasserstein1(WeightedSample.of(a), WeightedSample.of(b));
            assertEquals(w1, e.w1(), 1e-9 * Math.max(1, w1), names[f] + " W1");
            assertEquals(EmpiricalDistances.ksStatistic(WeightedSample.of(a), WeightedSample.of(b)), e.ks(), 1e-12, names[f]);
            double w2 = EmpiricalDistances.wasserstein2(a, b);
            assertEquals(w2, e.w2(), 1e-9 * Math.max(1, w2), names[f] + " W2");
        }
    }

    /**
     * All current values of "disjoint" lie above the reference maximum, in one overflow bin; the
     * refinement cuts it so that no bin of that feature holds more than a task's share.
     */
    private static void assertDisjointBinIsSplit(Dataset<Row> ref, Dataset<Row> cur, List<FeatureSpec> features,
            Map<String, NumericBinning> bins, DatasetProfile refProfile, DatasetProfile curProfile) {
        int f = 2;
        String name = features.get(f).name();
        NumericBinning[] binnings = features.stream().map(x -> bins.get(x.name())).toArray(NumericBinning[]::new);
        NumericProfile[] r = features.stream().map(x -> (NumericProfile) refProfile.feature(x.name())).toArray(NumericProfile[]::new);
        NumericProfile[] c = features.stream().map(x -> (NumericProfile) curProfile.feature(x.name())).toArray(NumericProfile[]::new);
        assertTrue(maxBin(r[f], c[f]) > 300, "the test needs a too-big bin: " + name);
        ExactRefine.Refined refined = ExactRefine.refine(ref, cur, features, binnings, r, c, 300);
        assertTrue(refined.rounds() >= 1);
        assertTrue(maxBin(refined.ref()[f], refined.cur()[f]) <= 300, "largest bin after the cuts: " + name);
        assertEquals(r[f].sample().total(), refined.ref()[f].sample().total());
        assertEquals(c[f].sample().total(), refined.cur()[f].sample().total());
    }

    private static long maxBin(NumericProfile r, NumericProfile c) {
        long max = 0;
        for (int b = 0; b < r.sample().binCount(); b++) {
            max = Math.max(max, r.sample().count(b) + c.sample().count(b));
        }
        return max;
    }

    /** The names as numeric features. */
    private static List<FeatureSpec> numeric(String[] names) {
        List<FeatureSpec> out = new ArrayList<>();
        for (String name : names) {
            out.add(new FeatureSpec(name, FeatureType.NUMERIC));
        }
        return out;
    }

    /** A schema of double columns with these names. */
    private static StructType doubles(String[] names) {
        StructType schema = new StructType();
        for (String name : names) {
            schema = schema.add(name, DataTypes.DoubleType);
        }
        return schema;
    }

    private static double[] finite(List<Row> rows, int col) {
        return rows.stream().filter(x -> !x.isNullAt(col)).mapToDouble(x -> x.getDouble(col))
                .filter(Double::isFinite).toArray();
    }

}
