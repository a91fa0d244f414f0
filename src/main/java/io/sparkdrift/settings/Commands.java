package io.sparkdrift.settings;

import io.sparkdrift.compare.DriftPolicy;
import io.sparkdrift.compare.FeatureComparator;
import io.sparkdrift.compare.Metric;
import io.sparkdrift.compare.Verdicts;
import io.sparkdrift.job.DateFormat;
import io.sparkdrift.job.DateWindow;
import io.sparkdrift.job.JobConfig;
import io.sparkdrift.job.MergeConfig;
import io.sparkdrift.job.ProfileConfig;
import io.sparkdrift.job.QueryConfig;
import io.sparkdrift.output.QueryOutput;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.run.InputException;
import io.sparkdrift.run.Notifications;
import io.sparkdrift.run.SchemaChange;
import io.sparkdrift.scan.InputReader;
import io.sparkdrift.scan.Source;
import io.sparkdrift.store.ProfileStore;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The front door's second half: the merged settings of the config file and the command line (already
 * checked against the mode's options) turned into each mode's typed record, every invalid value a
 * one-line {@link InputException} naming the setting and what it accepts.
 */
public final class Commands {
    private Commands() {
    }

    /**
     * Inputs handed over by code instead of settings (each may be null: then the settings name it).
     *
     * @param reference the reference data (a DataFrame), in place of --reference/--reference-table
     * @param current the current data, in place of --current/--current-table
     * @param profile a loaded reference profile, in place of --reference-profile
     */
    public record Given(Source reference, Source current, ProfileStore.Stored profile) {
        public static final Given NONE = new Given(null, null, null);
    }

    /** The command line's drift run: inputs and --out from the settings; every invalid value is a one-line error. */
    public static JobConfig run(Settings s) {
        return run(s, Given.NONE, true);
    }

    /**
     * The drift run's settings; every invalid value is a one-line {@link InputException}.
     *
     * @param outRequired whether --out must be given (the code API writes only when asked)
     */
    public static JobConfig run(Settings s, Given given, boolean outRequired) {
        String referenceProfile = Values.string("reference-profile", s.get("reference-profile"));
        boolean profileGiven = referenceProfile != null || given.profile() != null;
        String format = format(s);
        String asOf = Values.string("reference-as-of", s.get("reference-as-of"));
        Source reference = source(s, "reference", given.reference(), format, asOf, !profileGiven);
        if (reference != null && profileGiven) {
            throw new InputException("give --reference (or --reference-table) or --reference-profile, not both");
        }
        if (asOf != null && !(reference instanceof Source.Table) && !(reference instanceof Source.Files f && f.format().equals("delta"))) {
            throw new InputException("--reference-as-of applies to --reference-table (Delta, Iceberg) or to --reference with"
                    + " --format delta");
        }
        Source current = source(s, "current", given.current(), format, null, true);
        String out = outRequired ? required(s, "out") : Values.string("out", s.get("out"));
        Map<String, double[]> edges = edges(s);
        if (profileGiven && !edges.isEmpty()) {
            throw new InputException("--edges cannot be combined with --reference-profile: the stored profile's edges are used");
        }
        String dateColumn = dateColumn(s);
        DateFormat dateFormat = DateFormat.of(Values.string("date-format", s.get("date-format")));
        DateWindow window = DateWindow.resolve(dateColumn, dateFormat,
                s.get("current-date") == null ? null : Values.date("current-date", s.get("current-date")),
                range("current-range", s.get("current-range")), windowDays(s.get("reference-window")),
                range("reference-range", s.get("reference-range")),
                Values.string("reference-filter", s.get("reference-filter")), Values.string("current-filter", s.get("current-filter")));
        if (profileGiven && window.referenceFilter() != null) {
            throw new InputException("reference filters and windows do not apply to --reference-profile: the stored profile"
                    + " already covers its days");
        }
        boolean exact = s.get("exact") != null && Values.bool("exact", s.get("exact"));
        if (exact && profileGiven) {
            throw new InputException("--exact needs the reference data itself; it cannot be combined with --reference-profile");
        }
        if (exact && !window.days().isEmpty()) {
            throw new InputException("--exact compares one current selection per run; use --current-date instead of --current-range");
        }
        LocalDate runDate = s.get("run-date") != null ? Values.date("run-date", s.get("run-date"))
                : window.runDate() != null ? window.runDate() : LocalDate.now(ZoneOffset.UTC);
        String resultsTable = Values.string("results-table", s.get("results-table"));
        PathRules.check(ordered("out", out, "results-table", resultsTable),
                ordered("reference", path(reference), "current", path(current), "reference-profile", referenceProfile));
        Verdicts.Settings verdicts = verdicts(s);
        return new JobConfig(reference, current, window.referenceFilter(), window.currentFilter(),
                Values.names("features", s.get("features")), Values.names("categorical", s.get("categorical")),
                Values.names("exclude", s.get("exclude")),
                Values.positiveInt("bins", s.get("bins"), FitSettings.DEFAULT_BINS),
                Values.positiveInt("resolution", s.get("resolution"), FitSettings.DEFAULT_RESOLUTION),
                edges,
                Values.number("smoothing", s.get("smoothing"), FeatureComparator.DEFAULT_SMOOTHING, 0.0, 1.0),
                Values.positiveInt("max-categories", s.get("max-categories"), FitSettings.DEFAULT_MAX_CATEGORIES),
                out, runDate, s.get("fail-on-drift") != null && Values.bool("fail-on-drift", s.get("fail-on-drift")),
                policy(s), referenceProfile, given.profile(), resultsTable, window.days(), dateColumn, dateFormat, exact,
                schemaRule(s), verdicts, Values.names("segment-by", s.get("segment-by")),
                Values.positiveInt("segments", s.get("segments"), DEFAULT_SEGMENTS),
                window.selectsDays() || verdicts.learn(), Values.names("offset-from-day", s.get("offset-from-day")),
                window.referenceDays());
    }

