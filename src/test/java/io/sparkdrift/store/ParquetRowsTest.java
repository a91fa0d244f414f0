package io.sparkdrift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/** Tables written on the driver read back through Spark with the schema and rows of the same table written by Spark. */
class ParquetRowsTest {
    @TempDir
    Path tmp;

    @Test
    void sparkReadsBackWhatTheDriverWrote() throws Exception {
        StructType schema = new StructType()
                .add("i", DataTypes.IntegerType, false)
                .add("s", DataTypes.StringType, true)
                .add("l", DataTypes.LongType, false)
                .add("d", DataTypes.DoubleType, true)
                .add("b", DataTypes.BooleanType, true)
                .add("xs", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
                .add("ss", DataTypes.createArrayType(DataTypes.StringType, false), true)
                .add("m", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false), true)
                .add("day", DataTypes.DateType, true)
                .add("run_date", DataTypes.DateType, false);
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < 7; k++) {
            rows.add(RowFactory.create(k, k % 3 == 0 ? null : "é" + k, (long) k << 40, k == 4 ? null : (Double) (k == 2 ? Double.NaN : k / 3.0),
                    k % 2 == 0, k == 5 ? null : List.of(-0.0, Double.POSITIVE_INFINITY, k * 1e-300),
                    List.of("a", "b" + k), k == 1 ? null : Map.of("x", (long) k, "y", -1L),
                    k == 3 ? null : Date.valueOf("2026-01-0" + (k + 1)), Date.valueOf(k < 4 ? "2026-11-08" : "2026-11-09")));
        }
        SparkSession spark = SparkTestSession.get();
        String dir = tmp.resolve("t").toString();
        ParquetRows.write(spark.sparkContext().hadoopConfiguration(), rows, schema, "run_date", dir);
        var df = spark.read().parquet(dir);
        // the same rows written by Spark itself read back with the same schema
        String bySpark = tmp.resolve("spark").toString();
        spark.createDataFrame(rows, schema).write().partitionBy("run_date").parquet(bySpark);
        assertEquals(spark.read().parquet(bySpark).schema(), df.schema());
        List<Row> back = df.collectAsList().stream().sorted(Comparator.comparingInt(r -> r.getInt(r.fieldIndex("i")))).toList();
        assertEquals(rows.size(), back.size());
        for (int k = 0; k < rows.size(); k++) {
            for (String col : schema.fieldNames()) {
                assertEquals(normal(rows.get(k).get(schema.fieldIndex(col))), normal(back.get(k).getAs(col)), col + " of row " + k);
            }
        }
    }

    @Test
    void numberColumnsAreWrittenWithoutADictionaryAndStringColumnsWithOne() throws Exception {
        StructType schema = new StructType().add("s", DataTypes.StringType, true).add("d", DataTypes.DoubleType, true)
                .add("xs", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
                .add("run_date", DataTypes.DateType, false);
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < 500; k++) {
            rows.add(RowFactory.create("feature" + (k % 3), k / 7.0, List.of(k * 0.5, k * 0.25), Date.valueOf("2026-11-08")));
        }
        SparkSession spark = SparkTestSession.get();
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        String dir = tmp.resolve("enc").toString();
        ParquetRows.write(conf, rows, schema, "run_date", dir);
        org.apache.hadoop.fs.Path file = null;
        for (var it = org.apache.hadoop.fs.FileSystem.getLocal(conf).listFiles(new org.apache.hadoop.fs.Path(dir), true); it.hasNext(); ) {
            org.apache.hadoop.fs.Path p = it.next().getPath();
            if (p.getName().endsWith(".parquet")) {
                file = p;
            }
        }
        Map<String, Boolean> dictionary = new java.util.HashMap<>();
        try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(file, conf))) {
            for (var c : reader.getFooter().getBlocks().get(0).getColumns()) {
                dictionary.put(c.getPath().toDotString(), c.getEncodings().stream().anyMatch(e -> e.usesDictionary()));
            }
        }
        // numbers (a profile's per-bin arrays) are nearly all distinct: a dictionary would be built, then dropped
        assertEquals(Map.of("s", true, "d", false, "xs.list.element", false), dictionary);
    }

    private static Object normal(Object v) {
        if (v instanceof scala.collection.Map<?, ?> m) {
            return new java.util.HashMap<>(CollectionConverters.asJava(m));
        }
        if (v instanceof scala.collection.Seq<?> s) {
            return List.copyOf(CollectionConverters.asJava(s));
        }
        if (v instanceof Map<?, ?> m) {
            return new java.util.HashMap<>(m);
        }
        if (v instanceof List<?> l) {
            return List.copyOf(l);
        }
        return v;
    }
}
