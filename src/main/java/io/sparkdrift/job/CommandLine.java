package io.sparkdrift.job;

import io.sparkdrift.run.InputException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the command line into {@link Settings} plus the config file path.
 *
 * <p>Forms: {@code --key value} and {@code --key=value}; {@code --fail-on-drift} takes no value;
 * list flags ({@code --features}, {@code --categorical}, {@code --exclude}) take comma-separated names
 * and may repeat; {@code --edges FEATURE=e0,e1,...} and
 * {@code --threshold SCOPE:METRIC=VALUE} (SCOPE: numeric, categorical or a feature name) repeat.
 */
public final class CommandLine {
    /** Parsed command line. */
    public record Parsed(String mode, Settings settings, String configFile, boolean help) {
    }

    /** The modes; the first argument names one, {@code run} when it is an option. */
    public static final List<String> MODES = List.of("run", "profile", "merge-profiles", "query");

    private static final List<String> LISTS = List.of("features", "categorical", "exclude", "profiles");
    private static final List<String> FLAGS = List.of("fail-on-drift", "exact");

    private CommandLine() {
    }

    public static Parsed parse(String[] args) {
        Settings s = new Settings();
        String config = null;
        boolean help = false;
        String mode = "run";
        int start = 0;
        if (args.length > 0 && !args[0].startsWith("-")) {
            if (!MODES.contains(args[0])) {
                throw new InputException("unknown mode '" + args[0] + "'; modes are " + String.join(", ", MODES));
            }
            mode = args[0];
            start = 1;
        }
        for (int i = start; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new InputException("unexpected argument '" + arg + "'; options start with -- (see --help)");
            }
            String key = arg.substring(2);
            String value = null;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            if (FLAGS.contains(key)) {
                s.put(key, value == null ? Boolean.TRUE : Values.bool(key, value));
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new InputException("--" + key + " needs a value (see --help)");
                }
                value = args[++i];
            }
            switch (key) {
                case "config" -> config = value;
                case "edges" -> s.put("edges", edges(value));
                case "threshold" -> s.put("thresholds", threshold(value));
                default -> s.put(key, LISTS.contains(key) ? splitList(value) : value);
            }
        }
        return new Parsed(mode, s, config, help);
    }

    static List<String> splitList(String value) {
        List<String> out = new ArrayList<>();
        for (String p : value.split(",")) {
            if (!p.isBlank()) {
                out.add(p.trim());
            }
        }
        return out;
    }

    private static Map<String, Object> edges(String value) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new InputException("invalid --edges '" + value + "'; expected FEATURE=e0,e1,... e.g. --edges age=18,30,50");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(value.substring(0, eq), new ArrayList<Object>(Arrays.asList(value.substring(eq + 1).split(","))));
        return m;
    }

    private static Map<String, Object> threshold(String value) {
        int colon = value.indexOf(':');
        int eq = value.lastIndexOf('=');
        if (colon <= 0 || eq < colon + 2) {
            throw new InputException("invalid --threshold '" + value
                    + "'; expected SCOPE:METRIC=VALUE, e.g. numeric:psi=0.2 or income:wasserstein_normed=0.05");
        }
        String scope = value.substring(0, colon);
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put(value.substring(colon + 1, eq), value.substring(eq + 1));
        Map<String, Object> out = new LinkedHashMap<>();
        if (scope.equals("numeric") || scope.equals("categorical")) {
            out.put(scope, metric);
        } else {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put(scope, metric);
            out.put("features", f);
        }
        return out;
    }

    public static String usage() {
        return String.join("\n",
                "usage: drift-report.sh [run] --reference PATH --current PATH --out DIR [options]",
                "       drift-report.sh profile|merge-profiles|query [options]",
                "",
                "  --reference PATH, --current PATH   files or directories (Hive-style partitions allowed)",
                "  --format parquet|csv|orc|json      input format (default parquet; CSV: header row, inferred types)",
                "  --reference-filter SQL             predicate on the reference, e.g. \"date < '2026-11-08'\"",
                "  --current-filter SQL               predicate on the current data",
                "  --features a,b                     features to compare (default: every supported column)",
                "  --categorical c,d                  compare these as categories (default: string/boolean columns)",
                "  --exclude x                        columns to leave out",
                "  --bins N                           coarse bins at reference quantiles (default 20)",
                "  --resolution N                     fine bins for Wasserstein/KS (default 1000)",
                "  --edges FEATURE=e0,e1,...          explicit coarse edges for one feature (repeatable)",
                "  --smoothing EPS                    mass added per bin for KL/PSI (default 1e-4; 0 = exact)",
                "  --max-categories K                 categories kept per feature, rest pooled as 'other' (default 200)",
                "  --threshold SCOPE:METRIC=VALUE     drift threshold; SCOPE numeric, categorical or a feature",
                "  --dataset-drift-share X            dataset drifts when this share of features drifts (default 0.5)",
                "  --out DIR                          output directory (required)",
                "  --run-date YYYY-MM-DD              date the results are filed under (default today, UTC)",
                "  --config FILE                      YAML file with the same settings; flags win",
                "  --fail-on-drift                    exit 1 when the dataset drifts",
                "  --exact                            exact distributed W1, W2 and KS for numeric features",
                "  --master URL                       Spark master (default local[*] when run embedded)",
                "",
                "nightly operation:",
                "  --reference-profile PATH           compare against a stored profile instead of --reference",
                "  --date-column NAME                 the date partition column (default date)",
                "  --current-date D                   current data is day D",
                "  --current-range D1..D2             compare each day from D1 to D2 on its own, in one scan",
                "  --reference-window 28d             reference is the N days before the first current day",
                "  --reference-range D1..D2           reference is those days",
                "  --results-table PATH               append to this results table, replacing rows of the same run dates",
                "",
                "other modes:",
                "  profile --input PATH [--filter SQL] [--edges-from PROFILE] --out DIR     store a profile in DIR/profile",
                "  merge-profiles --profiles P1,P2,... --out DIR                            merge profiles (same edges)",
                "  query --results-table PATH --sql SQL [--output-format table|csv|json] [--limit N]",
                "                                     SQL over the results table, registered as the view drift_results",
                "",
                "exit codes: 0 ok, 1 drift with --fail-on-drift, 2 invalid input or config, 3 runtime failure");
    }
}