    /**
     * One input: given by code, or exactly one of --ROLE PATH and --ROLE-table NAME (when
     * {@code required}; else at most one, null when none).
     */
    private static Source source(Settings s, String role, Source given, String format, String asOf, boolean required) {
        String path = Values.string(role, s.get(role));
        String table = Values.string(role + "-table", s.get(role + "-table"));
        if (given != null) {
            if (path != null || table != null) {
                throw new InputException("the " + role + " is given by code; drop the setting " + (path != null ? role : role + "-table"));
            }
            return given;
        }
        if (path != null && table != null) {
            throw new InputException("give --" + role + " PATH or --" + role + "-table NAME, not both");
        }
        if (path != null) {
            return new Source.Files(path, format, asOf);
        }
        if (table != null) {
            return new Source.Table(table, asOf);
        }
        if (required) {
            throw new InputException("missing --" + role + " (files) or --" + role + "-table (a catalog table)"
                    + (role.equals("reference") ? ", or --reference-profile" : ""));
        }
        return null;
    }

    /** The path of files, or null for tables and DataFrames (nothing to check against the outputs). */
    private static String path(Source s) {
        return s instanceof Source.Files f ? f.path() : null;
    }

    /** The reference's most frequent segments compared on their own, unless --segments says otherwise. */
    public static final int DEFAULT_SEGMENTS = 20;

