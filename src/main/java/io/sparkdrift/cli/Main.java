package io.sparkdrift.cli;

import io.sparkdrift.job.CommandLine;
import io.sparkdrift.job.ConfigFile;
import io.sparkdrift.job.DriftJob;
import io.sparkdrift.job.ExitCode;
import io.sparkdrift.job.InputException;
import io.sparkdrift.job.JobConfig;
import io.sparkdrift.job.RunSummary;
import io.sparkdrift.job.Settings;
import io.sparkdrift.spark.InputReader;
import java.io.PrintStream;
import org.apache.logging.log4j.LogManager;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Entry point for {@code spark-submit --class io.sparkdrift.cli.Main} and for the embedded local
 * runner. Exit codes: see {@link ExitCode}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err).code());
    }

    /** Runs the job and returns the exit code (never calls System.exit). */
    public static ExitCode run(String[] args, PrintStream out, PrintStream err) {
        JobConfig config;
        try {
            CommandLine.Parsed parsed = CommandLine.parse(args);
            if (parsed.help()) {
                out.println(CommandLine.usage());
                return ExitCode.OK;
            }
            Settings settings = parsed.configFile() == null ? new Settings() : ConfigFile.read(parsed.configFile());
            config = JobConfig.from(settings.overlay(parsed.settings()));
        } catch (InputException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.INVALID_INPUT;
        }
        SparkSession spark = session(config);
        try {
            RunSummary summary = new DriftJob(spark, out).run(config);
            return summary.datasetDrift() && config.failOnDrift() ? ExitCode.DRIFT : ExitCode.OK;
        } catch (InputException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.INVALID_INPUT;
        } catch (Exception e) { // includes Spark's checked exceptions thrown from Scala
            LogManager.getLogger(Main.class).error("drift run failed", e);
            err.println("runtime failure: " + InputReader.firstLine(e)
                    + (e.getCause() != null ? " (" + InputReader.firstLine(e.getCause()) + ")" : ""));
            return ExitCode.RUNTIME_FAILURE;
        }
    }

    /**
     * The session: under spark-submit the master comes from spark-submit; embedded, from --master
     * (default local[*]) with the UI off.
     */
    static SparkSession session(JobConfig config) {
        SparkSession.Builder b = SparkSession.builder()
                .appName(config.appName() == null ? "spark-drift" : config.appName())
                .config("spark.sql.session.timeZone", "UTC");
        if (!new SparkConf().contains("spark.master")) {
            b.master(config.master() == null ? "local[*]" : config.master())
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "8");
        }
        return b.getOrCreate();
    }
}
