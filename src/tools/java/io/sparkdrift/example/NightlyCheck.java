package io.sparkdrift.example;

import io.sparkdrift.api.DriftCheck;
import io.sparkdrift.api.DriftResult;
import io.sparkdrift.compare.FeatureResult;
import io.sparkdrift.run.ExitCode;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Java Spark job that runs a drift check through the code API (the README's "Use it from code"):
 * the bundled sample's last day against the seven before it, drifted features printed, every output
 * written to {@code args[0]}, the exit code the command line would give. Run with spark-submit
 * ({@code --class io.sparkdrift.example.NightlyCheck}) or, as {@code NightlyCheckTest} does, from code.
 */
public final class NightlyCheck {
    private NightlyCheck() {
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("nightly-drift-check").getOrCreate();
        System.exit(check(spark, args[0]).code());
    }

    /** The check itself; returns the exit code (the command line's rule: 1 when the dataset drifted). */
    public static ExitCode check(SparkSession spark, String out) {
        Dataset<Row> events = spark.read().parquet("sample-data/events");
        DriftResult r = DriftCheck.on(spark)
                .reference(events.where("date < '2026-11-08'"))
                .current(events.where("date = '2026-11-08'"))
                .option("run-date", "2026-11-08")
                .option("thresholds", Map.of("numeric", Map.of("wasserstein_normed", 0.1)))
                .option("fail-on-drift", true)
                .run();
        for (FeatureResult f : r.features()) {
            if (f.drifted()) {
                System.out.println(f.feature() + " drifted: " + f.triggered() + " — "
                        + (f.explanation() == null ? f.error() : f.explanation().text()));
            }
        }
        r.writeTo(out);
        return r.exitCode();
    }
}
