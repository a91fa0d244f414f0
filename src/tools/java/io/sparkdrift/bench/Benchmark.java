package io.sparkdrift.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import io.sparkdrift.cli.CommandLine;
import io.sparkdrift.settings.Commands;
import io.sparkdrift.settings.Settings;
import io.sparkdrift.job.DriftJob;
import io.sparkdrift.job.JobConfig;
import io.sparkdrift.job.ProfileJob;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * The benchmark behind jobs/benchmark.sh: in one Spark session, best of several runs of
 * <ol>
 *   <li>floor: a plain {@code agg(min, max, sum)} of every feature (min, max, count for strings), on
 *       the reference and on the current data;</li>
 *   <li>the full drift run (reference + current, default options);</li>
 *   <li>the nightly run against a stored reference profile;</li>
 *   <li>{@code --exact} (skip with {@code --exact false}: na);</li>
 *   <li>the drift run without and with {@code --segment-by s0} (a 20-value string column), run
 *       alternately (skip with {@code --segment-by none}).</li>
 * </ol>
 * Prints rows/s, peak heap and the ratios:
 * {@code drift_vs_floor=<ratio> nightly_vs_floor=<ratio|na> exact_vs_drift=<ratio|na>}, then
 * {@code segmented_vs_drift=<ratio>}.
 */
