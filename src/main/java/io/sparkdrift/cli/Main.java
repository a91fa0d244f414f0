package io.sparkdrift.cli;

import io.sparkdrift.api.DriftCheck;
import io.sparkdrift.api.DriftResult;
import io.sparkdrift.job.JobConfig;
import io.sparkdrift.job.MergeConfig;
import io.sparkdrift.job.ProfileConfig;
import io.sparkdrift.job.ProfileJob;
import io.sparkdrift.job.QueryConfig;
import io.sparkdrift.job.QueryJob;
import io.sparkdrift.output.RunNotices;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.run.InputException;
import io.sparkdrift.run.Notifications;
import io.sparkdrift.scan.InputReader;
import io.sparkdrift.scan.SparkSettings;
import io.sparkdrift.settings.Commands;
import io.sparkdrift.settings.ConfigFile;
import io.sparkdrift.settings.Mode;
import io.sparkdrift.settings.Settings;
import io.sparkdrift.settings.Values;
import java.io.PrintStream;
import java.util.function.Function;
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
        // a background thread's uncaught error (Spark's cleaners when the heap runs out) goes to the log, not
        // to stderr beside the one line the run prints
        Thread.setDefaultUncaughtExceptionHandler((thread, e) ->
                LogManager.getLogger(Main.class).error("uncaught in thread " + thread.getName(), e));
        int code;
        try {
            code = run(args, System.out, System.err).code();
        } catch (Throwable e) { // an error outside the job (the heap running out while reading settings, say): exit 3, one line
            LogManager.getLogger(Main.class).error("drift run failed", e);
            System.err.println(failureLine(e, Runtime.getRuntime().maxMemory(), false) + logHint());
            code = ExitCode.RUNTIME_FAILURE.code();
        }
        System.exit(code);
    }

    /** Runs the job and returns the exit code (never calls System.exit). */
    public static ExitCode run(String[] args, PrintStream out, PrintStream err) {
        Settings settings;
        Function<SparkSession, ExitCode> job;
        try {
            CommandLine.Parsed parsed = CommandLine.parse(args);
            if (parsed.help()) {
                out.println(CommandLine.usage(parsed.mode()));
                return ExitCode.OK;
            }
            settings = settings(parsed);
            SparkSettings.check(new SparkConf()); // what spark-submit passes, before Spark starts
            // the one switch on the mode: its typed settings (checked before Spark starts) and its job
            job = switch (parsed.mode()) {
                case RUN -> {
                    JobConfig c = Commands.run(settings);
                    Notifications notices = Commands.notifications(settings);
                    yield spark -> {
                        DriftResult result;
                        try {
                            result = DriftCheck.run(spark, c);
                            result.writeConfigured();
                        } catch (Exception | OutOfMemoryError e) { // precise rethrow: also Spark's checked exceptions from Scala
                            boolean input = e instanceof InputException;
                            RunNotices.failed(notices, c.out(), input ? ExitCode.INVALID_INPUT : ExitCode.RUNTIME_FAILURE,
                                    InputReader.firstLine(e), err);
                            throw e;
                        }
                        out.print(result.consoleTable());
                        out.println("outputs: " + c.out() + (c.resultsTable() == null ? "" : ", results table: " + c.resultsTable()));
                        if (result.summary().schema().fails()) {
                            err.println("schema changed (--on-schema-change fail): " + String.join("; ",
                                    result.schemaChanges().stream().map(x -> x.column() + " " + x.describe()).toList()));
                        }
                        ExitCode code = result.exitCode();
                        RunNotices.finished(notices, result.summaries(), c.out(), code, err);
                        return code;
                    };
                }
                case PROFILE -> {
                    ProfileConfig c = Commands.profile(settings);
                    yield spark -> done(() -> new ProfileJob(spark, out).profile(c));
                }
                case MERGE_PROFILES -> {
                    MergeConfig c = Commands.merge(settings);
                    yield spark -> done(() -> new ProfileJob(spark, out).merge(c));
                }
                case QUERY -> {
                    QueryConfig c = Commands.query(settings);
                    yield spark -> done(() -> new QueryJob(spark, out).run(c));
                }
            };
        } catch (InputException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.INVALID_INPUT;
        }
        SparkSession spark = session(Values.string("master", settings.get("master")), Values.string("app-name", settings.get("app-name")));
        try {
            return job.apply(spark);
        } catch (InputException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.INVALID_INPUT;
        } catch (Exception | OutOfMemoryError e) { // Spark's checked exceptions thrown from Scala; the driver's heap
            // running out in this thread (reading stored profiles, say) is a runtime failure too, not an uncaught
            // error that exits with 1, the code of a drift
            LogManager.getLogger(Main.class).error("drift run failed", e);
            err.println(failureLine(e, Runtime.getRuntime().maxMemory(), spark.sparkContext().isLocal()) + logHint());
            return ExitCode.RUNTIME_FAILURE;
        }
    }

    /**
     * The one line a runtime failure prints (before where the log is): its first message, its
     * cause's where that says more, and, when the job ran out of memory, where and what to give it.
     * Spark reports a task's failure to the driver as text ("Job aborted due to stage failure: …",
     * in a local run the OutOfMemoryError named inside a MatchError), so the messages are searched as
     * well as the classes: an OutOfMemoryError outside a failed stage is this JVM's (the driver's);
     * inside one it is this JVM's when the tasks run here ({@code tasksHere}: local mode), else an
     * executor's; and a container the cluster killed for its memory (YARN's "Container killed by
     * YARN for exceeding … memory limits", Kubernetes' "exit code 137(SIGKILL, possible container
     * OOM)") needs more room outside the heap.
     */
    static String failureLine(Throwable e, long heapBytes, boolean tasksHere) {
        String first = InputReader.firstLine(e);
        String cause = e.getCause() == null ? null : InputReader.firstLine(e.getCause());
        String advice = switch (memoryFailure(e, tasksHere)) {
            case NONE -> "";
            case THIS_JVM -> "; the job ran out of memory in this JVM (heap " + (heapBytes >> 20) + " MB"
                    + (tasksHere ? ", which runs the tasks too" : ", the driver's") + "): give it more,"
                    + " DRIFT_DRIVER_MEMORY with jobs/drift-report.sh (e.g. DRIFT_DRIVER_MEMORY=16g),"
                    + " --driver-memory with spark-submit";
            case EXECUTOR_HEAP -> "; an executor ran out of heap: give executors more with --executor-memory"
                    + " (spark.executor.memory), or fewer tasks at once each with --executor-cores";
            case CONTAINER -> "; the cluster killed an executor for using more memory than its container allows:"
                    + " raise spark.executor.memoryOverhead (the memory outside the heap), or --executor-memory";
        };
        return "runtime failure: " + first + (cause == null || cause.equals(first) ? "" : " (" + cause + ")") + advice;
    }

    /** Where a failure ran out of memory, if it did. */
    enum MemoryFailure { NONE, THIS_JVM, EXECUTOR_HEAP, CONTAINER }

    /** Where {@code e} ran out of memory ({@link #failureLine}); NONE when nothing in it says so. */
    static MemoryFailure memoryFailure(Throwable e, boolean tasksHere) {
        boolean oom = false;
        boolean stage = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.contains("Container killed by YARN for exceeding") || m.contains("possible container OOM")
                    || m.contains("exit code 137") || m.contains("OOMKilled")) {
                return MemoryFailure.CONTAINER;
            }
            oom |= t instanceof OutOfMemoryError || m.contains("java.lang.OutOfMemoryError") || m.contains("(JVM OOM)");
            stage |= m.contains("Job aborted due to stage failure");
        }
        if (!oom) {
            return MemoryFailure.NONE;
        }
        return !stage || tasksHere ? MemoryFailure.THIS_JVM : MemoryFailure.EXECUTOR_HEAP;
    }

    /** "; details in FILE" when the default logging configuration writes a log file (see conf/log4j2.properties). */
    private static String logHint() {
        java.nio.file.Path log = java.nio.file.Path.of(System.getProperty("sparkdrift.log.file",
                System.getProperty("java.io.tmpdir") + "/spark-drift.log"));
        return java.nio.file.Files.exists(log) ? "; details in " + log : "";
    }

    /** The config file's settings (each checked against the mode) with the command line's over them. */
    private static Settings settings(CommandLine.Parsed parsed) {
        Settings settings = parsed.configFile() == null ? new Settings() : ConfigFile.read(parsed.configFile());
        for (String key : settings.keys()) {
            try {
                parsed.mode().checkKey(key);
            } catch (InputException e) {
                throw new InputException("config " + parsed.configFile() + ": " + e.getMessage());
            }
        }
        return settings.overlay(parsed.settings());
    }

    private static ExitCode done(Runnable work) {
        work.run();
        return ExitCode.OK;
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
