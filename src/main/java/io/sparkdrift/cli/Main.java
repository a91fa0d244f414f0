package io.sparkdrift.cli;

import io.sparkdrift.job.DriftJob;
import io.sparkdrift.job.JobConfig;
import io.sparkdrift.job.MergeConfig;
import io.sparkdrift.job.ProfileConfig;
import io.sparkdrift.job.ProfileJob;
import io.sparkdrift.job.QueryConfig;
import io.sparkdrift.job.QueryJob;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.run.InputException;
import io.sparkdrift.run.RunSummary;
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
        Object config;
        try {
            parsed = CommandLine.parse(args);
            if (parsed.help()) {
                out.println(CommandLine.usage(parsed.mode()));
                return ExitCode.OK;
            }
            settings = parsed.configFile() == null ? new Settings() : ConfigFile.read(parsed.configFile());
            for (String key : settings.keys()) {
                try {
                    parsed.mode().check(key);
                } catch (InputException e) {
                    throw new InputException("config " + parsed.configFile() + ": " + e.getMessage());
                }
            }
            settings.overlay(parsed.settings());
            config = switch (parsed.mode()) {
                case RUN -> Commands.run(settings);
                case PROFILE -> Commands.profile(settings);
                case MERGE_PROFILES -> Commands.merge(settings);
                case QUERY -> Commands.query(settings);
            };
        } catch (InputException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.INVALID_INPUT;
        }
        SparkSession spark = session(Values.string("master", settings.get("master")), Values.string("app-name", settings.get("app-name")));
        try {
            if (config instanceof JobConfig run) {
                List<RunSummary> summaries = new DriftJob(spark, out).run(run);
                boolean drift = summaries.stream().anyMatch(RunSummary::datasetDrift);
                return drift && run.failOnDrift() ? ExitCode.DRIFT : ExitCode.OK;
            } else if (config instanceof ProfileConfig profile) {
                new ProfileJob(spark, out).profile(profile);
            } else if (config instanceof MergeConfig merge) {
                new ProfileJob(spark, out).merge(merge);
            } else {
                new QueryJob(spark, out).run((QueryConfig) config);
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
