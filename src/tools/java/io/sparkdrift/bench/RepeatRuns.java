package io.sparkdrift.bench;

import io.sparkdrift.cli.CommandLine;
import io.sparkdrift.job.DriftJob;
import io.sparkdrift.settings.Commands;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The drift run alone, {@code RUNS} times in one JVM (the job logs when the reference's bins are
 * ready, so the reference pass can be read off each run): to compare two builds of the job side by
 * side, run it on one build's jar, then the other's, alternating, and leave each JVM's first run
 * out as its warm-up. Data as {@code jobs/benchmark.sh} generates it (DIR/reference, DIR/current);
 * arguments after RUNS go to the job (e.g. --segment-by s0).
 *   java [jvm flags] -cp JAR:target/test-classes:CLASSPATH io.sparkdrift.bench.RepeatRuns DIR RUNS [job args]
 */
public final class RepeatRuns {
    private RepeatRuns() {
    }

    public static void main(String[] args) throws Exception {
        String dir = args[0];
        int runs = Integer.parseInt(args[1]);
        SparkSession spark = SparkSession.builder().appName("spark-drift-repeat-runs").master("local[*]")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
                .config("spark.sql.session.timeZone", "UTC").getOrCreate();
        Path out = Files.createTempDirectory("spark-drift-repeat-runs");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        for (int r = 1; r <= runs; r++) {
            long t = System.nanoTime();
            java.util.List<String> job = new java.util.ArrayList<>(java.util.List.of("--reference", dir + "/reference",
                    "--current", dir + "/current", "--out", out.resolve("drift").toString()));
            job.addAll(java.util.Arrays.asList(args).subList(2, args.length));
            new DriftJob(spark, quiet).run(Commands.run(CommandLine.parse(job.toArray(new String[0])).settings()));
            System.out.printf(Locale.ROOT, "drift run %d: %.2f s%n", r, (System.nanoTime() - t) / 1e9);
        }
        spark.stop();
    }
}
