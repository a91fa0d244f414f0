package io.sparkdrift.bench;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.when;

import io.sparkdrift.exact.ExactDistances;
import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.FeatureType;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.scan.ProfileScan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * --exact on one feature of N rows (default 20M) where one value holds 90 % of the rows, in local
 * mode in whatever heap this JVM was given (jobs/exact-memory-check.sh gives it Spark's default
 * 1 GiB). Equal values travel as one run-length entry with a count, so the heavy value is one record
 * per scan task, and its fine bin weighs almost nothing when the work is split.
 */
public final class ExactMemoryCheck {
    private ExactMemoryCheck() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
        Path dir = Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir") + "/spark-drift-ties");
        SparkSession spark = SparkSession.builder().appName("exact-memory-check").master("local[*]")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8").getOrCreate();
        String stamp = Long.toString(rows);
        Path marker = dir.resolve("_rows");
        if (!Files.exists(marker) || !Files.readString(marker).equals(stamp)) {
            for (String side : List.of("reference", "current")) {
                double shift = side.equals("current") ? 0.5 : 0.0;
                spark.range(0, rows, 1, 16)
                        .select(when(rand(side.length()).lt(0.9), lit(42.0)).otherwise(rand(7).multiply(100).plus(shift)).as("x"))
                        .write().mode(SaveMode.Overwrite).parquet(dir.resolve(side).toString());
            }
            Files.writeString(marker, stamp);
        }
        long t0 = System.nanoTime();
        Dataset<Row> ref = spark.read().parquet(dir.resolve("reference").toString());
        Dataset<Row> cur = spark.read().parquet(dir.resolve("current").toString());
        List<FeatureSpec> x = List.of(new FeatureSpec("x", FeatureType.NUMERIC));
        Map<String, NumericBinning> bins = ProfileScan.referencePass(ref, x, List.of(),
                new FitSettings(FitSettings.DEFAULT_BINS, FitSettings.DEFAULT_RESOLUTION, 1, Map.of()))
                .fit().numeric();
        io.sparkdrift.exact.core.Exact e = ExactDistances.compute(ref, cur, x, bins, ProfileScan.profile(ref, x, List.of(), bins, Map.of()),
                ProfileScan.profile(cur, x, List.of(), bins, Map.of())).get("x");
        System.out.printf(Locale.ROOT, "exact on %,d rows per side, 90%% ties, max heap %d MiB: W1=%.6f W2=%.6f KS=%.6f in %.1f s%n",
                rows, Runtime.getRuntime().maxMemory() >> 20, e.w1(), e.w2(), e.ks(), (System.nanoTime() - t0) / 1e9);
        System.out.println("exact_memory_check=ok");
        spark.stop();
    }
}