    private static Verdicts.Settings verdicts(Settings s) {
        double fdr = s.get("fdr") == null ? Double.NaN : Values.number("fdr", s.get("fdr"), 0.05, 1e-9, 0.5);
        long minRows = s.get("min-rows") == null ? Verdicts.DEFAULT_MIN_ROWS
                : Values.positiveInt("min-rows", s.get("min-rows"), 1);
        boolean learn = s.get("learn-thresholds") != null && Values.bool("learn-thresholds", s.get("learn-thresholds"));
        double alpha = Values.number("learned-alpha", s.get("learned-alpha"), Verdicts.DEFAULT_ALPHA, 1e-9, 0.5);
        double chance;
        try {
            chance = Values.number("chance-alpha", s.get("chance-alpha"), Verdicts.DEFAULT_CHANCE, 0, 0.5);
        } catch (InputException e) {
            chance = Double.NaN; // out of range or not a number: one message for every wrong value
        }
        if (!(chance == 0 || chance >= Verdicts.MIN_CHANCE && chance <= 0.5)) { // quantiles of a thousand simulated pairs
            throw new InputException("invalid chance-alpha '" + s.get("chance-alpha") + "': expected 0 (off) or a number between "
                    + Verdicts.MIN_CHANCE + " and 0.5 (chance levels come from " + Verdicts.CHANCE_DRAWS + " simulated pairs)");
        }
        return new Verdicts.Settings(fdr, minRows, learn, alpha, chance);
    }

    private static SchemaChange.Rule schemaRule(Settings s) {
        String r = choice("on-schema-change", s.get("on-schema-change"), List.of("drift", "warn", "fail"));
        return SchemaChange.Rule.valueOf(r.toUpperCase(Locale.ROOT));
    }

    /** Where the {@code run} mode announces its end (checked before Spark starts). */
    public static Notifications notifications(Settings s) {
        String webhook = url("notify-webhook", s.get("notify-webhook"));
        String format = choice("notify-format", s.get("notify-format"), List.of("json", "slack"));
        String on = choice("notify-on", s.get("notify-on"), List.of("drift", "failure", "always"));
        String file = Values.string("prometheus-file", s.get("prometheus-file"));
        if (file != null) {
            java.nio.file.Path parent = java.nio.file.Path.of(file).toAbsolutePath().getParent();
            if (parent == null || !java.nio.file.Files.isDirectory(parent)) {
                throw new InputException("--prometheus-file " + file + ": the directory " + parent
                        + " does not exist; create it or give a file in an existing directory");
            }
        }
        return new Notifications(webhook, format, on, file, url("prometheus-pushgateway", s.get("prometheus-pushgateway")));
    }

