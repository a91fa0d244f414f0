package io.sparkdrift.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Synthetic date-partitioned Parquet for benchmarks: numeric features cycle through normal,
 * log-normal (skewed), integer counts and a normal with 5 % nulls (shapes {@code smooth}, the
 * default), or through ten shapes of real tables ({@code real}, {@link #realShape}); categorical
 * features have 20 to 200 categories. The current dataset is shifted a little. Written once per
 * parameter set and reused.
 */
final class SyntheticData {
    static final String DATE = "2026-11-01";
    static final int REFERENCE_DAYS = 7;

    private SyntheticData() {
    }

    /** Writes (or reuses) {@code dir/reference} and {@code dir/current}; returns dir. */
    static Path ensure(SparkSession spark, Path dir, long rows, int numeric, int categorical, int partitions, long seed,
            boolean real) throws IOException {
        String stamp = rows + "x" + numeric + "n" + categorical + "c" + partitions + "p" + seed + "s" + (real ? " real" : "");
        Path marker = dir.resolve("_params");
        if (Files.exists(marker) && Files.readString(marker).equals(stamp)) {
            return dir;
        }
        write(spark, dir.resolve("reference").toString(), rows, numeric, categorical, partitions, seed, false, real);
        write(spark, dir.resolve("current").toString(), rows, numeric, categorical, partitions, seed + 1, true, real);
        Files.writeString(marker, stamp);
        return dir;
    }

    private static void write(SparkSession spark, String path, long rows, int numeric, int categorical, int partitions,
            long seed, boolean current, boolean real) {
        List<Column> cols = new ArrayList<>();
        double shift = current ? 0.05 : 0.0;
        for (int i = 0; i < numeric; i++) {
            long s = seed * 1000 + i;
            Column c = real ? realShape(i % 10, s, shift) : switch (i % 4) {
                case 0 -> randn(s).plus(shift);
                case 1 -> exp(randn(s).multiply(0.8).plus(shift));
                case 2 -> floor(rand(s).multiply(rand(s + 500)).multiply(20 + shift * 20));
                default -> when(rand(s + 700).lt(0.05), lit(null)).otherwise(randn(s).multiply(3).plus(10 + shift));
            };
            cols.add(c.cast("double").as("n" + i));
        }
        for (int j = 0; j < categorical; j++) {
            int k = 20 + (j * 45) % 181;
            Column u = rand(seed * 1000 + 900 + j);
            cols.add(concat(lit("c"), floor(u.multiply(u).multiply(k)).cast("int").cast("string")).as("s" + j));
        }
        int days = current ? 1 : REFERENCE_DAYS;
        Column date = current ? date_add(lit(DATE).cast("date"), REFERENCE_DAYS)
                : date_add(lit(DATE).cast("date"), col("id").mod(days).cast("int"));
        cols.add(date.as("date"));
        spark.range(0, rows, 1, partitions).select(cols.toArray(new Column[0]))
                .write().mode(SaveMode.Overwrite).partitionBy("date").parquet(path);
    }

    /**
     * Column shapes real tables have and smooth ones lack: heavy tails, ties, atoms, huge and tiny
     * magnitudes, non-finite values. Shape k of 10, seed s, the current data moved by {@code shift}.
     */
    static Column realShape(int k, long s, double shift) {
        Column u = rand(s);
        Column g = randn(s);
        return switch (k) {
            case 0 -> floor(exp(g.multiply(2.5).plus(3 + shift)).multiply(100)).divide(lit(100)); // amounts in cents, σ = 2.5
            case 1 -> when(rand(s + 500).lt(0.7), lit(0.0)).otherwise(floor(exp(g.multiply(1.5).plus(shift)))); // zero-inflated counts
            case 2 -> floor(lit(1.7e12).plus(u.multiply(6.048e8 * (1 + shift)))); // epoch milliseconds over a week
            case 3 -> exp(g.plus(shift)).multiply(1e-9); // tiny magnitudes
            case 4 -> lit(1.0).divide(u.plus(1e-12)).multiply(1 + shift); // Pareto tail (α = 1): values up to 1e12
            case 5 -> when(rand(s + 500).lt(0.3), lit(null)).otherwise(lit(42.0)); // a constant with nulls
            case 6 -> when(u.lt(0.1 + shift), lit(1.0)).otherwise(lit(0.0)); // a 0/1 flag
            case 7 -> when(u.lt(0.001), lit(Double.NaN)).when(u.lt(0.0015), lit(Double.POSITIVE_INFINITY))
                    .when(u.lt(0.002), lit(Double.NEGATIVE_INFINITY)).otherwise(g.plus(shift)); // NaN and ±∞ among normals
            case 8 -> lit(0.0).minus(exp(g.multiply(2).plus(shift))); // a heavy negative tail
            default -> when(u.lt(0.001), rand(s + 500).multiply(1e12)).otherwise(rand(s + 500).plus(shift)); // one far value in a thousand
        };
    }
}
