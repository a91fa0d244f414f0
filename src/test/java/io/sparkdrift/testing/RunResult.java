package io.sparkdrift.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkdrift.cli.Main;
import io.sparkdrift.run.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One run of the real entry point ({@link Main#run}) with its exit code, console and summary. */
public record RunResult(ExitCode exit, String stdout, String stderr, Path out) {

    /** Runs Main with {@code args} plus {@code --out out} (query mode, which writes nothing, gets no --out). */
    public static RunResult run(Path out, String... args) {
        SparkTestSession.get();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        boolean query = args.length > 0 && args[0].equals("query");
        String[] all = java.util.Arrays.copyOf(args, args.length + (query ? 0 : 2));
        if (!query) {
            all[args.length] = "--out";
            all[args.length + 1] = out.toString();
        }
        ExitCode code = Main.run(all, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new RunResult(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8), out);
    }

    /**
     * feature|metric → the value's bits over the run's results table ({@link ResultBits}), after
     * checking that the run ended well; with {@code byDay}, keyed run date|feature|metric (range mode
     * writes a result set per day).
     */
    public Map<String, Long> resultBits(boolean byDay) {
        org.junit.jupiter.api.Assertions.assertEquals(ExitCode.OK, exit, stderr);
        var results = SparkTestSession.get().read().parquet(out.resolve("results").toString());
        return byDay ? ResultBits.byRunDate(results) : ResultBits.of(results);
    }

    /** {@link #resultBits(boolean)} of a run with one result set. */
    public Map<String, Long> resultBits() {
        return resultBits(false);
    }

    public JsonNode summary() throws IOException {
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    }

    /** Feature name → its object in summary.json. */
    public Map<String, JsonNode> features() throws IOException {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode f : summary().get("features")) {
            m.put(f.get("feature").asText(), f);
        }
        return m;
    }

    public Set<String> drifted() throws IOException {
        Set<String> s = new TreeSet<>();
        for (JsonNode f : summary().get("features")) {
            if (f.get("drifted").asBoolean()) {
                s.add(f.get("feature").asText());
            }
        }
        return s;
    }

    /** The segment labelled {@code label} in summary.json's {@code segments}. */
    public JsonNode segment(String label) throws IOException {
        for (JsonNode s : summary().get("segments")) {
            if (s.get("segment").asText().equals(label)) {
                return s;
            }
        }
        throw new AssertionError("no segment " + label + " in " + summary().get("segments"));
    }

    /** feature|metric → value, every finite metric of every feature of a summary or a segment. */
    public static Map<String, Double> finiteMetrics(JsonNode node) {
        Map<String, Double> out = new java.util.TreeMap<>();
        for (JsonNode f : node.get("features")) {
            f.get("metrics").fieldNames().forEachRemaining(m -> {
                double v = metric(f, m);
                if (Double.isFinite(v)) {
                    out.put(f.get("feature").asText() + "|" + m, v);
                }
            });
        }
        return out;
    }

    /** A metric as a double, reading "Infinity"/"NaN" strings. */
    public static double metric(JsonNode feature, String name) {
        JsonNode v = feature.get("metrics").get(name);
        return v.isTextual() ? Double.parseDouble(v.asText()) : v.asDouble();
    }

    /** feature|metric|field → value, every number of every learned threshold of a summary or a segment (details.learned_thresholds). */
    public static Map<String, Double> learnedThresholds(JsonNode node) {
        Map<String, Double> out = new java.util.TreeMap<>();
        for (JsonNode f : node.get("features")) {
            JsonNode l = f.has("details") ? f.get("details").get("learned_thresholds") : null;
            if (l == null) {
                continue;
            }
            l.fields().forEachRemaining(m -> m.getValue().fields().forEachRemaining(x -> {
                if (x.getValue().isNumber()) {
                    out.put(f.get("feature").asText() + "|" + m.getKey() + "|" + x.getKey(), x.getValue().asDouble());
                }
            }));
        }
        return out;
    }

    /** Asserts that both maps hold the same keys and each value equal to relative 1e-9 (or both the same non-finite). */
    public static void assertSameValues(Map<String, Double> expected, Map<String, Double> actual) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> {
            double w = actual.get(k);
            org.junit.jupiter.api.Assertions.assertTrue(Double.compare(v, w) == 0 || Math.abs(v - w) <= 1e-9 * Math.max(1, Math.abs(v)),
                    k + ": " + v + " vs " + w);
        });
    }

    /**
     * Asserts that every metric of every feature of {@code expected}'s summary equals {@code actual}'s
     * to relative 1e-9 (runs against profiles whose within-bin sums added up in other orders).
     */
    public static void assertSameMetrics(RunResult expected, RunResult actual) throws IOException {
        Map<String, JsonNode> other = actual.features();
        for (Map.Entry<String, JsonNode> f : expected.features().entrySet()) {
            JsonNode metrics = other.get(f.getKey()).get("metrics");
            f.getValue().get("metrics").fields().forEachRemaining(m -> org.junit.jupiter.api.Assertions.assertEquals(
                    m.getValue().asDouble(), metrics.get(m.getKey()).asDouble(),
                    1e-9 * Math.max(1, Math.abs(m.getValue().asDouble())), f.getKey() + "." + m.getKey()));
        }
    }
}