    /** An http(s) URL, or null when absent. */
    private static String url(String key, Object v) {
        String u = Values.string(key, v);
        if (u == null) {
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(u);
            if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new java.net.URISyntaxException(u, "not an http or https URL with a host");
            }
        } catch (java.net.URISyntaxException e) {
            throw new InputException("--" + key + " " + u + ": " + e.getReason() + "; give e.g. https://hooks.example.com/drift");
        }
        return u;
    }

    /** One of {@code allowed} (the first when absent). */
    private static String choice(String key, Object v, List<String> allowed) {
        String c = Values.string(key, v);
        if (c == null) {
            return allowed.get(0);
        }
        if (!allowed.contains(c)) {
            throw new InputException("--" + key + " " + c + ": use one of " + String.join(", ", allowed));
        }
        return c;
    }

    /** The {@code profile} mode's settings. */
    public static ProfileConfig profile(Settings s) {
        return profile(s, null, true);
    }

    /**
     * The {@code profile} mode's settings, the input given by code ({@code given}, or null: the
     * settings name it) and --out required or not.
     */
    public static ProfileConfig profile(Settings s, Source given, boolean outRequired) {
        String edgesFrom = Values.string("edges-from", s.get("edges-from"));
        Map<String, double[]> edges = edges(s);
        if (edgesFrom != null && !edges.isEmpty()) {
            throw new InputException("--edges cannot be combined with --edges-from: the stored profile's edges are used");
        }
        LocalDate runDate = s.get("run-date") != null ? Values.date("run-date", s.get("run-date")) : LocalDate.now(ZoneOffset.UTC);
        Source input = source(s, "input", given, format(s), null, true);
        String out = outRequired ? required(s, "out") : Values.string("out", s.get("out"));
        PathRules.check(ordered("out", out), ordered("input", path(input), "edges-from", edgesFrom));
        return new ProfileConfig(input, Values.string("filter", s.get("filter")), edgesFrom,
                Values.names("features", s.get("features")), Values.names("categorical", s.get("categorical")),
                Values.names("exclude", s.get("exclude")),
                Values.positiveInt("bins", s.get("bins"), FitSettings.DEFAULT_BINS),
                Values.positiveInt("resolution", s.get("resolution"), FitSettings.DEFAULT_RESOLUTION), edges,
                Values.positiveInt("max-categories", s.get("max-categories"), FitSettings.DEFAULT_MAX_CATEGORIES),
                out, runDate, Values.names("segment-by", s.get("segment-by")),
                Values.positiveInt("segments", s.get("segments"), DEFAULT_SEGMENTS), dateColumn(s),
                DateFormat.of(Values.string("date-format", s.get("date-format"))),
                Values.names("offset-from-day", s.get("offset-from-day")));
    }

    /** The {@code merge-profiles} mode's settings. */
    public static MergeConfig merge(Settings s) {
        List<String> profiles = Values.names("profiles", s.get("profiles"));
        if (profiles.isEmpty()) {
            throw new InputException("missing --profiles: give the profiles to merge, e.g. --profiles 'profiles/daily/*'");
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        for (int i = 0; i < profiles.size(); i++) {
            inputs.put(i == 0 ? "profiles" : "profiles (" + (i + 1) + ")", profiles.get(i));
        }
        PathRules.check(ordered("out", required(s, "out")), inputs);
        return new MergeConfig(profiles, required(s, "out"),
                s.get("run-date") != null ? Values.date("run-date", s.get("run-date")) : null);
    }

    /** Option name → value pairs in order (values may be null). */
    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** The {@code query} mode's settings. */
    public static QueryConfig query(Settings s) {
        String table = required(s, "results-table");
        String sql = required(s, "sql");
        String format = Values.string("output-format", s.get("output-format"));
        format = format == null ? "table" : format;
        if (!QueryOutput.FORMATS.contains(format)) {
            throw new InputException("unknown output-format '" + format + "'; use one of " + String.join(", ", QueryOutput.FORMATS));
        }
        return new QueryConfig(table, sql, format, Values.positiveInt("limit", s.get("limit"), 1000));
    }

    private static String format(Settings s) {
        String format = Values.string("format", s.get("format"));
        format = format == null ? "parquet" : format.toLowerCase(Locale.ROOT);
        if (!InputReader.FORMATS.contains(format)) {
            throw new InputException("unknown format '" + format + "'; use one of " + String.join(", ", InputReader.FORMATS));
        }
        return format;
    }

    /** Explicit coarse edges by feature: finite and strictly increasing. */
    private static Map<String, double[]> edges(Settings s) {
        Map<String, double[]> edges = new LinkedHashMap<>();
        if (s.get("edges") instanceof Map<?, ?> m) {
            m.forEach((f, v) -> {
                double[] e = Values.edges(String.valueOf(f), v);
                try {
                    NumericBinning.validateEdges(e, "edges for " + f);
                } catch (IllegalArgumentException ex) {
                    throw new InputException("invalid " + ex.getMessage() + "; give finite, strictly increasing edges");
                }
                edges.put(String.valueOf(f), e);
            });
        } else if (s.get("edges") != null) {
            throw new InputException("invalid edges: expected a map FEATURE: [e0, e1, ...]");
        }
        return edges;
    }

    /** The date column the windows and the range grouping use. */
    private static String dateColumn(Settings s) {
        String c = Values.string("date-column", s.get("date-column"));
        return c == null ? "date" : c;
    }

    private static String required(Settings s, String key) {
        String v = Values.string(key, s.get(key));
        if (v == null || v.isBlank()) {
            throw new InputException("missing --" + key + " (or '" + key + ":' in the config file)");
        }
        return v;
    }

    private static DriftPolicy policy(Settings s) {
        // thresholds given for a type add to (or override, or with `none` remove) the defaults
        Map<Metric, Double> numeric = new EnumMap<>(Metric.class);
        numeric.putAll(DriftPolicy.defaultNumeric());
        Map<Metric, Double> categorical = new EnumMap<>(Metric.class);
        categorical.putAll(DriftPolicy.defaultCategorical());
        Map<String, Map<Metric, Double>> perFeature = new LinkedHashMap<>();
        Object t = s.get("thresholds");
        if (t != null && !(t instanceof Map)) {
            throw new InputException("invalid thresholds: expected a map with numeric, categorical and features");
        }
        if (t instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String scope = String.valueOf(e.getKey());
                switch (scope) {
                    case "numeric" -> applyThresholds(numeric, "thresholds.numeric", e.getValue());
                    case "categorical" -> applyThresholds(categorical, "thresholds.categorical", e.getValue());
                    case "features" -> {
                        if (!(e.getValue() instanceof Map<?, ?> fm)) {
                            throw new InputException("invalid thresholds.features: expected FEATURE: {METRIC: VALUE}");
                        }
                        fm.forEach((f, v) -> perFeature.put(String.valueOf(f),
                                applyThresholds(new EnumMap<>(Metric.class), "thresholds.features." + f, v)));
                    }
                    default -> throw new InputException("invalid thresholds." + scope
                            + ": thresholds take numeric, categorical or features");
                }
            }
        }
        double share = Values.number("dataset-drift-share", s.get("dataset-drift-share"), 0.5, 0.0, 1.0);
        return new DriftPolicy(numeric, categorical, perFeature, share);
    }

    /**
     * Sets the thresholds given in {@code v} (METRIC: VALUE pairs) on {@code out}; a value of
     * {@code none} (or an empty YAML value) removes that metric's threshold.
     */
    private static Map<Metric, Double> applyThresholds(Map<Metric, Double> out, String where, Object v) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new InputException("invalid " + where + ": expected METRIC: VALUE pairs");
        }
        m.forEach((k, val) -> {
            Metric metric = Metric.byKey(String.valueOf(k));
            if (metric == Metric.SCHEMA_CHANGE) {
                throw new InputException("invalid " + where + ": schema_change has no threshold; set --on-schema-change"
                        + " drift|warn|fail");
            }
            if (metric == null) {
                throw new InputException("invalid " + where + ": unknown metric '" + k + "'; metrics are "
                        + String.join(", ", java.util.Arrays.stream(Metric.values()).map(Metric::key).toList()));
            }
            if (val == null || "none".equalsIgnoreCase(String.valueOf(val).trim())) {
                out.remove(metric);
            } else {
                out.put(metric, Values.number(where + "." + k, val, 0.0, 0.0, Double.MAX_VALUE));
            }
        });
        return out;
    }

    /** {first, last} of a FIRST..LAST range of days, or null when not given. */
    private static LocalDate[] range(String key, Object v) {
        if (v == null) {
            return null;
        }
        String[] parts = String.valueOf(v).split("\\.\\.");
        if (parts.length != 2) {
            throw new InputException("invalid " + key + " '" + v + "': expected FIRST..LAST, e.g. 2026-11-01..2026-11-07");
        }
        LocalDate a = Values.date(key, parts[0]);
        LocalDate b = Values.date(key, parts[1]);
        if (b.isBefore(a)) {
            throw new InputException("invalid " + key + " '" + v + "': the last day is before the first");
        }
        return new LocalDate[] {a, b};
    }

    /** The days of a reference window such as 28d, or null when not given. */
    private static Integer windowDays(Object v) {
        if (v == null) {
            return null;
        }
        String w = String.valueOf(v).trim();
        if (w.matches("[1-9][0-9]*d?")) {
            return Integer.parseInt(w.endsWith("d") ? w.substring(0, w.length() - 1) : w);
        }
        throw new InputException("invalid reference-window '" + v + "': expected a number of days such as 28d");
    }
}
