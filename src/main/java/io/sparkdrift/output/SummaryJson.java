package io.sparkdrift.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkdrift.compare.BinContribution;
import io.sparkdrift.compare.Explanation;
import io.sparkdrift.compare.FeatureResult;
import io.sparkdrift.compare.Metric;
import io.sparkdrift.compare.QuantileShift;
import io.sparkdrift.profile.CategoricalProfile;
import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.run.RunSettings;
import io.sparkdrift.run.RunSummary;
import io.sparkdrift.run.SchemaChange;
import io.sparkdrift.run.SegmentResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Renders summary.json (schema in the README, version {@link RunSummary#SCHEMA_VERSION}). */
public final class SummaryJson {
    /** Moved bins listed per feature (largest JS terms first); all of them are in the contributions table. */
    static final int MOVED_LISTED = 50;
    /** Entries listed per details list or map (new and missing categories). */
    static final int LISTED = 100;
    /** Bins or categories listed per histogram; beyond, neighbouring bins are merged or the smallest categories pooled. */
    static final int HISTOGRAM_LISTED = 1000;

    private SummaryJson() {
    }

    public static byte[] render(RunSummary s) {
        ObjectNode root = Json.F.objectNode();
        root.put("schema_version", RunSummary.SCHEMA_VERSION);
        root.put("run_id", s.runId());
        root.put("run_date", s.runDate().toString());
        root.put("created_at", s.createdAt().toString());
        root.put("dataset_drift", s.datasetDrift());
        root.put("features_total", s.features().size());
        root.put("features_drifted", s.driftedCount());
        Json.put(root, "drifted_share", s.driftedShare());
        root.put("features_error", s.errorCount());
        root.set("reference", input(s.reference()));
        root.set("current", input(s.current()));
        root.set("settings", settings(s.settings()));
        ObjectNode units = root.putObject("metric_units");
        for (Metric m : Metric.values()) {
            units.put(m.key(), m.unit());
        }
        ObjectNode skipped = root.putObject("skipped_columns");
        s.skipped().forEach(skipped::put);
        root.put("on_schema_change", s.schema().rule().key());
        ArrayNode changes = root.putArray("schema_changes");
        for (SchemaChange c : s.schema().changes()) {
            ObjectNode o = changes.addObject();
            o.put("column", c.column());
            o.put("change", c.kind().key());
            o.put("reference_type", c.referenceType());
            o.put("current_type", c.currentType());
            o.put("compared", c.comparable() && c.kind() != SchemaChange.Kind.ADDED);
            o.put("description", c.describe());
        }
        ArrayNode features = root.putArray("features");
        for (FeatureResult r : s.features()) {
            features.add(feature(r));
        }
        ArrayNode segments = root.putArray("segments");
        for (SegmentResult seg : s.segments()) {
            ObjectNode o = segments.addObject();
            o.put("segment", seg.segment());
            o.put("reference_rows", seg.referenceRows());
            o.put("current_rows", seg.currentRows());
            o.put("features_drifted", seg.driftedCount());
            ArrayNode f = o.putArray("features");
            for (FeatureResult r : seg.features()) {
                ObjectNode x = f.addObject();
                x.put("feature", r.feature());
                x.put("status", r.status().key());
                x.put("error", r.error());
                x.put("drifted", r.drifted());
                ArrayNode trig = x.putArray("triggered");
                r.triggered().forEach(m -> trig.add(m.key()));
                x.set("metrics", metricMap(r.metrics()));
                x.set("thresholds", metricMap(r.thresholds()));
                if (r.details().get("learned_thresholds") != null) { // the segment's own, from its history
                    x.putObject("details").set("learned_thresholds", new ObjectMapper().valueToTree(r.details().get("learned_thresholds")));
                }
                if (r.explanation() != null) {
                    x.put("explanation", r.explanation().text());
                }
            }
        }
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render summary.json", e);
        }
    }

    private static ObjectNode input(RunSummary.InputInfo in) {
        ObjectNode o = Json.F.objectNode();
        o.put("path", in.path());
        o.put("format", in.format());
        o.put("filter", in.filter());
        o.put("rows", in.rows());
        if (in.windowDays() > 0) { // since version 4, optional: a date window checked against the file listing
            o.put("window_days", in.windowDays());
            ArrayNode missing = o.putArray("missing_days");
            in.missingDays().forEach(d -> missing.add(d.toString()));
        }
        return o;
    }

    private static ObjectNode settings(RunSettings c) {
        ObjectNode o = Json.F.objectNode();
        o.put("bins", c.bins());
        o.put("resolution", c.resolution());
        Json.put(o, "smoothing", c.smoothing());
        o.put("max_categories", c.maxCategories());
        ObjectNode edges = o.putObject("edges");
        ObjectNode edgesLeftOut = Json.F.objectNode();
        c.edges().forEach((f, e) -> { // the first HISTOGRAM_LISTED; all of them are in the stored profile's edges
            edges.set(f, Json.array(java.util.Arrays.copyOf(e, Math.min(e.length, HISTOGRAM_LISTED))));
            if (e.length > HISTOGRAM_LISTED) {
                edgesLeftOut.put(f, e.length - HISTOGRAM_LISTED);
            }
        });
        if (!edgesLeftOut.isEmpty()) {
            o.set("edges_left_out", edgesLeftOut);
        }
        ObjectNode t = o.putObject("thresholds");
        t.set("numeric", metricMap(c.policy().numeric()));
        t.set("categorical", metricMap(c.policy().categorical()));
        ObjectNode pf = t.putObject("features");
        c.policy().perFeature().forEach((f, m) -> pf.set(f, metricMap(m)));
        Json.put(o, "dataset_drift_share", c.policy().datasetShare());
        Json.put(o, "fdr", c.verdicts().fdr());
        o.put("min_rows", c.verdicts().minRows());
        o.put("learn_thresholds", c.verdicts().learn());
        Json.put(o, "learned_alpha", c.verdicts().alpha());
        Json.put(o, "chance_alpha", c.verdicts().chance());
        return o;
    }

    private static ObjectNode metricMap(Map<Metric, Double> m) {
        ObjectNode o = Json.F.objectNode();
        m.forEach((k, v) -> Json.put(o, k.key(), v));
        return o;
    }

    private static ObjectNode feature(FeatureResult r) {
        ObjectNode o = Json.F.objectNode();
        o.put("feature", r.feature());
        o.put("type", r.type().label());
        if (r.details().get("unit") != null) {
            o.put("unit", String.valueOf(r.details().get("unit")));
        }
        o.put("status", r.status().key());
        o.put("error", r.error());
        o.put("drifted", r.drifted());
        ArrayNode trig = o.putArray("triggered");
        r.triggered().forEach(m -> trig.add(m.key()));
        Json.put(o, "severity", r.severity());
        o.set("metrics", metricMap(r.metrics()));
        o.set("thresholds", metricMap(r.thresholds()));
        o.set("reference", profile(r.reference()));
        o.set("current", profile(r.current()));
        ArrayNode warnings = o.putArray("warnings");
        r.warnings().forEach(warnings::add);
        ObjectNode details = o.putObject("details");
        r.details().forEach((k, v) -> {
            if (!k.equals("warnings") && !k.equals("unit")) {
                details.set(k, new ObjectMapper().valueToTree(bounded(k, v, details)));
            }
        });
        if (r.reference() != null && r.current() != null) {
            o.set("histogram", histogram(r.reference(), r.current()));
        }
        if (r.explanation() != null) {
            o.set("explanation", explanation(r.explanation()));
        }
        return o;
    }

    /**
     * A list or map of the details with at most {@link #LISTED} entries (the first ones: lists and
     * maps here are ordered most important first); how many were left out goes to KEY_left_out.
     */
    private static Object bounded(String key, Object v, ObjectNode details) {
        if (v instanceof List<?> l && l.size() > LISTED) {
            details.put(key + "_left_out", l.size() - LISTED);
            return l.subList(0, LISTED);
        }
        if (v instanceof Map<?, ?> m && m.size() > LISTED) {
            details.put(key + "_left_out", m.size() - LISTED);
            Map<Object, Object> first = new java.util.LinkedHashMap<>();
            m.entrySet().stream().limit(LISTED).forEach(e -> first.put(e.getKey(), e.getValue()));
            return first;
        }
        return v;
    }

    /** What moved: the sentence, the bins covering most of the JS divergence with their terms, quantiles. */
    static ObjectNode explanation(Explanation e) {
        ObjectNode o = Json.F.objectNode();
        o.put("text", e.text());
        Json.put(o, "js_covered", e.jsCovered());
        Json.put(o, "best_accuracy", e.bestAccuracy());
        o.put("moved_count", e.moved().size());
        ArrayNode moved = o.putArray("moved");
        for (BinContribution b : e.moved().subList(0, Math.min(MOVED_LISTED, e.moved().size()))) {
            moved.add(bin(b));
        }
        ObjectNode q = o.putObject("quantiles");
        for (QuantileShift s : e.quantiles()) {
            ObjectNode x = q.putObject(s.name());
            Json.put(x, "reference", s.reference().value());
            Json.put(x, "reference_bound", s.reference().halfWidth());
            Json.put(x, "current", s.current().value());
            Json.put(x, "current_bound", s.current().halfWidth());
            Json.put(x, "shift", s.shift());
        }
        return o;
    }

    static ObjectNode bin(BinContribution b) {
        ObjectNode x = Json.F.objectNode();
        x.put("bin", b.bin());
        x.put("label", b.label());
        if (!Double.isNaN(b.lower())) {
            Json.put(x, "lower", b.lower());
            Json.put(x, "upper", b.upper());
        }
        Json.put(x, "reference_share", b.referenceShare());
        Json.put(x, "current_share", b.currentShare());
        Json.put(x, "kl_term", b.klTerm());
        Json.put(x, "js_term", b.jsTerm());
        Json.put(x, "psi_term", b.psiTerm());
        Json.put(x, "discriminator", b.discriminator());
        return x;
    }

    private static ObjectNode profile(FeatureProfile p) {
        ObjectNode o = Json.F.objectNode();
        if (p == null) {
            return o;
        }
        o.put("rows", p.rows());
        o.put("nulls", p.nulls());
        o.put("nan", p.nan());
        o.put("infinite", p.infinite());
        if (p instanceof NumericProfile n) {
            o.put("positive_infinite", n.posInf());
            o.put("negative_infinite", n.negInf());
            Json.put(o, "min", n.sample().min());
            Json.put(o, "max", n.sample().max());
            Json.put(o, "mean", n.sample().mean());
            Json.put(o, "std", n.std());
        } else if (p instanceof CategoricalProfile c) {
            o.put("categories_kept", c.binning().vocabulary().size());
            o.put("other", c.other());
        }
        return o;
    }

    /** Counts of k neighbouring bins summed (the last group may be smaller). */
    private static long[] merge(long[] counts, int k) {
        long[] out = new long[(counts.length + k - 1) / k];
        for (int i = 0; i < counts.length; i++) {
            out[i / k] += counts[i];
        }
        return out;
    }

    /** The coarse histogram both sides are compared on: numeric edges, or category labels. */
    private static ObjectNode histogram(FeatureProfile ref, FeatureProfile cur) {
        ObjectNode o = Json.F.objectNode();
        if (ref instanceof NumericProfile r && cur instanceof NumericProfile c) {
            double[] edges = r.binning().coarseEdges();
            long[] p = r.coarseCounts();
            long[] q = c.coarseCounts();
            int k = (p.length + HISTOGRAM_LISTED - 1) / HISTOGRAM_LISTED; // 1 unless there are very many bins
            if (k > 1) { // every k-th edge: bins of k neighbours, counts summed
                o.put("merged_bins", k);
                double[] all = edges;
                edges = java.util.stream.IntStream.range(0, all.length).filter(i -> (i + 1) % k == 0).mapToDouble(i -> all[i]).toArray();
                p = merge(p, k);
                q = merge(q, k);
            }
            o.set("edges", Json.array(edges));
            o.set("reference", Json.array(p));
            o.set("current", Json.array(q));
        } else if (ref instanceof CategoricalProfile r && cur instanceof CategoricalProfile c) {
            List<String> vocab = r.binning().vocabulary();
            long[] p = r.counts();
            long[] q = c.counts();
            List<Integer> kept = java.util.stream.IntStream.range(0, vocab.size()).boxed()
                    .sorted(java.util.Comparator.comparingLong((Integer i) -> -Math.max(p[i], q[i])).thenComparing(i -> i))
                    .limit(HISTOGRAM_LISTED).sorted().toList();
            ArrayNode labels = o.putArray("categories");
            ArrayNode pa = Json.F.arrayNode();
            ArrayNode qa = Json.F.arrayNode();
            kept.forEach(i -> {
                labels.add(vocab.get(i));
                pa.add(p[i]);
                qa.add(q[i]);
            });
            if (kept.size() < vocab.size()) { // the smaller categories pooled, said so
                java.util.Set<Integer> shown = new java.util.HashSet<>(kept);
                long restP = 0;
                long restQ = 0;
                for (int i = 0; i < vocab.size(); i++) {
                    if (!shown.contains(i)) {
                        restP += p[i];
                        restQ += q[i];
                    }
                }
                labels.add("(" + (vocab.size() - kept.size()) + " smaller categories)");
                pa.add(restP);
                qa.add(restQ);
                o.put("categories_pooled", vocab.size() - kept.size());
            }
            pa.add(p[p.length - 1]);
            qa.add(q[q.length - 1]);
            o.set("reference", pa);
            o.set("current", qa);
            o.put("other_bin", "last");
        }
        return o;
    }
}
