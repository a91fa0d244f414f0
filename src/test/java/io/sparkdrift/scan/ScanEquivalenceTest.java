package io.sparkdrift.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.profile.CategoricalAccumulator;
import io.sparkdrift.profile.CategoricalBinning;
import io.sparkdrift.profile.CategoricalProfile;
import io.sparkdrift.profile.DailyReference;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.FeatureType;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.profile.NumericAccumulator;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.profile.ReferenceAccumulator;
import io.sparkdrift.testing.Profiles;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark scans against the straightforward path — every value fed to the accumulators one by
 * one on the driver — bin for bin, on random data with nulls, NaN and ±∞, for Parquet, CSV and ORC
 * inputs and with adaptive execution and whole-stage code generation on and off.
 */
class ScanEquivalenceTest {
    private static final int ROWS = 4000;
    @TempDir
    Path tmp;

    @Test
    void scansEqualTheStraightforwardPathUnderEveryFormatAndOption() {
        SparkSession spark = SparkTestSession.get();
        List<Row> rows = randomRows(new Random(17));
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.LongType)
                .add("c", DataTypes.StringType);
        Dataset<Row> source = spark.createDataFrame(rows, schema).repartition(5);
        List<FeatureSpec> num = List.of(new FeatureSpec("a", FeatureType.NUMERIC), new FeatureSpec("b", FeatureType.NUMERIC));
        List<FeatureSpec> cat = List.of(new FeatureSpec("c", FeatureType.CATEGORICAL));
        Map<String, NumericBinning> numericBins = ProfileScan.referencePass(source, num, cat,
                new FitSettings(20, 1000, 3, Map.of())).fit().numeric();
        Map<String, CategoricalBinning> catBins = Map.of("c", new CategoricalBinning(List.of("x", "y", "z"), false));
        DatasetProfile expected = straightforward(rows, numericBins, catBins.get("c"));

