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
 * The benchmark behind jobs/benchmark.sh: in one Spark session, an untimed warm-up round of every
 * phase, then {@code --runs} rounds each running every phase once (best and every run printed), of
 * <ol>
 *   <li>floor: the cheapest aggregate reading every value of every feature (numbers min, max, sum;
 *       strings by {@code --string-floor length|hash|minmax}, default length), on the reference and on
 *       the current data;</li>
 *   <li>the full drift run (reference + current, default options);</li>
 *   <li>the nightly run against a stored reference profile;</li>
 *   <li>{@code --exact} (skip with {@code --exact false}: na);</li>
 *   <li>the drift run with {@code --segment-by s0} (a 20-value string column; skip with
 *       {@code --segment-by none});</li>
 *   <li>with {@code --learn true}, the drift run with {@code --learn-thresholds} (thresholds learned
 *       from the reference's seven days; off by default: na).</li>
 * </ol>
 * With {@code --filter EXPR} every phase reads only the rows the filter keeps (a filter on data
 * columns, as {@code --reference-filter}/{@code --current-filter}; the floors filter first). With
 * {@code --stage-metrics true} it also prints Spark's metrics of every stage of the last round
 * ({@link StageLog}). Prints rows/s, peak heap and the ratios of the bests:
 * {@code drift_vs_floor=… nightly_vs_floor=… exact_vs_drift=… segmented_vs_drift=… learned_vs_drift=…}.
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
        String shapes = o.getOrDefault("shapes", "smooth");
        if (!shapes.equals("smooth") && !shapes.equals("real")) {
            throw new IllegalArgumentException("--shapes is '" + shapes + "'; give smooth or real");
        }
        boolean realShapes = shapes.equals("real");
        SyntheticData.ensure(spark, dir, rows, numeric, categorical, partitions, seed, realShapes);
        if (o.getOrDefault("generate-only", "false").equals("true")) {
            spark.stop();
            return;
        }
        String ref = dir.resolve("reference").toString();
        String cur = dir.resolve("current").toString();
        Path work = Files.createTempDirectory("spark-drift-bench-out");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

        String stringFloor = o.getOrDefault("string-floor", "length");
        // --filter EXPR: every phase reads only the rows it keeps (the floors through Spark's filter, the
        // runs as --reference-filter/--current-filter, the stored profile as profile --filter)
        String filter = o.get("filter");
        List<String> filters = filter == null ? List.of() : List.of("--reference-filter", filter, "--current-filter", filter);
        new ProfileJob(spark, quiet).profile(Commands.profile(settings(withArgs(List.of("profile", "--input", ref, "--out",
                work.resolve("ref").toString()), filter == null ? List.of() : List.of("--filter", filter)))));
        System.out.printf(Locale.ROOT, "stored reference profile: %.1f MB%n", bytesUnder(work.resolve("ref").toRealPath()) / 1e6);
        String segmentBy = o.getOrDefault("segment-by", categorical > 0 ? "s0" : "none");
        List<Phase> phases = new ArrayList<>();
        // --floor false: at a thousand columns Spark's aggregate leaves generated code and is no floor
        boolean withFloor = !o.getOrDefault("floor", "true").equals("false");
        if (withFloor) {
            phases.add(new Phase("floor (reference)", rows, () -> floor(spark, ref, stringFloor, filter)));
            phases.add(new Phase("floor (current)", rows, () -> floor(spark, cur, stringFloor, filter)));
        }
        // --scan-floor true: also the job's own scan reading every value and binning none (the floor of
        // what a pass can cost through this reader; where Spark's aggregate is no floor, the only one)
        boolean withScanFloor = o.getOrDefault("scan-floor", "false").equals("true");
        if (withScanFloor) {
            phases.add(new Phase("scan floor (reference)", rows, () -> scanFloor(spark, ref, filter)));
            phases.add(new Phase("scan floor (current)", rows, () -> scanFloor(spark, cur, filter)));
        }
        phases.add(new Phase("drift run", 2 * rows, () -> new DriftJob(spark, quiet)
                .run(config(withArgs(List.of("--reference", ref, "--current", cur, "--out", work.resolve("drift").toString()),
                        filters)))));
        phases.add(new Phase("nightly run (stored profile)", rows, () -> new DriftJob(spark, quiet)
                .run(config(withArgs(List.of("--reference-profile", work.resolve("ref").toString(), "--current", cur, "--out",
                        work.resolve("nightly").toString()), filter == null ? List.of() : List.of("--current-filter", filter))))));
        if (!o.getOrDefault("exact", "true").equals("false")) {
            phases.add(new Phase("exact run (--exact)", 2 * rows, () -> new DriftJob(spark, quiet)
                    .run(config(withArgs(List.of("--reference", ref, "--current", cur, "--exact", "--out",
                            work.resolve("exact").toString()), filters)))));
        }
        if (!segmentBy.equals("none")) {
            phases.add(new Phase("drift run --segment-by " + segmentBy, 2 * rows, () -> new DriftJob(spark, quiet)
                    .run(config(withArgs(List.of("--reference", ref, "--current", cur, "--segment-by", segmentBy,
                            "--out", work.resolve("segmented").toString()), filters)))));
        }
        if (o.getOrDefault("learn", "false").equals("true")) {
            phases.add(new Phase("drift run --learn-thresholds", 2 * rows, () -> new DriftJob(spark, quiet)
                    .run(config(withArgs(List.of("--reference", ref, "--current", cur, "--learn-thresholds", "--out",
                            work.resolve("learned").toString()), filters)))));
        }
        // --stage-metrics true: Spark's metrics of every stage of the last round, under each phase's run
        StageLog stages = o.getOrDefault("stage-metrics", "false").equals("true") ? new StageLog() : null;
        if (stages != null) {
            spark.sparkContext().addSparkListener(stages);
        }
        // one untimed warm-up round of every phase, then `runs` rounds, each running every phase once:
        // every phase gets the same warm-up and meets the machine's noise alike
        for (Phase p : phases) {
            double sec = time(p);
            System.out.printf(Locale.ROOT, "  %s warm-up: %.2f s%n", p.name, sec);
        }
        for (int round = 1; round <= runs; round++) {
            for (Phase p : phases) {
                if (stages != null) {
                    stages.drain();
                }
                double sec = time(p);
                p.seconds.add(sec);
                System.out.printf(Locale.ROOT, "  %s run %d: %.2f s%n", p.name, round, sec);
                if (stages != null && round == runs) {
                    spark.sparkContext().listenerBus().waitUntilEmpty();
                    stages.drain().forEach(System.out::println);
                }
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-34s %10s %16s %10s %12s  %s%n", "phase", "best s", "rows/s", "ns/value", "peak heap",
                "every run");
        int features = numeric + categorical;
        for (Phase p : phases) {
            System.out.printf(Locale.ROOT, "%-34s %10.2f %,16.0f %10.2f %9d MiB  %s%n", p.name, p.best(), p.rows / p.best(),
                    p.best() * 1e9 / ((double) p.rows * features), p.peakMiB,
                    String.join(" / ", p.seconds.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList()));
        }
        System.out.println("(rows/s and ns/value count each dataset's rows once, wall time; every run reads each dataset once)");
        Phase drift = phases.stream().filter(p -> p.name.equals("drift run")).findFirst().orElseThrow();
        Phase nightly = phases.stream().filter(p -> p.name.startsWith("nightly")).findFirst().orElseThrow();
        Phase exact = phases.stream().filter(p -> p.name.startsWith("exact")).findFirst().orElse(null);
        Phase segmented = phases.stream().filter(p -> p.name.contains("--segment-by")).findFirst().orElse(null);
        Phase learned = phases.stream().filter(p -> p.name.contains("--learn-thresholds")).findFirst().orElse(null);
        // the same ratios round by round (each phase against the floor or drift run of its own round, seconds
        // apart) and their median: a slow minute of the machine moves both sides of a round's ratio alike
        List<String> paired = new ArrayList<>();
        if (withFloor) {
            paired.add(perRound("drift_vs_floor", drift, phases.get(0), phases.get(1)));
            paired.add(perRound("nightly_vs_floor", nightly, phases.get(1), null));
        }
        Map<String, Phase> againstDrift = new java.util.LinkedHashMap<>();
        againstDrift.put("exact_vs_drift", exact);
        againstDrift.put("segmented_vs_drift", segmented);
        againstDrift.put("learned_vs_drift", learned);
        againstDrift.forEach((name, p) -> {
            if (p != null) {
                paired.add(perRound(name, p, drift, null));
            }
        });
        if (!paired.isEmpty()) {
            System.out.println("per round: " + String.join(" ", paired));
        }
        System.out.printf(Locale.ROOT, "drift_vs_floor=%s nightly_vs_floor=%s exact_vs_drift=%s segmented_vs_drift=%s"
                + " learned_vs_drift=%s%n",
                withFloor ? String.format(Locale.ROOT, "%.2f", drift.best() / (phases.get(0).best() + phases.get(1).best())) : "na",
                withFloor ? String.format(Locale.ROOT, "%.2f", nightly.best() / phases.get(1).best()) : "na",
                exact == null ? "na" : String.format(Locale.ROOT, "%.2f", exact.best() / drift.best()),
                segmented == null ? "na" : String.format(Locale.ROOT, "%.2f", segmented.best() / drift.best()),
                learned == null ? "na" : String.format(Locale.ROOT, "%.2f", learned.best() / drift.best()));
        if (withScanFloor) {
            double refScan = phases.stream().filter(p -> p.name.equals("scan floor (reference)")).findFirst().orElseThrow().best();
            double curScan = phases.stream().filter(p -> p.name.equals("scan floor (current)")).findFirst().orElseThrow().best();
            System.out.printf(Locale.ROOT, "drift_vs_scan_floor=%.2f nightly_vs_scan_floor=%.2f%n", drift.best() / (refScan + curScan),
                    nightly.best() / curScan);
        }
        spark.stop();
        deleteTree(work);
    }

    /**
     * {@code name=r1/r2/…(median m)}: round i's run of {@code p} over round i's run of {@code base} (plus
     * round i's run of {@code plus}, when not null), each round's ratio and their median.
     */
    static String perRound(String name, Phase p, Phase base, Phase plus) {
        double[] r = new double[p.seconds.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = p.seconds.get(i) / (base.seconds.get(i) + (plus == null ? 0 : plus.seconds.get(i)));
        }
        List<String> each = java.util.Arrays.stream(r).mapToObj(x -> String.format(Locale.ROOT, "%.2f", x)).toList();
        return String.format(Locale.ROOT, "%s=%s(median %.2f)", name, String.join("/", each), median(r));
    }

    /** The median of {@code values} (the mean of the middle two for an even count; NaN when empty). */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        java.util.Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /** Bytes of the regular files under {@code dir} (links not followed). */
    private static long bytesUnder(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** Removes the benchmark's outputs (links themselves, not what they point at, which lies inside too). */
    private static void deleteTree(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** One timed phase: its work, the rows it reads (each dataset once), every timed run and the peak heap. */
    static final class Phase {
        final String name;
        final long rows;
        final Callable<?> work;
        final List<Double> seconds = new ArrayList<>();
        long peakMiB;

        Phase(String name, long rows, Callable<?> work) {
            this.name = name;
            this.rows = rows;
            this.work = work;
        }

        double best() {
            return seconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }
    }

    private static double time(Phase p) throws Exception {
        System.gc();
        resetPeaks();
        long t0 = System.nanoTime();
        p.work.call();
        double sec = (System.nanoTime() - t0) / 1e9;
        p.peakMiB = Math.max(p.peakMiB, peakHeapMiB());
        return sec;
    }

    /** Every value read through the job's own vectorized scan and summed, without binning (ProfileScan.readEveryValue). */
    static double scanFloor(SparkSession spark, String path, String filter) {
        Dataset<Row> df = filter == null ? spark.read().parquet(path) : spark.read().parquet(path).where(filter);
        List<io.sparkdrift.profile.FeatureSpec> numeric = new ArrayList<>();
        List<io.sparkdrift.profile.FeatureSpec> categorical = new ArrayList<>();
        for (StructField f : df.schema().fields()) {
            if (f.name().equals("date")) {
                continue;
            }
            boolean isNumber = f.dataType() instanceof NumericType;
            (isNumber ? numeric : categorical).add(new io.sparkdrift.profile.FeatureSpec(f.name(),
                    isNumber ? io.sparkdrift.profile.FeatureType.NUMERIC : io.sparkdrift.profile.FeatureType.CATEGORICAL));
        }
        return io.sparkdrift.scan.ProfileScan.readEveryValue(df, numeric, categorical);
    }

    /**
     * The floor: the cheapest aggregate that reads every value of every feature — numbers min, max and
     * sum; strings by {@code stringFloor}: {@code length} (sum of lengths: every string's bytes are
     * read, nothing compared), {@code hash} (sum of xxhash64) or {@code minmax} (min, max and count,
     * the old floor: Spark's string comparisons cost several times the read).
     */
    static Row floor(SparkSession spark, String path, String stringFloor, String filter) {
        Dataset<Row> df = filter == null ? spark.read().parquet(path) : spark.read().parquet(path).where(filter);
        List<Column> aggs = new ArrayList<>();
        for (StructField f : df.schema().fields()) {
            if (f.name().equals("date")) {
                continue;
            }
            Column c = col(f.name());
            if (f.dataType() instanceof NumericType || stringFloor.equals("minmax")) {
                aggs.add(min(c));
                aggs.add(max(c));
                aggs.add(f.dataType() instanceof NumericType ? sum(c) : count(c));
            } else if (stringFloor.equals("hash")) {
                aggs.add(sum(org.apache.spark.sql.functions.xxhash64(c)));
            } else {
                aggs.add(sum(org.apache.spark.sql.functions.length(c)));
            }
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

    private static String[] withArgs(List<String> args, List<String> more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(more);
        return all.toArray(new String[0]);
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
