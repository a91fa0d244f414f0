package io.sparkdrift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkdrift.compare.FeatureResult;
import io.sparkdrift.compare.Metric;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.run.InputException;
import io.sparkdrift.testing.ResultBits;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code API against the command line on the bundled sample: the same settings give the same
 * results to the last bit, whether the inputs are named by path or handed over as DataFrames, and
 * writeTo produces what the command line publishes.
 */
class DriftCheckTest {
    private static final String SAMPLE = "sample-data/events";
    private static final String REF_FILTER = "date BETWEEN '2026-11-01' AND '2026-11-07'";
    private static final String CUR_FILTER = "date = '2026-11-08'";

    @TempDir
    Path tmp;

    /** The sample config's settings (conf/sample.yaml) as code options. */
    private static Map<String, Object> sampleOptions() {
        return Map.of("run-date", "2026-11-08", "bins", 20, "smoothing", 1.0e-4, "max-categories", 200,
                "thresholds", Map.of("numeric", Map.of("wasserstein_normed", 0.1, "null_rate_delta", 0.1),
                        "categorical", Map.of("js_distance", 0.1, "null_rate_delta", 0.1)),
                "dataset-drift-share", 0.5);
    }

    @Test
    void theApiOnDataFramesAndTheCommandLineGiveTheSameResultsToTheLastBit() throws Exception {
        RunResult cli = RunResult.run(tmp.resolve("cli"), "--config", "conf/sample.yaml");
        assertEquals(ExitCode.OK, cli.exit(), cli.stderr());

        SparkSession spark = SparkTestSession.get();
        Dataset<Row> events = spark.read().parquet(SAMPLE);
        DriftResult api = DriftCheck.on(spark)
                .reference(events.where(REF_FILTER))
                .current(events.where(CUR_FILTER))
                .options(sampleOptions())
                .run();
        Map<String, Long> fromCli = ResultBits.of(spark.read().parquet(cli.out().resolve("results").toString()));
        Map<String, Long> fromApi = ResultBits.of(api.toDataFrame());
        assertEquals(fromCli.size(), fromApi.size());
        assertEquals(fromCli, fromApi, "every metric of every feature, bit for bit");
        assertEquals(cli.drifted(), new java.util.TreeSet<>(api.features().stream().filter(FeatureResult::drifted)
                .map(FeatureResult::feature).toList()));
        assertEquals(ExitCode.OK, api.exitCode());
        assertEquals("dataframe", api.summary().reference().format());
        assertEquals(10_500, api.summary().reference().rows());
    }

    @Test
    void writeToPublishesWhatTheCommandLineDoes() throws Exception {
        RunResult cli = RunResult.run(tmp.resolve("cli"), "--config", "conf/sample.yaml");
        SparkSession spark = SparkTestSession.get();
        DriftResult api = DriftCheck.on(spark)
                .option("reference", SAMPLE).option("current", SAMPLE)
                .option("reference-filter", REF_FILTER).option("current-filter", CUR_FILTER)
                .options(sampleOptions())
                .run();
        assertTrue(Files.notExists(tmp.resolve("api")), "run() writes nothing");
        Path out = tmp.resolve("api");
        api.writeTo(out.toString());
        List<String> names = List.of("results", "profiles", "contributions", "summary.json", "report.html");
        for (String n : names) {
            assertTrue(Files.exists(out.resolve(n)), n);
        }
        JsonNode a = withoutRunIdentity(new ObjectMapper().readTree(out.resolve("summary.json").toFile()));
        JsonNode c = withoutRunIdentity(cli.summary());
        assertEquals(c, a, "summary.json equal but for the run id and time");
        assertEquals(api.summaryJson(), Files.readString(out.resolve("summary.json")));
        assertEquals(withoutNonce(api.htmlReport()), withoutNonce(Files.readString(out.resolve("report.html"))),
                "the same report but for its script nonce (new at every rendering)");
        assertTrue(api.consoleTable().contains("DRIFT"));
    }

    @Test
    void aReferenceProfileBuiltSavedLoadedAndMergedInCodeIsTheStoredReference() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> events = spark.read().parquet(SAMPLE);
        ReferenceProfile first = ReferenceProfile.of(spark, events.where("date <= '2026-11-04'"), Map.of("run-date", "2026-11-04"));
        Path firstDir = tmp.resolve("p1");
        first.save(spark, firstDir.toString());
        ReferenceProfile second = ReferenceProfile.of(spark, events.where("date BETWEEN '2026-11-05' AND '2026-11-07'"),
                Map.of("edges-from", firstDir.toString(), "run-date", "2026-11-07"));
        ReferenceProfile merged = ReferenceProfile.load(spark, firstDir.toString()).merge(second);
        assertEquals(10_500, merged.rows());
        assertEquals(java.time.LocalDate.parse("2026-11-07"), merged.runDate());
        Path mergedDir = tmp.resolve("merged");
        merged.save(spark, mergedDir.toString());

        DriftResult inMemory = DriftCheck.on(spark).reference(merged).current(events.where(CUR_FILTER))
                .options(sampleOptions()).run();
        RunResult cli = RunResult.run(tmp.resolve("cli"), "--reference-profile", mergedDir.toString(), "--current", SAMPLE,
                "--current-filter", CUR_FILTER, "--run-date", "2026-11-08", "--threshold", "numeric:wasserstein_normed=0.1");
        assertEquals(ExitCode.OK, cli.exit(), cli.stderr());
        assertEquals(ResultBits.of(spark.read().parquet(cli.out().resolve("results").toString())), ResultBits.of(inMemory.toDataFrame()));
        FeatureResult income = inMemory.feature("income");
        assertNotNull(income);
        assertTrue(income.drifted());
        assertTrue(income.metrics().get(Metric.WASSERSTEIN_NORMED) > 0.1);
    }

    @Test
    void badOptionsAreTheCommandLinesOneLineErrors() {
        SparkSession spark = SparkTestSession.get();
        InputException e = assertThrows(InputException.class, () -> DriftCheck.on(spark).option("bisn", 20));
        assertTrue(e.getMessage().contains("did you mean --bins"), e.getMessage());
        e = assertThrows(InputException.class, () -> DriftCheck.on(spark).option("notify-webhook", "https://x.example"));
        assertTrue(e.getMessage().contains("setting of the command line"), e.getMessage());
        e = assertThrows(InputException.class, () -> DriftCheck.on(spark).option("input", "x"));
        assertTrue(e.getMessage().contains("mode run does not take --input"), e.getMessage());
        Dataset<Row> events = spark.read().parquet(SAMPLE);
        e = assertThrows(InputException.class, () -> DriftCheck.on(spark).reference(events).current(events)
                .option("bins", "zero").run());
        assertEquals("invalid bins 'zero': expected a whole number >= 1", e.getMessage());
        e = assertThrows(InputException.class, () -> DriftCheck.on(spark).current(events).run());
        assertTrue(e.getMessage().startsWith("missing --reference"), e.getMessage());
        e = assertThrows(InputException.class, () -> DriftCheck.on(spark).reference(events).current(events)
                .option("current", SAMPLE).run());
        assertTrue(e.getMessage().contains("given by code"), e.getMessage());
    }

    private static String withoutNonce(String html) {
        return html.replaceAll("nonce[-=]\"?[A-Za-z0-9+/=]+", "nonce");
    }

    private static JsonNode withoutRunIdentity(JsonNode summary) {
        com.fasterxml.jackson.databind.node.ObjectNode o = summary.deepCopy();
        o.remove("run_id");
        o.remove("created_at");
        return o;
    }
}
