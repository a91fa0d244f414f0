package io.sparkdrift.settings;

import io.sparkdrift.run.InputException;
import io.sparkdrift.run.Spelling;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The job's modes and the options each one takes: one table drives the parsing (which options are
 * flags or lists), the check that a mode is given only its own options (from the command line and
 * the config file alike), the "did you mean" for typos, and each mode's generated help.
 */
public enum Mode {
    RUN("run", "[run] --reference PATH|--reference-table NAME|--reference-profile PATH --current PATH|--current-table NAME"
            + " --out DIR [options]",
            "compare the current data with the reference, feature by feature"),
    PROFILE("profile", "profile --input PATH|--input-table NAME [--filter SQL] [--edges-from PROFILE] --out DIR [options]",
            "store a profile of a dataset in DIR/profile (bins fitted on it, or the edges of --edges-from)"),
    MERGE_PROFILES("merge-profiles", "merge-profiles --profiles P1,P2,... --out DIR [--run-date D]",
            "merge stored profiles into DIR/profile (bins fitted anew on their merged fit state, or on their shared edges)"),
    QUERY("query", "query --results-table PATH --sql SQL [--output-format table|csv|json] [--limit N]",
            "SQL over a results table, registered as the view drift_results");

    /** How an option takes its value on the command line. */
    public enum Kind {
        /** {@code --key VALUE} or {@code --key=VALUE}. */
        VALUE,
        /** {@code --key} alone (true) or {@code --key=true|false}. */
        FLAG,
        /** Comma-separated names; repeats append. */
        LIST,
        /** {@code --edges FEATURE=e0,e1,...}, repeatable. */
        EDGES,
        /** {@code --threshold SCOPE:METRIC=VALUE}, repeatable; the config key is {@code thresholds}. */
        THRESHOLD
    }

    /**
     * One option: its config key (the long flag name), how it parses, its value's label and help line,
     * and the modes that take it.
     */
    public record Option(String key, Kind kind, String label, String help, Set<Mode> modes) {
        /** The command-line spelling: {@code --threshold} for the config key {@code thresholds}. */
        public String flag() {
            return "--" + (kind == Kind.THRESHOLD ? "threshold" : key);
        }
    }

    private static final Set<Mode> ALL = EnumSet.allOf(Mode.class);
    private static final Set<Mode> RUN_ONLY = EnumSet.of(RUN);
    private static final Set<Mode> RUN_PROFILE = EnumSet.of(RUN, PROFILE);
    private static final Set<Mode> OUTPUTS = EnumSet.of(RUN, PROFILE, MERGE_PROFILES);