        for (String format : List.of("parquet", "csv", "orc")) {
            String path = tmp.resolve(format).toString();
            source.write().format(format).option("header", "true").save(path);
            for (String aqe : List.of("true", "false")) {
                for (String codegen : List.of("true", "false")) {
                    spark.conf().set("spark.sql.adaptive.enabled", aqe);
                    spark.conf().set("spark.sql.codegen.wholeStage", codegen);
                    try {
                        Dataset<Row> df = InputReader.read(spark, "current", path, format, null).frame();
                        DatasetProfile actual = ProfileScan.profile(df, num, cat, numericBins, catBins);
                        String where = format + " aqe=" + aqe + " codegen=" + codegen;
                        assertEquals(expected.rows(), actual.rows(), where);
                        for (String f : List.of("a", "b")) {
                            sameNumeric((NumericProfile) expected.feature(f), (NumericProfile) actual.feature(f), where + " " + f);
                        }
                        CategoricalProfile ec = (CategoricalProfile) expected.feature("c");
                        CategoricalProfile ac = (CategoricalProfile) actual.feature("c");
                        assertArrayEquals(ec.counts(), ac.counts(), where);
                        assertEquals(ec.nulls(), ac.nulls(), where);
                        assertEquals(ec.outside().counts(), ac.outside().counts(), where);
                    } finally {
                        spark.conf().unset("spark.sql.adaptive.enabled");
                        spark.conf().unset("spark.sql.codegen.wholeStage");
                    }
                }
            }
        }
    }

    /**
     * The vectorized path against the row path on Parquet, ORC and an Iceberg table (read through
     * Iceberg's own columnar reader), to the last bit: plain, filtered on data columns, grouped by
     * a date partition, the fitting pass, every numeric vector type, and a table wider than Spark's
     * 100-field limit for batch reads. Also checks which path each plan takes.
     */
    @Test
    void vectorizedPathEqualsRowPathBitForBit() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Random random = new Random(5);
        int wide = 104;
        StructType schema = new StructType().add("d", DataTypes.DoubleType).add("f", DataTypes.FloatType)
                .add("i", DataTypes.IntegerType).add("l", DataTypes.LongType).add("s", DataTypes.ShortType)
                .add("y", DataTypes.ByteType).add("c", DataTypes.StringType).add("day", DataTypes.StringType);
        for (int k = 0; k < wide; k++) {
            schema = schema.add("w" + k, DataTypes.DoubleType);
        }
        // decimals: a long-backed one (precision ≤ 18) and a binary-backed one
        schema = schema.add("m", DataTypes.createDecimalType(12, 2)).add("n", DataTypes.createDecimalType(38, 10));
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < 9000; r++) {
            Object[] v = new Object[schema.size()];
            boolean nul = random.nextDouble() < 0.05;
            v[0] = nul ? null : random.nextDouble() < 0.02 ? Double.NaN : random.nextGaussian() * 7;
            v[1] = nul ? null : (float) random.nextGaussian();
            v[2] = random.nextDouble() < 0.05 ? null : random.nextInt(200) - 100;
            v[3] = random.nextLong() >> 20;
            v[4] = (short) random.nextInt(3000);
            v[5] = (byte) random.nextInt(100);
            v[6] = random.nextDouble() < 0.05 ? null : "c" + random.nextInt(12);
            v[7] = random.nextDouble() < 0.03 ? null : "2024-01-0" + (1 + random.nextInt(3)); // rows without a day too
            for (int k = 0; k < wide; k++) {
                v[8 + k] = random.nextDouble() < 0.01 ? null : random.nextGaussian() + k;
            }
            v[8 + wide] = random.nextDouble() < 0.05 ? null : java.math.BigDecimal.valueOf(random.nextInt(2_000_000) - 500_000, 2);
            v[9 + wide] = random.nextDouble() < 0.05 ? null
                    : new java.math.BigDecimal(new java.math.BigInteger(120, random).subtract(java.math.BigInteger.ONE.shiftLeft(119)), 10);
            rows.add(RowFactory.create(v));
        }
        List<FeatureSpec> num = new ArrayList<>();
        for (String n : List.of("d", "f", "i", "l", "s", "y")) {
            num.add(new FeatureSpec(n, FeatureType.NUMERIC));
        }
        for (int k = 0; k < wide; k++) {
            num.add(new FeatureSpec("w" + k, FeatureType.NUMERIC));
        }
        num.add(new FeatureSpec("m", FeatureType.NUMERIC));
        num.add(new FeatureSpec("n", FeatureType.NUMERIC));
        List<FeatureSpec> cat = List.of(new FeatureSpec("c", FeatureType.CATEGORICAL));
        Dataset<Row> source = spark.createDataFrame(rows, schema).repartition(3);
        FitSettings settings = new FitSettings(20, 1000, 8, Map.of());
        spark.conf().set("spark.sql.catalog.scan_ice", "org.apache.iceberg.spark.SparkCatalog");
        spark.conf().set("spark.sql.catalog.scan_ice.type", "hadoop");
        spark.conf().set("spark.sql.catalog.scan_ice.warehouse", tmp.resolve("iceberg").toString());
        for (String format : List.of("parquet", "orc", "iceberg")) {
            Dataset<Row> df;
            if (format.equals("iceberg")) { // a catalog's own columnar reader (Iceberg's vectorized Parquet reader)
                source.writeTo("scan_ice.db.v").partitionedBy(org.apache.spark.sql.functions.col("day")).create();
                df = InputReader.read(spark, "reference", new Source.Table("scan_ice.db.v", null), null).frame();
            } else {
                String path = tmp.resolve("v-" + format).toString();
                source.write().format(format).partitionBy("day").save(path);
                df = InputReader.read(spark, "reference", path, format, null).frame();
            }
            assertTrue(ScanInput.of(df, num, cat, "day") instanceof VectorizedPlan, format + " reads column batches");
            Dataset<Row> filtered = df.where("d > 0 OR c = 'c3' OR m IS NULL");
            assertTrue(ScanInput.of(filtered, num, cat, "day") instanceof VectorizedPlan,
                    format + " with a data filter reads column batches");
            assertTrue(ScanInput.of(df.where("rand(7) < 0.5"), num, cat, null) instanceof ScanInput.Rows,
                    format + " with a filter that is not deterministic reads rows");
            DatasetProfile[] profiles = new DatasetProfile[2];
            DatasetProfile[] filteredProfiles = new DatasetProfile[2];
            Map<String, DatasetProfile>[] filteredGroups = new Map[2];
            Map<String, DatasetProfile>[] grouped = new Map[2];
            ReferenceAccumulator.Fit[] fits = new ReferenceAccumulator.Fit[2];
            DailyReference[] daily = new DailyReference[2];
            for (int p = 0; p < 2; p++) {
                spark.conf().set(ScanInput.VECTORIZED_CONF, p == 0 ? "true" : "false");
                spark.conf().set(TaskSplits.MIN_ROWS, "0"); // both paths on Spark's tasks (only the vectorized one resizes them)
                try {
                    fits[p] = ProfileScan.referencePass(df, num, cat, settings).fit();
                    daily[p] = ProfileScan.referencePassByDay(df, num, cat, settings, "day");
                    profiles[p] = ProfileScan.profile(df, num, cat, fits[0].numeric(), fits[0].categorical());
                    grouped[p] = ProfileScan.profileByGroup(df, num, cat, fits[0].numeric(), fits[0].categorical(), "day");
                    filteredProfiles[p] = ProfileScan.profile(filtered, num, cat, fits[0].numeric(), fits[0].categorical());
                    filteredGroups[p] = ProfileScan.profileByGroup(filtered, num, cat, fits[0].numeric(), fits[0].categorical(),
                            "day");
                } finally {
                    spark.conf().unset(ScanInput.VECTORIZED_CONF);
                    spark.conf().unset(TaskSplits.MIN_ROWS);
                }
            }
            assertEquals(fits[0].numeric(), fits[1].numeric(), format + " fitted edges");
            for (int p = 0; p < 2; p++) { // the reference profile read off the single pass = scanning the data on its bins
                for (FeatureSpec f : num) {
                    sameNumeric((NumericProfile) profiles[p].feature(f.name()), (NumericProfile) fits[p].profiles().get(f.name()),
                            format + " read off the grid " + f.name());
                }
                CategoricalProfile scanned = (CategoricalProfile) profiles[p].feature("c");
                CategoricalProfile readOff = (CategoricalProfile) fits[p].profiles().get("c");
                assertArrayEquals(scanned.counts(), readOff.counts(), format + " categories read off the sketch");
                assertEquals(scanned.nulls(), readOff.nulls(), format + " categorical nulls");
            }
            assertEquals(fits[0].categorical(), fits[1].categorical(), format + " fitted vocabulary");
            assertEquals(List.of("2024-01-01", "2024-01-02", "2024-01-03"), List.copyOf(grouped[0].keySet()));
            assertEquals(grouped[0].keySet(), grouped[1].keySet());
            sameProfile(profiles[0], profiles[1], num, format);
            assertTrue(filteredProfiles[0].rows() > 0 && filteredProfiles[0].rows() < profiles[0].rows(),
                    "the filter keeps some rows");
            sameProfile(filteredProfiles[0], filteredProfiles[1], num, format + " filtered");
            assertEquals(filteredGroups[0].keySet(), filteredGroups[1].keySet());
            for (String day : filteredGroups[0].keySet()) {
                sameProfile(filteredGroups[0].get(day), filteredGroups[1].get(day), num, format + " filtered " + day);
            }
            for (String day : grouped[0].keySet()) {
                sameProfile(grouped[0].get(day), grouped[1].get(day), num, format + " " + day);
            }
            // the pass by day: the plain pass's bins; rows without a day in the whole reference only; each day read
            // off its own state = the day scanned on the bins (to rounding), the same bits on both paths
            for (int p = 0; p < 2; p++) {
                ReferenceAccumulator.Fit whole = daily[p].overall().fit();
                assertEquals(fits[0].numeric(), whole.numeric(), format + " bins of the pass by day");
                assertEquals(fits[0].categorical(), whole.categorical(), format + " vocabulary of the pass by day");
                assertEquals(profiles[0].rows(), daily[p].overall().rows(), format + " rows without a day count");
                assertEquals(grouped[0].keySet(), daily[p].days().keySet(), format + " days");
            }
            for (String day : grouped[0].keySet()) {
                DatasetProfile[] readOff = new DatasetProfile[2];
                for (int p = 0; p < 2; p++) {
                    ReferenceAccumulator state = daily[p].days().get(day);
                    readOff[p] = new DatasetProfile(state.rows(), state.profilesOn(fits[0].numeric(), fits[0].categorical()));
                }
                sameProfile(readOff[0], readOff[1], num, format + " " + day + " read off");
                assertEquals(grouped[0].get(day).rows(), readOff[0].rows(), format + " " + day + " rows");
                for (FeatureSpec f : num) {
                    sameNumeric((NumericProfile) grouped[0].get(day).feature(f.name()), (NumericProfile) readOff[0].feature(f.name()),
                            format + " " + day + " read off " + f.name());
                }
            }
        }
    }

    /**
     * Features the plan computes from the columns — {@code --offset-from-day}'s offsets of a timestamp,
     * a timestamp without time zone and a date from the row's day (a date partition, a string one, an
     * integer {@code yyyyMMdd} one), a segment key of two columns, a boolean and an integer compared as
     * categories (cast to strings) — are read as batches too, and their
     * profiles, fitted, scanned, filtered and by day, are the row path's to the last bit. A computed
     * column that is not deterministic still sends the scan down the row path.
     */
    @Test
    void featuresComputedFromTheColumnsAreReadAsBatchesBitForBit() {
        SparkSession spark = SparkTestSession.get();
        // 6 days × 1,500 rows: times spread over the row's day with some from the day before and after, nulls in
        // every column, a day-string that does not parse (no day: every offset of its rows is null)
        Dataset<Row> rows = spark.range(9000).selectExpr(
                "CASE WHEN id % 997 = 5 THEN 'n/a' ELSE date_format(timestamp_seconds(1793491200 + id % 6 * 86400),"
                        + " 'yyyy-MM-dd') END AS ds",
                "CASE WHEN id % 53 = 0 THEN NULL ELSE timestamp_seconds(1793491200 + id % 6 * 86400"
                        + " + (id * 7919 % 104000) - 9000) END AS event_ts",
                "CASE WHEN id % 61 = 0 THEN NULL ELSE cast(timestamp_seconds(1793491200 + id % 6 * 86400"
                        + " + id * 131 % 86400) AS timestamp_ntz) END AS local_ts",
                "CASE WHEN id % 47 = 0 THEN NULL ELSE date_sub(to_date(timestamp_seconds(1793491200 + id % 6 * 86400)),"
                        + " cast(id % 4 AS int)) END AS ordered",
                "CASE WHEN id % 31 = 0 THEN NULL ELSE id % 13 * 1.5 END AS amount",
                "CASE WHEN id % 29 = 0 THEN NULL ELSE concat('c', id % 5) END AS c",
                "cast(id % 3 AS int) AS channel",
                "CASE WHEN id % 23 = 0 THEN NULL ELSE id % 7 = 0 END AS flag");
        List<String> times = List.of("event_ts", "local_ts", "ordered");
        for (String layout : List.of("date", "string", "integer")) {
            String path = tmp.resolve("computed-" + layout).toString();
            String pattern = layout.equals("integer") ? "yyyyMMdd" : "yyyy-MM-dd";
            // the day that does not parse: a string as it is, a null integer, left out of the date partitions
            Dataset<Row> written = layout.equals("integer")
                    ? rows.withColumn("ds", org.apache.spark.sql.functions.expr("try_cast(replace(ds, '-', '') AS int)"))
                    : layout.equals("date") ? rows.where("ds != 'n/a'") : rows;
            if (layout.equals("string")) { // a string partition: type inference off, as catalogs keep Hive's
                spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
            }
            try {
                written.repartition(3).write().partitionBy("ds").parquet(path);
                InputReader.Input in = InputReader.read(spark, "reference", path, "parquet", null);
                Dataset<Row> df = DayOffsets.apply(in, "reference", times, "ds", pattern).frame();
                SegmentKey key = SegmentKey.of(df, List.of("c", "channel"), "reference");
                Dataset<Row> keyed = key.keyed(df);
                List<FeatureSpec> num = new ArrayList<>();
                for (String n : List.of("event_ts (hours after ds)", "local_ts (hours after ds)", "ordered (days after ds)",
                        "amount")) {
                    num.add(new FeatureSpec(n, FeatureType.NUMERIC));
                }
                List<FeatureSpec> cat = List.of(new FeatureSpec("c", FeatureType.CATEGORICAL),
                        new FeatureSpec(SegmentKey.COMPUTED, FeatureType.CATEGORICAL), new FeatureSpec("flag",
                                FeatureType.CATEGORICAL), new FeatureSpec("channel", FeatureType.CATEGORICAL));
                String where = layout + " day column";
                Dataset<Row> filtered = keyed.where("amount > 3 OR c = 'c1'");
                assertTrue(ScanInput.of(keyed, num, cat, "ds") instanceof VectorizedPlan, where + ": reads column batches");
                assertTrue(ScanInput.of(filtered, num, cat, "ds") instanceof VectorizedPlan, where + ": filtered, too");
                assertTrue(ScanInput.of(keyed.withColumn("amount", org.apache.spark.sql.functions.expr("amount + rand(3)")), num,
                        cat, null) instanceof ScanInput.Rows, where + ": a computed column that is not deterministic reads rows");
                FitSettings settings = new FitSettings(20, 1000, 8, Map.of());
                ReferenceAccumulator.Fit[] fits = new ReferenceAccumulator.Fit[2];
                DatasetProfile[] profiles = new DatasetProfile[2];
                DatasetProfile[] filteredProfiles = new DatasetProfile[2];
                List<Map<String, DatasetProfile>> byDay = new ArrayList<>();
                for (int p = 0; p < 2; p++) {
                    spark.conf().set(ScanInput.VECTORIZED_CONF, p == 0 ? "true" : "false");
                    spark.conf().set(TaskSplits.MIN_ROWS, "0");
                    try {
                        fits[p] = ProfileScan.referencePass(keyed, num, cat, settings).fit();
                        profiles[p] = ProfileScan.profile(keyed, num, cat, fits[0].numeric(), fits[0].categorical());
                        filteredProfiles[p] = ProfileScan.profile(filtered, num, cat, fits[0].numeric(), fits[0].categorical());
                        byDay.add(ProfileScan.profileByGroup(keyed, num, cat, fits[0].numeric(), fits[0].categorical(), "ds"));
                    } finally {
                        spark.conf().unset(ScanInput.VECTORIZED_CONF);
                        spark.conf().unset(TaskSplits.MIN_ROWS);
                    }
                }
                assertEquals(fits[0].numeric(), fits[1].numeric(), where + ": fitted edges");
                assertEquals(fits[0].categorical(), fits[1].categorical(), where + ": fitted vocabularies");
                NumericProfile late = (NumericProfile) profiles[0].feature("event_ts (hours after ds)");
                assertTrue(late.sample().min() < 0 && late.sample().max() > 24 && late.nulls() > 9000 / 53,
                        where + ": offsets before and after the day, and rows without one: " + late.sample().min() + ", "
                                + late.sample().max()
                                + ", " + late.nulls());
                NumericProfile ordered = (NumericProfile) profiles[0].feature("ordered (days after ds)");
                assertEquals(List.of(-3.0, 0.0), List.of(ordered.sample().min(), ordered.sample().max()), where + ": ordered 0–3 days before");
                for (int k = 0; k < 2; k++) {
                    DatasetProfile[] pair = k == 0 ? profiles : filteredProfiles;
                    String what = where + (k == 0 ? "" : " filtered");
                    assertEquals(pair[0].rows(), pair[1].rows(), what);
                    for (FeatureSpec f : num) {
                        sameNumeric((NumericProfile) pair[0].feature(f.name()), (NumericProfile) pair[1].feature(f.name()),
                                what + " " + f.name(), 0);
                    }
                    for (FeatureSpec f : cat) {
                        CategoricalProfile e = (CategoricalProfile) pair[0].feature(f.name());
                        CategoricalProfile a = (CategoricalProfile) pair[1].feature(f.name());
                        assertArrayEquals(e.counts(), a.counts(), what + " " + f.name());
                        assertEquals(e.nulls(), a.nulls(), what + " " + f.name());
                    }
                }
                assertEquals(byDay.get(0).keySet(), byDay.get(1).keySet(), where + ": days");
                assertEquals(layout.equals("string") ? 7 : 6, byDay.get(0).size(), where + ": six days (and 'n/a')");
                for (String day : byDay.get(0).keySet()) {
                    for (FeatureSpec f : num) {
                        sameNumeric((NumericProfile) byDay.get(0).get(day).feature(f.name()),
                                (NumericProfile) byDay.get(1).get(day).feature(f.name()), where + " " + day + " " + f.name(), 0);
                    }
                }
            } finally {
                spark.conf().unset("spark.sql.sources.partitionColumnTypeInference.enabled");
            }
        }
    }

    private static void sameProfile(DatasetProfile e, DatasetProfile a, List<FeatureSpec> num, String where) {
        assertEquals(e.rows(), a.rows(), where);
        for (FeatureSpec f : num) {
            sameNumeric((NumericProfile) e.feature(f.name()), (NumericProfile) a.feature(f.name()), where + " " + f.name(), 0);
        }
        CategoricalProfile ec = (CategoricalProfile) e.feature("c");
        CategoricalProfile ac = (CategoricalProfile) a.feature("c");
        assertArrayEquals(ec.counts(), ac.counts(), where);
        assertEquals(ec.nulls(), ac.nulls(), where);
    }

    /** Counts, minima and maxima exactly; offset sums to 1e-9 relative (their rounding depends on the order of additions). */
    private static void sameNumeric(NumericProfile e, NumericProfile a, String where) {
        Profiles.assertSameProfile(e, a, where, 1e-9);
    }

    private static void sameNumeric(NumericProfile e, NumericProfile a, String where, double relative) {
        Profiles.assertSameProfile(e, a, where, relative);
    }

    private static DatasetProfile straightforward(List<Row> rows, Map<String, NumericBinning> bins, CategoricalBinning vocab) {
        NumericAccumulator a = new NumericAccumulator(bins.get("a"));
        NumericAccumulator b = new NumericAccumulator(bins.get("b"));
        CategoricalAccumulator c = new CategoricalAccumulator(vocab);
        for (Row r : rows) {
            if (r.isNullAt(0)) {
                a.addNull();
            } else {
                a.add(r.getDouble(0));
            }
            if (r.isNullAt(1)) {
                b.addNull();
            } else {
                b.add(r.getLong(1));
            }
            if (r.isNullAt(2)) {
                c.addNull();
            } else {
                c.add(r.getString(2));
            }
        }
        return new DatasetProfile(rows.size(), Map.of("a", a.snapshot("a"), "b", b.snapshot("b"), "c", c.snapshot("c")));
    }

    private static List<Row> randomRows(Random r) {
        List<Row> rows = new ArrayList<>();
        String[] cats = {"x", "y", "z", "w", "v"};
        for (int i = 0; i < ROWS; i++) {
            double u = r.nextDouble();
            Double a = u < 0.03 ? null : u < 0.05 ? Double.NaN : u < 0.06 ? Double.POSITIVE_INFINITY
                    : u < 0.07 ? Double.NEGATIVE_INFINITY : Math.round(r.nextGaussian() * 1000) / 100.0;
            Long b = r.nextDouble() < 0.1 ? null : (long) r.nextInt(30);
            String c = r.nextDouble() < 0.05 ? null : cats[r.nextInt(cats.length)];
            rows.add(RowFactory.create(a, b, c));
        }
        return rows;
    }
}
