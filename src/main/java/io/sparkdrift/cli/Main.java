package io.sparkdrift.cli;

import io.sparkdrift.job.CommandLine;
import io.sparkdrift.job.ConfigFile;
import io.sparkdrift.job.DriftJob;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.run.InputException;
import io.sparkdrift.job.JobConfig;
import io.sparkdrift.job.ProfileJob;
import io.sparkdrift.job.QueryJob;
import io.sparkdrift.run.RunSummary;
import io.sparkdrift.job.Settings;
import io.sparkdrift.job.Values;
import io.sparkdrift.scan.InputReader;
import java.io.PrintStream;
import java.util.List;
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
        CommandLine.Parsed parsed;
        Settings settings;
        JobConfig config = null;
        try {
            parsed = CommandLine.parse(args);
            if (parsed.help()) {
                out.println(CommandLine.usage());
                return ExitCode.OK;
            }
            settings = parsed.configFile() == null ? new Settings() : ConfigFile.read(parsed.configFile());
            settings.overlay(parsed.settings());
            if (parsed.mode().equals("run")) {
                config = JobConfig.from(settings);
            } else if (parsed.mode().equals("profile")) {
                config = ProfileJob.profileConfig(settings);
            }
        } catch (InputException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.INVALID_INPUT;
        }
        SparkSession spark = session(Values.string("master", settings.get("master")), Values.string("app-name", settings.get("app-name")));
        try {
            switch (parsed.mode()) {
                case "profile" -> new ProfileJob(spark, out).profile(config);
                case "merge-profiles" -> new ProfileJob(spark, out).merge(settings);
                case "query" -> new QueryJob(spark, out).run(settings);
                default -> {
                    List<RunSummary> summaries = new DriftJob(spark, out).run(config);
                    boolean drift = summaries.stream().anyMatch(RunSummary::datasetDrift);
                    return drift && config.failOnDrift() ? ExitCode.DRIFT : ExitCode.OK;
                }
            }
            return ExitCode.OK;
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
    static SparkSession session(String master, String appName) {
        SparkSession.Builder b = SparkSession.builder()
                .appName(appName == null ? "spark-drift" : appName)
                .config("spark.sql.session.timeZone", "UTC");
        if (!new SparkConf().contains("spark.master")) {
            b.master(master == null ? "local[*]" : master)
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "8");
        }
        return b.getOrCreate();
    }
}