    /** Every option, in help order. */
    public static final List<Option> OPTIONS = List.of(
            new Option("reference", Kind.VALUE, "PATH", "reference files or directories (Hive-style partitions allowed)", RUN_ONLY),
            new Option("reference-profile", Kind.VALUE, "PATH", "compare against a stored profile instead of --reference", RUN_ONLY),
            new Option("reference-table", Kind.VALUE, "NAME", "reference catalog table (Hive metastore, Delta, Iceberg)", RUN_ONLY),
            new Option("reference-as-of", Kind.VALUE, "V|TS", "read the reference table as of a version, snapshot id, tag:NAME,"
                    + " branch:NAME or timestamp (Delta, Iceberg)",
                    RUN_ONLY),
            new Option("current", Kind.VALUE, "PATH", "current files or directories", RUN_ONLY),
            new Option("current-table", Kind.VALUE, "NAME", "current catalog table", RUN_ONLY),
            new Option("input", Kind.VALUE, "PATH", "the dataset to profile", EnumSet.of(PROFILE)),
            new Option("input-table", Kind.VALUE, "NAME", "the catalog table to profile", EnumSet.of(PROFILE)),
            new Option("format", Kind.VALUE, "FMT", "parquet|csv|orc|json|delta for paths (default parquet; CSV: header row,"
                    + " inferred types)", RUN_PROFILE),
            new Option("reference-filter", Kind.VALUE, "SQL", "predicate on the reference, e.g. \"date < '2026-11-08'\"", RUN_ONLY),
            new Option("current-filter", Kind.VALUE, "SQL", "predicate on the current data", RUN_ONLY),
            new Option("filter", Kind.VALUE, "SQL", "predicate on the input", EnumSet.of(PROFILE)),
            new Option("edges-from", Kind.VALUE, "PROFILE", "bin on the edges of this stored profile (pins the edges of a series of"
                    + " profiles)", EnumSet.of(PROFILE)),
            new Option("features", Kind.LIST, "a,b", "features to compare (default: every supported column)", RUN_PROFILE),
            new Option("categorical", Kind.LIST, "c,d", "compare these as categories (default: string/boolean columns)", RUN_PROFILE),
            new Option("exclude", Kind.LIST, "x,y", "columns to leave out", RUN_PROFILE),
            new Option("bins", Kind.VALUE, "N", "coarse bins at reference quantiles (default 20)", RUN_PROFILE),
            new Option("resolution", Kind.VALUE, "N", "fine bins for Wasserstein/KS (default 1000)", RUN_PROFILE),
            new Option("edges", Kind.EDGES, "FEATURE=e0,e1,...", "explicit coarse edges for one feature (repeatable)", RUN_PROFILE),
            new Option("smoothing", Kind.VALUE, "EPS", "mass added per bin for KL/PSI (default 1e-4; 0 = exact)", RUN_ONLY),
            new Option("max-categories", Kind.VALUE, "K", "categories kept per feature, rest pooled as 'other' (default 200)", RUN_PROFILE),
            new Option("thresholds", Kind.THRESHOLD, "SCOPE:METRIC=VALUE", "drift threshold; SCOPE numeric, categorical or a feature",
                    RUN_ONLY),
            new Option("dataset-drift-share", Kind.VALUE, "X", "dataset drifts when this share of features drifts (default 0.5)",
                    RUN_ONLY),
            new Option("on-schema-change", Kind.VALUE, "RULE", "drift|warn|fail: a dropped or retyped feature drifts (default),"
                    + " is only reported, or fails the run (exit 1)", RUN_ONLY),
            new Option("segment-by", Kind.LIST, "c,d", "also compare each segment (the reference's most frequent values"
                    + " of these columns) on its own, in the same scans", RUN_PROFILE),
            new Option("segments", Kind.VALUE, "K", "segments compared on their own; the rest pooled as 'other' (default 20)",
                    RUN_PROFILE),
            new Option("fdr", Kind.VALUE, "Q", "adjust the run's p-values for many tests (Benjamini–Hochberg) at level Q;"
                    + " p-value thresholds apply to the adjusted values", RUN_ONLY),
            new Option("min-rows", Kind.VALUE, "N", "fewer rows than this (current or reference): status insufficient_data,"
                    + " no verdict; fewer values: no verdict on distances (default 100)", RUN_ONLY),
            new Option("chance-alpha", Kind.VALUE, "A", "a distance threshold is raised to the level two samples of the"
                    + " feature's sizes from one distribution reach with probability A (default 0.01; 0: off)", RUN_ONLY),
            new Option("learn-thresholds", Kind.FLAG, "", "learn each feature's thresholds from the reference's days"
                    + " (leave one day out)", RUN_ONLY),
            new Option("learned-alpha", Kind.VALUE, "A", "chance of any false alarm a night like the history's may raise"
                    + " on learned thresholds (default 0.05)", RUN_ONLY),
            new Option("exact", Kind.FLAG, "", "exact distributed W1, W2 and KS for numeric features", RUN_ONLY),
            new Option("fail-on-drift", Kind.FLAG, "", "exit 1 when the dataset drifts", RUN_ONLY),
            new Option("date-column", Kind.VALUE, "NAME", "the date partition column (default date)", RUN_PROFILE),
            new Option("date-format", Kind.VALUE, "PATTERN", "how the date column writes a day, e.g. yyyyMMdd (default"
                    + " yyyy-MM-dd; days given in options are yyyy-MM-dd either way)", RUN_PROFILE),
            new Option("offset-from-day", Kind.LIST, "t,d", "compare these timestamp or date columns as their offset from"
                    + " the row's day in the date column (hours, or days): event times that follow a daily partition",
                    RUN_PROFILE),
            new Option("current-date", Kind.VALUE, "D", "the current data is day D", RUN_ONLY),
            new Option("current-range", Kind.VALUE, "D1..D2", "compare each day from D1 to D2 on its own, in one scan", RUN_ONLY),
            new Option("reference-window", Kind.VALUE, "28d", "the reference is the N days before the first current day", RUN_ONLY),
            new Option("reference-range", Kind.VALUE, "D1..D2", "the reference is those days", RUN_ONLY),
            new Option("notify-webhook", Kind.VALUE, "URL", "POST the verdict here when the run ends (http or https)", RUN_ONLY),
            new Option("notify-format", Kind.VALUE, "FMT", "json|slack: the documented payload or Slack's {\"text\"} (default json)",
                    RUN_ONLY),
            new Option("notify-on", Kind.VALUE, "WHEN", "drift|failure|always (default drift: a feature drifted)", RUN_ONLY),
            new Option("prometheus-file", Kind.VALUE, "FILE", "write the run's values in Prometheus text format (textfile collector)",
                    RUN_ONLY),
            new Option("prometheus-pushgateway", Kind.VALUE, "URL", "PUT the same to this Pushgateway group URL", RUN_ONLY),
            new Option("profiles", Kind.LIST, "P1,P2,...", "stored profiles to merge (globs allowed)", EnumSet.of(MERGE_PROFILES)),
            new Option("results-table", Kind.VALUE, "PATH", "run: append to this results table; query: the table to query",
                    EnumSet.of(RUN, QUERY)),
            new Option("sql", Kind.VALUE, "SQL", "the query, over the view drift_results", EnumSet.of(QUERY)),
            new Option("output-format", Kind.VALUE, "FMT", "table|csv|json (default table)", EnumSet.of(QUERY)),
            new Option("limit", Kind.VALUE, "N", "at most N rows (default 1000)", EnumSet.of(QUERY)),
            new Option("out", Kind.VALUE, "DIR", "output directory (required)", OUTPUTS),
            new Option("run-date", Kind.VALUE, "YYYY-MM-DD", "the date results are filed under (default today, UTC)", OUTPUTS),
            new Option("config", Kind.VALUE, "FILE", "YAML file with the same settings (keys are the long names); flags win", ALL),
            new Option("master", Kind.VALUE, "URL", "Spark master (default local[*] when run embedded)", ALL),
            new Option("app-name", Kind.VALUE, "NAME", "Spark application name (default spark-drift)", ALL));

