package io.sparkdrift.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The one local Spark session all tests share (local[2], UI off). The job's own
 * {@code SparkSession.builder().getOrCreate()} picks it up.
 */
public final class SparkTestSession {
    private SparkTestSession() {
    }

    public static synchronized SparkSession get() {
        return SparkSession.builder().master("local[2]").appName("spark-drift-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
    }
}
