package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdrift.compare.Metric;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.run.RunSummary;
import io.sparkdrift.store.ResultTables;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled sample through the real entry point: the injected drift is found, stable features are not. */
class SampleRunTest {
    static final Set<String> INJECTED = Set.of("basket_value", "device", "income", "session_minutes");
    @TempDir
    Path tmp;

    @Test
    void sampleRunFindsExactlyTheInjectedDrift() throws Exception {
        RunResult r = RunResult.run(tmp.resolve("out"), "--config", "conf/sample.yaml");
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        assertEquals(INJECTED, r.drifted());
        JsonNode s = r.summary();
        assertEquals(RunSummary.SCHEMA_VERSION, s.get("schema_version").asInt());
        assertEquals(10, s.get("features_total").asInt());
        assertEquals(0, s.get("features_error").asInt());
        assertEquals(false, s.get("dataset_drift").asBoolean(), "4 of 10 is below the 0.5 share");
        assertEquals(10_500, s.get("reference").get("rows").asLong());
        assertEquals(1_500, s.get("current").get("rows").asLong());
        assertTrue(s.get("skipped_columns").has("date"), "the partition column is not a feature");

        JsonNode device = r.features().get("device");
        assertEquals("categorical", device.get("type").asText());
        assertTrue(device.get("details").get("new_categories").has("smart_tv"));
        assertTrue(RunResult.metric(device, "new_category_share") > 0.03);
        JsonNode latency = r.features().get("latency_ms");
        assertTrue(latency.get("reference").get("infinite").asLong() > 0, "+inf timeouts are counted apart");
        JsonNode rating = r.features().get("rating");
        assertTrue(rating.get("reference").get("nan").asLong() > 0 && rating.get("reference").get("nulls").asLong() > 0);
        for (JsonNode f : s.get("features")) {
            assertEquals("ok", f.get("status").asText(), f.toString());
            if (f.get("type").asText().equals("numeric")) {
                double w = RunResult.metric(f, "wasserstein");
                double bound = RunResult.metric(f, "wasserstein_bound");
                assertTrue(w >= 0 && bound >= 0 && Double.isFinite(bound), f.get("feature").asText());
            }
        }
        assertTrue(r.stdout().contains("DRIFT"), r.stdout());
        int firstOk = r.stdout().indexOf("  ok  ");
        for (String f : INJECTED) {
            assertTrue(r.stdout().indexOf(f) < firstOk, "drifted features are listed first: " + r.stdout());
        }

        SparkSession spark = SparkTestSession.get();
        Dataset<Row> results = spark.read().parquet(r.out().resolve("results").toString());
        assertEquals(ResultTables.RESULTS.fieldNames().length, results.columns().length);
        assertEquals(Set.of("2026-11-08"), Set.copyOf(results.select("run_date").distinct().as(
                org.apache.spark.sql.Encoders.STRING()).collectAsList()));
        long driftedFeatures = results.where("feature_drifted").select("feature").distinct().count();
        assertEquals(INJECTED.size(), driftedFeatures);
        Row w = results.where("feature = 'income' AND metric = 'wasserstein_normed'").first();
        assertEquals(Metric.WASSERSTEIN_NORMED.unit(), w.getAs("unit"));
        assertEquals(0.1, (Double) w.getAs("threshold"));
        assertEquals(true, w.getAs("drifted"));
        Dataset<Row> profiles = spark.read().parquet(r.out().resolve("profiles").toString());
        assertEquals(20, profiles.where("role IN ('reference', 'current')").count(),
                "reference and current profile of each of the 10 features");
        assertEquals(List.of("date"), profiles.where("role = 'column'").select("feature").as(
                org.apache.spark.sql.Encoders.STRING()).collectAsList(), "and the partition column, which has none");
    }

    @Test
    void failOnDriftExitsOneWhenTheDatasetDrifts() throws Exception {
        RunResult r = RunResult.run(tmp.resolve("out"), "--config", "conf/sample.yaml", "--fail-on-drift",
                "--dataset-drift-share", "0.3");
        assertEquals(ExitCode.DRIFT, r.exit(), r.stderr());
        assertTrue(r.summary().get("dataset_drift").asBoolean());
        RunResult calm = RunResult.run(tmp.resolve("out2"), "--config", "conf/sample.yaml", "--fail-on-drift");
        assertEquals(ExitCode.OK, calm.exit(), "4 of 10 features stay under the default 0.5 share");
    }
}