public final class Benchmark {
    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        long rows = Long.parseLong(o.getOrDefault("rows", "10000000"));
        int numeric = Integer.parseInt(o.getOrDefault("numeric", "20"));
        int categorical = Integer.parseInt(o.getOrDefault("categorical", "5"));
        int partitions = Integer.parseInt(o.getOrDefault("partitions", "8"));
        long seed = Long.parseLong(o.getOrDefault("seed", "42"));
        int runs = Integer.parseInt(o.getOrDefault("runs", "3"));
        Path dir = Path.of(o.getOrDefault("dir", System.getProperty("java.io.tmpdir") + "/spark-drift-bench"));
        SparkSession spark = SparkSession.builder().appName("spark-drift-benchmark")
                .master(o.getOrDefault("master", "local[*]")).config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "8").config("spark.sql.session.timeZone", "UTC").getOrCreate();
        System.out.printf(Locale.ROOT, "data: %,d rows per dataset, %d numeric + %d categorical features, %d write partitions, seed %d, in %s%n",
                rows, numeric, categorical, partitions, seed, dir);
        SyntheticData.ensure(spark, dir, rows, numeric, categorical, partitions, seed);
        if (o.getOrDefault("generate-only", "false").equals("true")) {
            spark.stop();
            return;
        }
        String ref = dir.resolve("reference").toString();
        String cur = dir.resolve("current").toString();
        Path work = Files.createTempDirectory("spark-drift-bench-out");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

        Result floorRef = best("floor (reference)", runs, () -> floor(spark, ref));
        Result floorCur = best("floor (current)", runs, () -> floor(spark, cur));
        Result drift = best("drift run", runs, () -> new DriftJob(spark, quiet)
                .run(config("--reference", ref, "--current", cur, "--out", work.resolve("drift").toString())));
        new ProfileJob(spark, quiet).profile(Commands.profile(settings("profile", "--input", ref, "--out", work.resolve("ref").toString())));
        Result nightly = best("nightly run (stored profile)", runs, () -> new DriftJob(spark, quiet)
                .run(config("--reference-profile", work.resolve("ref").toString(), "--current", cur, "--out",
                        work.resolve("nightly").toString())));

        Result exact = null;
        if (!o.getOrDefault("exact", "true").equals("false")) {
            exact = best("exact run (--exact)", runs, () -> new DriftJob(spark, quiet)
                    .run(config("--reference", ref, "--current", cur, "--exact", "--out", work.resolve("exact").toString())));
        }
        Result[] segmentPair = null;
        String segmentBy = o.getOrDefault("segment-by", categorical > 0 ? "s0" : "none");
        if (!segmentBy.equals("none")) {
            // the same drift run with and without segments, alternating run by run, so both get the same warm-up and noise
            segmentPair = alternating(runs, "drift run (paired)", () -> new DriftJob(spark, quiet)
                    .run(config("--reference", ref, "--current", cur, "--out", work.resolve("paired").toString())),
                    "drift run --segment-by " + segmentBy, () -> new DriftJob(spark, quiet)
                    .run(config("--reference", ref, "--current", cur, "--segment-by", segmentBy,
                            "--out", work.resolve("segmented").toString())));
        }
        double floorBoth = floorRef.seconds + floorCur.seconds;
        System.out.println();
        System.out.printf(Locale.ROOT, "%-30s %10s %16s %12s%n", "phase", "seconds", "rows/s", "peak heap");
        List<Result> all = new ArrayList<>(List.of(floorRef, floorCur, drift, nightly));
        if (exact != null) {
            all.add(exact);
        }
        if (segmentPair != null) {
            all.addAll(List.of(segmentPair));
        }
        for (Result r : all) {
            long scanned = r == drift || r == exact || segmentPair != null && (r == segmentPair[0] || r == segmentPair[1])
                    ? 2 * rows : rows;
            System.out.printf(Locale.ROOT, "%-30s %10.2f %,16.0f %9d MiB%n", r.name, r.seconds, scanned / r.seconds, r.peakHeapMiB);
        }
        System.out.println("(drift run rows/s counts both datasets once; it reads the reference twice: fit + profile)");
        System.out.printf(Locale.ROOT, "drift_vs_floor=%.2f nightly_vs_floor=%.2f exact_vs_drift=%s%n",
                drift.seconds / floorBoth, nightly.seconds / floorCur.seconds,
                exact == null ? "na" : String.format(Locale.ROOT, "%.2f", exact.seconds / drift.seconds));
        if (segmentPair != null) {
            System.out.printf(Locale.ROOT, "segmented_vs_drift=%.2f%n", segmentPair[1].seconds / segmentPair[0].seconds);
        }
        spark.stop();
    }

    record Result(String name, double seconds, long peakHeapMiB) {
    }

    /** Two phases run alternately (a, b, a, b, ...): best of each, every run printed. */
    private static Result[] alternating(int runs, String nameA, Callable<?> a, String nameB, Callable<?> b) throws Exception {
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
        long[] peak = new long[2];
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < 2; k++) {
                System.gc();
                resetPeaks();
                long t0 = System.nanoTime();
                (k == 0 ? a : b).call();
                double sec = (System.nanoTime() - t0) / 1e9;
                best[k] = Math.min(best[k], sec);
                peak[k] = Math.max(peak[k], peakHeapMiB());
                System.out.printf(Locale.ROOT, "  %s run %d: %.2f s%n", k == 0 ? nameA : nameB, i + 1, sec);
            }
        }
        return new Result[] {new Result(nameA, best[0], peak[0]), new Result(nameB, best[1], peak[1])};
    }

    private static Result best(String name, int runs, Callable<?> work) throws Exception {
        double best = Double.MAX_VALUE;
        long peak = 0;
        for (int i = 0; i < runs; i++) {
            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            work.call();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            peak = Math.max(peak, peakHeapMiB());
            System.out.printf(Locale.ROOT, "  %s run %d: %.2f s%n", name, i + 1, (System.nanoTime() - t0) / 1e9);
        }
        return new Result(name, best, peak);
    }

    /** The floor: one aggregate over every feature column, which any job must at least match. */
    static Row floor(SparkSession spark, String path) {
        Dataset<Row> df = spark.read().parquet(path);
        List<Column> aggs = new ArrayList<>();
        for (StructField f : df.schema().fields()) {
            if (f.name().equals("date")) {
                continue;
            }
            aggs.add(min(col(f.name())));
            aggs.add(max(col(f.name())));
            aggs.add(f.dataType() instanceof NumericType ? sum(col(f.name())) : count(col(f.name())));
        }
        return df.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMiB() {
        long total = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                total += p.getPeakUsage().getUsed();
            }
        }
        return total >> 20;
    }

    private static Settings settings(String... args) {
        return CommandLine.parse(args).settings();
    }

    private static JobConfig config(String... args) {
        return Commands.run(settings(args));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        return o;
    }
}