    private final String word;
    private final String synopsis;
    private final String summary;

    Mode(String word, String synopsis, String summary) {
        this.word = word;
        this.synopsis = synopsis;
        this.summary = summary;
    }

    /** The mode's name on the command line. */
    public String word() {
        return word;
    }

    /** The mode named {@code word}, or an input error listing the modes. */
    public static Mode of(String word) {
        for (Mode m : values()) {
            if (m.word.equals(word)) {
                return m;
            }
        }
        throw new InputException("unknown mode '" + word + "'; modes are " + String.join(", ", words()));
    }

    /** The option with this config key, or null. */
    public static Option option(String key) {
        return OPTIONS.stream().filter(o -> o.key().equals(key)).findFirst().orElse(null);
    }

    /** The option spelled {@code --name} on the command line ({@code threshold} finds {@code thresholds}), or null. */
    public static Option flag(String name) {
        return OPTIONS.stream().filter(o -> o.flag().equals("--" + name)).findFirst().orElse(null);
    }

    /**
     * The option spelled {@code --name} on the command line, if this mode takes it; see {@link #accept}.
     */
    public Option checkFlag(String name) {
        return accept(flag(name), name);
    }

    /** The option of a config-file key (the long name: {@code thresholds}, not {@code threshold}); see {@link #accept}. */
    public Option checkKey(String key) {
        return accept(option(key), key);
    }

    /**
     * {@code o}, or a one-line error: an option of another mode names the mode and the option (and
     * which modes take it); an unknown one (null) gets the closest options of this mode.
     */
    private Option accept(Option o, String given) {
        if (o == null) {
            List<String> close = suggestions(given);
            throw new InputException("unknown setting '" + given + "' for mode " + word
                    + (close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?")
                    + " (see '" + word + " --help')");
        }
        if (!o.modes().contains(this)) {
            throw new InputException("mode " + word + " does not take " + o.flag() + " (an option of "
                    + String.join(", ", o.modes().stream().map(Mode::word).toList()) + "); see '" + word + " --help'");
        }
        return o;
    }

    /** This mode's options closest to {@code key} by edit distance (at most a third of its length), by either spelling. */
    public List<String> suggestions(String key) {
        java.util.Map<String, String> flagOf = new java.util.LinkedHashMap<>(); // spelling → flag, options in key order
        OPTIONS.stream().filter(o -> o.modes().contains(this)).sorted(Comparator.comparing(Option::key)).forEach(o -> {
            flagOf.putIfAbsent(o.flag().substring(2), o.flag());
            flagOf.putIfAbsent(o.key(), o.flag());
        });
        return Spelling.closest(key, flagOf.keySet()).stream().map(flagOf::get).distinct().toList();
    }

    /** The generated help of this mode. */
    public String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: drift-report.sh ").append(synopsis).append("\n\n").append(summary).append("\n\n");
        for (Option o : OPTIONS) {
            if (o.modes().contains(this)) {
                String left = "  " + o.flag() + (o.label().isEmpty() ? "" : " " + o.label());
                sb.append(String.format(Locale.ROOT, "%-36s %s%n", left, o.help()));
            }
        }
        sb.append("\nmodes: ").append(String.join(", ", words())).append(" (MODE --help for each)\n");
        sb.append("exit codes: 0 ok, 1 drift with --fail-on-drift, 2 invalid input or config, 3 runtime failure");
        return sb.toString();
    }

    public static List<String> words() {
        return java.util.Arrays.stream(values()).map(Mode::word).toList();
    }
}
