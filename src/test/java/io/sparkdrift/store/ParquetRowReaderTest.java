package io.sparkdrift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.immutable.ArraySeq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The driver's Parquet reader returns, for every type the job writes, what Spark's own reader returns
 * (doubles to the bit: NaN, −0.0, ±∞), with numeric arrays over primitive arrays.
 */
class ParquetRowReaderTest {
    private static final StructType SCHEMA = new StructType()
            .add("i", DataTypes.IntegerType, false)
            .add("s", DataTypes.StringType, true)
            .add("l", DataTypes.LongType, true)
            .add("d", DataTypes.DoubleType, true)
            .add("b", DataTypes.BooleanType, true)
            .add("bytes", DataTypes.BinaryType, true)
            .add("xs", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("ls", DataTypes.createArrayType(DataTypes.LongType, false), true)
            .add("is", DataTypes.createArrayType(DataTypes.IntegerType, false), true)
            .add("holes", DataTypes.createArrayType(DataTypes.DoubleType, true), true)
            .add("ss", DataTypes.createArrayType(DataTypes.StringType, true), true)
            .add("m", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, true), true)
            .add("h", DataTypes.createMapType(DataTypes.StringType, DataTypes.createArrayType(DataTypes.DoubleType, false), true), true)
            .add("day", DataTypes.DateType, true)
            .add("run_date", DataTypes.DateType, false);

    @TempDir
    Path tmp;

