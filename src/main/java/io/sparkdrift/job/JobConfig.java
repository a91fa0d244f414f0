package io.sparkdrift.job;

import io.sparkdrift.run.InputException;
import io.sparkdrift.run.RunSettings;

import io.sparkdrift.compare.DriftPolicy;
import io.sparkdrift.compare.FeatureComparator;
import io.sparkdrift.compare.Metric;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.scan.InputReader;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated settings of one run. Built from {@link Settings}; every invalid value fails with a
 * one-line {@link InputException} naming the setting and what it accepts.
 */
public record JobConfig(String reference, String current, String format, String referenceFilter,
        String currentFilter, List<String> features, List<String> categorical, List<String> exclude, int bins,
        int resolution, Map<String, double[]> edges, double smoothing, int maxCategories, String out,
        LocalDate runDate, boolean failOnDrift, DriftPolicy policy,
        String referenceProfile, String resultsTable, List<LocalDate> days, String dateColumn, boolean exact) {

    public static JobConfig from(Settings s) {
        String referenceProfile = Values.string("reference-profile", s.get("reference-profile"));
        String reference = referenceProfile == null ? required(s, "reference") : Values.string("reference", s.get("reference"));
        if (reference != null && referenceProfile != null) {
            throw new InputException("give --reference or --reference-profile, not both");
        }
        String current = required(s, "current");
        String out = required(s, "out");
        String format = Values.string("format", s.get("format"));
        format = format == null ? "parquet" : format.toLowerCase(java.util.Locale.ROOT);
        if (!InputReader.FORMATS.contains(format)) {
            throw new InputException("unknown format '" + format + "'; use one of " + String.join(", ", InputReader.FORMATS));
        }
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
        if (referenceProfile != null && !edges.isEmpty()) {
            throw new InputException("--edges cannot be combined with --reference-profile: the stored profile's edges are used");
        }
        String dateColumn = dateColumn(s);
        DateWindow window = DateWindow.resolve(s, dateColumn,
                Values.string("reference-filter", s.get("reference-filter")), Values.string("current-filter", s.get("current-filter")));
        if (referenceProfile != null && window.referenceFilter() != null) {
            throw new InputException("reference filters and windows do not apply to --reference-profile: the stored profile"
                    + " already covers its days");
        }
        boolean exact = s.get("exact") != null && Values.bool("exact", s.get("exact"));
        if (exact && referenceProfile != null) {
            throw new InputException("--exact needs the reference data itself; it cannot be combined with --reference-profile");
        }
        if (exact && !window.days().isEmpty()) {
            throw new InputException("--exact compares one current selection per run; use --current-date instead of --current-range");
        }
        LocalDate runDate = s.get("run-date") != null ? Values.date("run-date", s.get("run-date"))
                : window.runDate() != null ? window.runDate() : LocalDate.now(ZoneOffset.UTC);
        return new JobConfig(reference, current, format, window.referenceFilter(), window.currentFilter(),
                Values.names("features", s.get("features")), Values.names("categorical", s.get("categorical")),
                Values.names("exclude", s.get("exclude")),
                Values.positiveInt("bins", s.get("bins"), FitSettings.DEFAULT_BINS),
                Values.positiveInt("resolution", s.get("resolution"), FitSettings.DEFAULT_RESOLUTION),
                edges,
                Values.number("smoothing", s.get("smoothing"), FeatureComparator.DEFAULT_SMOOTHING, 0.0, 1.0),
                Values.positiveInt("max-categories", s.get("max-categories"), FitSettings.DEFAULT_MAX_CATEGORIES),
                out, runDate, s.get("fail-on-drift") != null && Values.bool("fail-on-drift", s.get("fail-on-drift")),
                policy(s), referenceProfile, Values.string("results-table", s.get("results-table")), window.days(), dateColumn, exact);
    }

    /** True when each day of --current-range is compared on its own. */
    public boolean rangeMode() {
        return !days.isEmpty();
    }

    /** The date column the windows and the range grouping use. */
    static String dateColumn(Settings s) {
        String c = Values.string("date-column", s.get("date-column"));
        return c == null ? "date" : c;
    }

    static String required(Settings s, String key) {
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

    /** What the run's outputs show of these settings. */
    public RunSettings runSettings() {
        return new RunSettings(bins, resolution, smoothing, maxCategories, edges, policy, rangeMode());
    }

    /** The binning settings of this run for a number of numeric features. */
    public FitSettings fitSettings(int numericFeatures) {
        return new FitSettings(bins, resolution, maxCategories, edges, FitSettings.sampleCapacityFor(numericFeatures));
    }
}
