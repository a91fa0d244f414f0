package io.sparkdrift.compare;

import io.sparkdrift.math.FalseDiscovery;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run-level rules that judge every feature result again once all are known:
 * <ol>
 *   <li>learned thresholds replace the type's thresholds of the metrics they learned (a feature's own
 *       {@code --threshold FEATURE:...} thresholds still win: they replace everything for it);</li>
 *   <li>a feature compared on fewer than {@code minRows} rows (current data or reference) gets
 *       status {@link FeatureStatus#INSUFFICIENT_DATA}: metrics reported, no thresholds, no verdict;
 *       one with enough rows but fewer than {@code minRows} values on a side (finite numbers, or
 *       non-null categories) keeps only its thresholds that hold at any size (the null rate,
 *       p-values) and a warning;</li>
 *   <li>a distance threshold not above the feature's chance level at its sample sizes — the distance
 *       two samples of those sizes from the reference's own distribution reach with probability
 *       {@code chance} ({@code --chance-alpha}, {@link ChanceLevels}) — is raised to just above that
 *       level (only values above it drift), with a warning, so that small samples do not cry wolf;
 *       so is {@code new_category_share}'s, to the
 *       share of new categories the reference's sampling gaps give by chance ({@link NoveltyChance}),
 *       and {@code null_rate_delta}'s, to the change in the share of rows without a value that chance
 *       gives at the two row counts ({@link ChanceLevels#nullRate});</li>
 *   <li>with {@code --fdr q}, the run's p-values (KS for numeric, chi-square for categorical
 *       features, over every feature and day with a verdict) are adjusted together by
 *       Benjamini–Hochberg ({@link FalseDiscovery}); p-value thresholds then apply to the adjusted
 *       values, and a p-value metric without a threshold gets q.</li>
 * </ol>
 * Pure: results in, results out, in the same order.
 */
public final class Verdicts {
    /** Below this many rows a feature gets no verdict, unless {@code --min-rows} says otherwise. */
    public static final long DEFAULT_MIN_ROWS = 100;

    /** Learned thresholds aim at this chance of any false alarm in a night like the history's, unless {@code --learned-alpha}. */
    public static final double DEFAULT_ALPHA = 0.05;

    /** A distance threshold is never below the level chance reaches this often, unless {@code --chance-alpha}. */
    public static final double DEFAULT_CHANCE = 0.01;

    /** Pairs of samples simulated for a chance level. */
    public static final int CHANCE_DRAWS = ChanceLevels.DRAWS;

    /** The smallest chance alpha the simulated pairs can resolve (one pair in {@link #CHANCE_DRAWS}). */
    public static final double MIN_CHANCE = 1.0 / CHANCE_DRAWS;

    /**
     * What the run asked for (summary.json's settings show it).
     *
     * @param fdr the false-discovery level q ({@code --fdr}), or NaN when off
     * @param minRows fewer rows than this on either side: insufficient data ({@code --min-rows})
     * @param learn whether thresholds are learned from the reference's history ({@code --learn-thresholds})
     * @param alpha the chance of a false alarm on any learned threshold ({@code --learned-alpha})
     * @param chance the chance of a false alarm a distance threshold allows at the feature's sample
     *     sizes ({@code --chance-alpha}; 0: thresholds as given)
     */
    public record Settings(double fdr, long minRows, boolean learn, double alpha, double chance) implements java.io.Serializable {
        public static Settings defaults() {
            return new Settings(Double.NaN, DEFAULT_MIN_ROWS, false, DEFAULT_ALPHA, DEFAULT_CHANCE);
        }
    }

    /**
     * @param fdr the false-discovery level q, or NaN when off
     * @param minRows fewer rows than this on either side: insufficient data
     * @param learned feature → metric → its learned threshold (empty when not learning)
     * @param chance the chance level's alpha ({@link Settings#chance}; 0: off)
     */
    public record Rules(double fdr, long minRows, Map<String, Map<Metric, LearnedThreshold>> learned, double chance) {
        public static Rules defaults() {
            return new Rules(Double.NaN, DEFAULT_MIN_ROWS, Map.of(), DEFAULT_CHANCE);
        }
    }

    /**
     * Learned thresholds for every metric that has a fixed threshold for its feature and a history:
     * each at alpha / m, m the number learned (Bonferroni), floored at a share of the fixed one.
     *
     * @param history feature → metric → values per reference day (see {@link History})
     * @param types feature → its type (features absent here are not learned)
     */
    public static Map<String, Map<Metric, LearnedThreshold>> learn(Map<String, Map<Metric, double[]>> history,
            Map<String, io.sparkdrift.profile.FeatureType> types, DriftPolicy policy, double alpha) {
        return learn(List.of(history), types, policy, alpha).get(0);
    }

    /**
     * As {@link #learn(Map, Map, DriftPolicy, double)} for several comparisons at once (the overall one
     * and each segment's, each with its own history): m counts the thresholds learned in all of them,
     * so that alpha still bounds the chance of any false alarm in a night like the histories'.
     *
     * @return one map per history, in order
     */
    public static List<Map<String, Map<Metric, LearnedThreshold>>> learn(List<Map<String, Map<Metric, double[]>>> histories,
            Map<String, io.sparkdrift.profile.FeatureType> types, DriftPolicy policy, double alpha) {
        List<Map<String, Map<Metric, Double>>> wanted = new ArrayList<>();
        int m = 0;
        for (Map<String, Map<Metric, double[]>> history : histories) {
            Map<String, Map<Metric, Double>> w = new LinkedHashMap<>();
            for (Map.Entry<String, io.sparkdrift.profile.FeatureType> f : types.entrySet()) {
                Map<Metric, double[]> h = history.get(f.getKey());
                if (h == null || policy.perFeature().containsKey(f.getKey())) {
                    continue;
                }
                Map<Metric, Double> fixed = new EnumMap<>(Metric.class);
                policy.thresholds(f.getKey(), f.getValue()).forEach((metric, t) -> {
                    if (h.containsKey(metric) && !metric.smallerIsWorse()) {
                        fixed.put(metric, t);
                    }
                });
                w.put(f.getKey(), fixed);
                m += fixed.size();
            }
            wanted.add(w);
        }
        double each = alpha / Math.max(1, m);
        List<Map<String, Map<Metric, LearnedThreshold>>> out = new ArrayList<>();
        for (int i = 0; i < histories.size(); i++) {
            Map<String, Map<Metric, double[]>> history = histories.get(i);
            Map<String, Map<Metric, LearnedThreshold>> learned = new LinkedHashMap<>();
            wanted.get(i).forEach((feature, fixed) -> {
                Map<Metric, LearnedThreshold> l = new EnumMap<>(Metric.class);
                fixed.forEach((metric, t) -> {
                    LearnedThreshold lt = LearnedThreshold.learn(metric, history.get(feature).get(metric), t, each);
                    if (lt != null) {
                        l.put(metric, lt);
                    }
                });
                learned.put(feature, l);
            });
            out.add(learned);
        }
        return out;
    }

    private Verdicts() {
    }

    /** The results of every compared day, judged again under {@code rules} (same shape and order). */
    public static List<List<FeatureResult>> apply(FeatureComparator comparator, DriftPolicy policy,
            List<List<FeatureResult>> days, Rules rules) {
        return apply(comparator, policy, days, rules, java.util.Collections.nCopies(days.size(), rules.learned()));
    }

    /**
     * As {@link #apply(FeatureComparator, DriftPolicy, List, Rules)}, list i with the learned thresholds
     * {@code learned.get(i)} instead of {@code rules.learned()} (a segment's comparison with its own
     * history's; an empty map: the fixed thresholds); the other rules apply to all.
     */
    public static List<List<FeatureResult>> apply(FeatureComparator comparator, DriftPolicy policy,
            List<List<FeatureResult>> lists, Rules rules, List<Map<String, Map<Metric, LearnedThreshold>>> learned) {
        List<List<Judged>> judged = new ArrayList<>();
        for (int d = 0; d < lists.size(); d++) {
            Rules own = new Rules(rules.fdr(), rules.minRows(), learned.get(d), rules.chance());
            // side by side: a chance level simulates a thousand pairs of samples (milliseconds a feature); in order
            judged.add(lists.get(d).parallelStream().map(r -> firstRules(r, policy, own, comparator.smoothing())).toList());
        }
        if (!Double.isNaN(rules.fdr())) {
            adjust(judged, rules.fdr());
        }
        List<List<FeatureResult>> out = new ArrayList<>();
        for (List<Judged> day : judged) {
            out.add(day.stream().map(j -> j.original.status() != FeatureStatus.OK ? j.original
                    : comparator.rejudge(j.original, j.status, j.note, j.metrics, j.thresholds, j.details)).toList());
        }
        return out;
    }

    /** A result while the rules work on it. */
    private static final class Judged {
        final FeatureResult original;
        final Map<Metric, Double> metrics;
        final Map<Metric, Double> thresholds;
        final Map<String, Object> details;
        FeatureStatus status = FeatureStatus.OK;
        String note;

        Judged(FeatureResult r) {
            original = r;
            metrics = new EnumMap<>(Metric.class);
            metrics.putAll(r.metrics());
            thresholds = new EnumMap<>(Metric.class);
            thresholds.putAll(r.thresholds());
            details = new LinkedHashMap<>(r.details());
        }
    }

    private static Judged firstRules(FeatureResult r, DriftPolicy policy, Rules rules, double smoothing) {
        Judged j = new Judged(r);
        if (r.status() != FeatureStatus.OK) {
            return j;
        }
        Map<Metric, LearnedThreshold> learned = rules.learned().get(r.feature());
        if (learned != null && !learned.isEmpty() && !policy.perFeature().containsKey(r.feature())) {
            Map<String, Object> shown = new LinkedHashMap<>();
            learned.forEach((metric, t) -> {
                j.thresholds.put(metric, t.threshold());
                Double tonight = r.metrics().get(metric);
                shown.put(metric.key(), describe(t, tonight == null ? Double.NaN : tonight));
            });
            j.details.put("learned_thresholds", shown);
        }
        long rows = Math.min(r.reference().rows(), r.current().rows());
        if (rows < rules.minRows()) {
            j.status = FeatureStatus.INSUFFICIENT_DATA;
            j.note = (r.current().rows() < rules.minRows() ? "the current data has " + r.current().rows()
                    : "the reference has " + r.reference().rows()) + " rows, fewer than the " + rules.minRows()
                    + " a verdict needs (--min-rows); metrics are shown without thresholds";
            j.thresholds.clear();
        } else {
            tooFewValues(j, r, rules.minRows());
            if (rules.chance() > 0) {
                chanceFloor(j, r, rules.chance(), smoothing);
            }
        }
        return j;
    }

    /**
     * Whether a threshold on this metric holds at any number of values: those on the rows (the null
     * rate, a schema change) and p-values, whose tests account for the sample's size; distances do not.
     */
    private static boolean anySize(Metric m) {
        return m == Metric.NULL_RATE_DELTA || m == Metric.SCHEMA_CHANGE || m.smallerIsWorse();
    }

    /**
     * Enough rows but fewer than {@code minRows} values on a side (a mostly null column: 40 numbers
     * among 20,000 rows, whose distance between two draws of one distribution is about 0.26 standard
     * deviations): the thresholds on distances are dropped, and only those that hold at any size
     * ({@link #anySize}: the null rate, p-values) judge the feature.
     */
    private static void tooFewValues(Judged j, FeatureResult r, long minRows) {
        long ref = r.reference().comparable();
        long cur = r.current().comparable();
        if (Math.min(ref, cur) >= minRows || j.thresholds.keySet().stream().allMatch(Verdicts::anySize)) {
            return;
        }
        List<Metric> dropped = j.thresholds.keySet().stream().filter(m -> !anySize(m)).toList();
        j.thresholds.keySet().removeAll(dropped);
        FeatureResult.appendWarning(j.details, (cur < minRows ? "the current data has " + cur : "the reference has " + ref)
                + " values (of " + (cur < minRows ? r.current().rows() : r.reference().rows()) + " rows), fewer than the "
                + minRows + " a verdict on their distribution needs (--min-rows): "
                + String.join(", ", dropped.stream().map(Metric::key).toList())
                + " shown without a threshold; the null rate (and any p-value) is still judged");
    }

    /**
     * Raises every distance threshold not above the feature's chance level ({@link ChanceLevels}) to
     * just above that level, noting each in {@code details.chance_levels} (the level, the threshold
     * given, alpha) and in a warning. Just above: the level is the (1 − alpha) quantile of simulated
     * nights, which chance exceeds at most that often but may reach far more often where the metric
     * takes few values (a share of new categories that chance puts at 1 on most nights, an
     * identifier's), so only values above it drift (the raised threshold is the next double up).
     */
    private static void chanceFloor(Judged j, FeatureResult r, double alpha, double smoothing) {
        long n = r.reference().comparable();
        long m = r.current().comparable();
        if (n == 0 || m == 0 || j.thresholds.isEmpty()) {
            return;
        }
        Map<Metric, Double> levels = ChanceLevels.of(r.reference(), n, m, j.thresholds, smoothing, alpha);
        Double nullThreshold = j.thresholds.get(Metric.NULL_RATE_DELTA);
        double nullLevel = nullThreshold == null ? Double.NaN
                : ChanceLevels.nullRate(r.reference(), r.reference().rows(), r.current().rows(), nullThreshold, alpha);
        if (Double.isFinite(nullLevel)) {
            levels.put(Metric.NULL_RATE_DELTA, nullLevel);
        }
        Map<String, Object> raised = new LinkedHashMap<>();
        List<String> words = new ArrayList<>();
        levels.forEach((metric, level) -> {
            double given = j.thresholds.get(metric);
            if (level >= given) {
                j.thresholds.put(metric, Math.nextUp(level));
                Map<String, Object> shown = new LinkedHashMap<>(); // in this order in summary.json, run after run
                shown.put("level", level);
                shown.put("threshold", given);
                shown.put("alpha", alpha);
                raised.put(metric.key(), shown);
                words.add(metric.key() + " " + Words.num(level) + " (threshold " + Words.num(given) + ")");
            }
        });
        if (raised.isEmpty()) {
            return;
        }
        j.details.put("chance_levels", raised);
        String rows = raised.containsKey(Metric.NULL_RATE_DELTA.key()) // that level counts rows, the others values
                ? " (of " + r.reference().rows() + " and " + r.current().rows() + " rows)" : "";
        FeatureResult.appendWarning(j.details, "at " + n + " reference and " + m + " current values" + rows + ", two samples"
                + " of one distribution reach " + String.join(", ", words) + " with probability at least " + Words.num(alpha)
                + ": only values above those levels drift (--chance-alpha)");
    }

    /** What the outputs show of a learned threshold, and where tonight's value falls in its history. */
    private static Map<String, Object> describe(LearnedThreshold t, double tonight) {
        double[] h = java.util.Arrays.stream(t.history()).filter(Double::isFinite).map(Math::abs).sorted().toArray();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threshold", t.threshold());
        m.put("floor", t.floor());
        m.put("method", t.method());
        m.put("history_days", h.length);
        m.put("history_median", h.length == 0 ? Double.NaN : h[h.length / 2]);
        m.put("history_max", h.length == 0 ? Double.NaN : h[h.length - 1]);
        m.put("tonight_percentile", t.percentile(tonight));
        return m;
    }

    private static void adjust(List<List<Judged>> days, double q) {
        List<Judged> tests = new ArrayList<>();
        List<Metric> raw = new ArrayList<>();
        for (List<Judged> day : days) {
            for (Judged j : day) {
                if (j.original.status() != FeatureStatus.OK || j.status != FeatureStatus.OK) {
                    continue;
                }
                Metric p = j.metrics.containsKey(Metric.KS_PVALUE) ? Metric.KS_PVALUE
                        : j.metrics.containsKey(Metric.CHI2_PVALUE) ? Metric.CHI2_PVALUE : null;
                if (p != null) {
                    tests.add(j);
                    raw.add(p);
                }
            }
        }
        double[] p = new double[tests.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = tests.get(i).metrics.get(raw.get(i));
        }
        double[] adjusted = FalseDiscovery.adjusted(p);
        for (int i = 0; i < p.length; i++) {
            Judged j = tests.get(i);
            Metric rawMetric = raw.get(i);
            Metric adj = rawMetric == Metric.KS_PVALUE ? Metric.KS_PVALUE_ADJUSTED : Metric.CHI2_PVALUE_ADJUSTED;
            j.metrics.put(adj, adjusted[i]);
            Double given = j.thresholds.remove(rawMetric);
            j.thresholds.put(adj, given != null ? given : q);
            Map<String, Object> fdr = new LinkedHashMap<>(); // a fixed order in summary.json (Map.of's varies by JVM)
            fdr.put("level", q);
            fdr.put("tests", p.length);
            j.details.put("fdr", fdr);
        }
    }
}