    @Test
    void readsEveryTypeAsSparkReadsItWithNumericArraysUnboxed() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            double[] xs = k == 3 ? new double[0] : new double[] {-0.0, Double.NaN, Double.NEGATIVE_INFINITY, k * 1e-300, Double.MAX_VALUE};
            Map<String, Object> h = new HashMap<>();
            h.put("psi", new ArraySeq.ofDouble(new double[] {k, Double.POSITIVE_INFINITY}));
            h.put("none", null);
            rows.add(RowFactory.create(k, k % 3 == 0 ? null : "é" + k, k == 1 ? null : (Long) ((long) k << 40),
                    k == 4 ? null : (Double) (k == 2 ? Double.NaN : -k / 3.0), k % 2 == 0, k == 2 ? null : new byte[] {(byte) k, 0, -1},
                    k == 5 ? null : new ArraySeq.ofDouble(xs), new ArraySeq.ofLong(new long[] {Long.MIN_VALUE, k, Long.MAX_VALUE}),
                    new ArraySeq.ofInt(new int[] {k, -k}), Arrays.asList(1.5, null, (double) k), Arrays.asList("a", null, "b" + k),
                    k == 0 ? null : Map.of("x", (long) k), k == 1 ? null : h,
                    k == 3 ? null : Date.valueOf("2026-01-0" + (k + 1)), Date.valueOf(k < 3 ? "2026-11-08" : "2026-11-09")));
        }
        SparkSession spark = SparkTestSession.get();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String dir = tmp.resolve("t").toString();
        ParquetRows.write(conf, rows, SCHEMA, "run_date", dir);

        List<Row> byDriver = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> files = FileSystem.getLocal(conf).listFiles(new org.apache.hadoop.fs.Path(dir), true);
        while (files.hasNext()) {
            org.apache.hadoop.fs.Path f = files.next().getPath();
            if (f.getName().endsWith(".parquet")) {
                String day = f.getParent().getName().substring("run_date=".length());
                assertNull(ParquetRowReader.read(conf, f, SCHEMA, List.of("i", "xs"), Map.of("run_date", Date.valueOf(day)), byDriver));
            }
        }
        List<Row> bySpark = spark.read().schema(SCHEMA).parquet(dir).collectAsList();
        assertEquals(rows.size(), byDriver.size());
        Comparator<Row> byI = Comparator.comparingInt(r -> r.getInt(0));
        byDriver = byDriver.stream().sorted(byI).toList();
        bySpark = bySpark.stream().sorted(byI).toList();
        for (int k = 0; k < rows.size(); k++) {
            for (String col : SCHEMA.fieldNames()) {
                assertEquals(normal(bySpark.get(k).getAs(col)), normal(byDriver.get(k).getAs(col)), col + " of row " + k);
            }
        }
        Row first = byDriver.get(0);
        assertInstanceOf(ArraySeq.ofDouble.class, first.getAs("xs"));
        assertInstanceOf(ArraySeq.ofLong.class, first.getAs("ls"));
        assertInstanceOf(ArraySeq.ofInt.class, first.getAs("is"));
        assertEquals(Arrays.asList(1.5, null, 0.0), normal(first.getAs("holes")), "a null element stays null");
        assertTrue(Double.isNaN(ParquetRowReader.doubles(first, SCHEMA.fieldIndex("xs"))[1]));
        assertEquals(Long.MIN_VALUE, ParquetRowReader.longs(first, SCHEMA.fieldIndex("ls"))[0]);
    }

    @Test
    void listsInTheTwoLevelLayoutOfOlderWritersReadAsSparkReadsThem() throws Exception {
        StructType legacy = new StructType();
        for (String name : List.of("i", "xs", "ls", "is", "holes", "h")) { // lists and maps, elements never null but in holes
            legacy = legacy.add(SCHEMA.apply(name));
        }
        legacy = legacy.add("names", DataTypes.createArrayType(DataTypes.StringType, false), true);
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            rows.add(RowFactory.create(k, k == 2 ? null : Arrays.asList(-0.0, Double.NaN, k * 1.5),
                    k == 1 ? List.of() : Arrays.asList(Long.MIN_VALUE, (long) k), Arrays.asList(k, -k), Arrays.asList(1.5, null, (double) k),
                    k == 3 ? null : Map.of("psi", Arrays.asList((double) k, Double.POSITIVE_INFINITY)), Arrays.asList("a" + k, "é")));
        }
        SparkSession spark = SparkTestSession.get();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String dir = tmp.resolve("legacy").toString();
        spark.conf().set("spark.sql.parquet.writeLegacyFormat", "true");
        try {
            spark.createDataFrame(rows, legacy).coalesce(1).write().parquet(dir);
        } finally {
            spark.conf().unset("spark.sql.parquet.writeLegacyFormat");
        }
        List<Row> byDriver = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> files = FileSystem.getLocal(conf).listFiles(new org.apache.hadoop.fs.Path(dir), true);
        while (files.hasNext()) {
            org.apache.hadoop.fs.Path f = files.next().getPath();
            if (f.getName().endsWith(".parquet")) {
                try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                        org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(f, conf))) {
                    var xs = reader.getFooter().getFileMetaData().getSchema().getType("xs").asGroupType();
                    assertTrue(xs.getType(0).isPrimitive(), "the file holds a two-level list: " + xs);
                }
                assertNull(ParquetRowReader.read(conf, f, legacy, List.of("i"), Map.of(), byDriver));
            }
        }
        List<Row> bySpark = spark.read().schema(legacy).parquet(dir).collectAsList();
        Comparator<Row> byI = Comparator.comparingInt(r -> r.getInt(0));
        byDriver = byDriver.stream().sorted(byI).toList();
        bySpark = bySpark.stream().sorted(byI).toList();
        assertEquals(rows.size(), byDriver.size());
        for (int k = 0; k < rows.size(); k++) {
            for (String col : legacy.fieldNames()) {
                assertEquals(normal(bySpark.get(k).getAs(col)), normal(byDriver.get(k).getAs(col)), col + " of row " + k);
            }
        }
        assertInstanceOf(ArraySeq.ofDouble.class, byDriver.get(0).getAs("xs"));
    }

    @Test
    void aFileWithoutARequiredColumnIsNamedAndNothingIsRead() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        StructType small = new StructType().add("i", DataTypes.IntegerType, false).add("run_date", DataTypes.DateType, false);
        String dir = tmp.resolve("small").toString();
        ParquetRows.write(conf, List.of(RowFactory.create(1, Date.valueOf("2026-11-08"))), small, "run_date", dir);
        RemoteIterator<LocatedFileStatus> files = FileSystem.getLocal(conf).listFiles(new org.apache.hadoop.fs.Path(dir), true);
        org.apache.hadoop.fs.Path file = null;
        while (files.hasNext()) {
            org.apache.hadoop.fs.Path f = files.next().getPath();
            file = f.getName().endsWith(".parquet") ? f : file;
        }
        List<Row> out = new ArrayList<>();
        assertEquals("feature", ParquetRowReader.read(conf, file, SCHEMA, List.of("i", "feature"), Map.of(), out));
        assertTrue(out.isEmpty());
    }

    /** Scala collections as Java ones (null elements kept), so the two readers' values compare by content. */
    private static Object normal(Object v) {
        if (v instanceof scala.collection.Map<?, ?> m) {
            Map<Object, Object> out = new HashMap<>();
            CollectionConverters.asJava(m).forEach((k, x) -> out.put(k, normal(x)));
            return out;
        }
        if (v instanceof scala.collection.Seq<?> s) {
            return new ArrayList<>(CollectionConverters.asJava(s));
        }
        if (v instanceof byte[] b) {
            return Arrays.toString(b);
        }
        return v;
    }
}
