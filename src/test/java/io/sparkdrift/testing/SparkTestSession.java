package io.sparkdrift.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The one local Spark session all tests share (local[2], UI off, Delta Lake's extension and catalog
 * on, a warehouse of its own per JVM). The job's own
 * {@code SparkSession.builder().getOrCreate()} picks it up.
 */
public final class SparkTestSession {
    private SparkTestSession() {
    }

    public static synchronized SparkSession get() {
        return builder().getOrCreate();
    }

    /** Writes {@code rows} as a Parquet table at {@code dir}; returns its path. */
    public static String writeParquet(java.nio.file.Path dir, org.apache.spark.sql.types.StructType schema,
            java.util.List<org.apache.spark.sql.Row> rows) {
        String path = dir.toString();
        get().createDataFrame(rows, schema).write().parquet(path);
        return path;
    }

    /** The shared session's settings, for a test that needs the session once more with one setting changed. */
    public static SparkSession.Builder builder() {
        return SparkSession.builder().master("local[2]").appName("spark-drift-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.session.timeZone", "UTC")
                // Delta Lake as a cluster configures it: the catalog tests read Delta tables by name
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/spark-drift-test-warehouse-"
                        + ProcessHandle.current().pid());
    }
}
