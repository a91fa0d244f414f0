package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sparkdrift.compare.DriftPolicy;
import io.sparkdrift.compare.FeatureComparator;
import io.sparkdrift.output.PrometheusText;
import io.sparkdrift.profile.FeatureType;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.run.RunSettings;
import io.sparkdrift.run.RunSummary;
import io.sparkdrift.testing.PrometheusFormat;
import io.sparkdrift.testing.RunResult;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a run ends it tells the team: a webhook (JSON or Slack-compatible) and the Prometheus text
 * format (file and Pushgateway), checked against a local HTTP server on the loopback; a notice that
 * cannot be delivered changes neither the outputs nor the exit code.
 */
class RunNoticesTest {
    @TempDir
    Path tmp;
    private HttpServer server;
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    private record Request(String method, String path, String contentType, String body) {
    }

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void theWebhookReceivesTheVerdictWithTheDocumentedFields() throws Exception {
        RunResult r = RunResult.run(tmp.resolve("out"), "--config", "conf/sample.yaml", "--notify-webhook", url("/hook"));
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        assertEquals(1, received.size());
        Request req = received.get(0);
        assertEquals("POST", req.method());
        assertEquals("/hook", req.path());
        assertEquals("application/json", req.contentType());
        JsonNode p = new ObjectMapper().readTree(req.body());
        JsonNode s = r.summary();
        assertEquals(1, p.get("payload_version").asInt());
        assertEquals("drift", p.get("event").asText());
        assertEquals(0, p.get("exit_code").asInt());
        assertTrue(p.get("error").isNull());
        assertEquals(s.get("run_id").asText(), p.get("run_id").asText());
        assertEquals("2026-11-08", p.get("run_date").asText());
        assertEquals(false, p.get("dataset_drift").asBoolean());
        assertEquals(10, p.get("features_total").asInt());
        assertEquals(4, p.get("features_drifted").asInt());
        assertEquals(0, p.get("features_error").asInt());
        assertEquals(r.out() + "/report.html", p.get("report").asText());
        assertEquals(r.out() + "/summary.json", p.get("summary").asText());
        assertEquals(4, p.get("drifted").size());
        for (JsonNode d : p.get("drifted")) {
            JsonNode f = r.features().get(d.get("feature").asText());
            assertEquals(f.get("explanation").get("text").asText(), d.get("what_moved").asText());
            assertEquals(f.get("triggered"), d.get("triggered"));
        }
    }

    @Test
    void theSlackPayloadIsOneTextWithALinePerDriftedFeature() throws Exception {
        RunResult r = RunResult.run(tmp.resolve("out"), "--config", "conf/sample.yaml", "--notify-webhook", url("/slack"),
                "--notify-format", "slack");
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        JsonNode p = new ObjectMapper().readTree(received.get(0).body());
        assertEquals(1, p.size(), "only the text field");
        String text = p.get("text").asText();
        assertTrue(text.startsWith("spark-drift 2026-11-08: 4 of 10 features drifted, dataset drift: no"), text);
        assertTrue(text.contains("\n• device: "), text);
        assertTrue(text.contains("\nreport: " + r.out() + "/report.html"), text);
    }

    @Test
    void anUnreachableOrFailingWebhookChangesNeitherTheOutputsNorTheExitCode() throws Exception {
        RunResult quiet = RunResult.run(tmp.resolve("quiet"), "--config", "conf/sample.yaml", "--fail-on-drift",
                "--dataset-drift-share", "0.3");
        String deadUrl = url("/gone");
        server.stop(0); // nothing listens there any more
        RunResult dead = RunResult.run(tmp.resolve("dead"), "--config", "conf/sample.yaml", "--fail-on-drift",
                "--dataset-drift-share", "0.3", "--notify-webhook", deadUrl);
        startServer();
        status = 500;
        RunResult failing = RunResult.run(tmp.resolve("failing"), "--config", "conf/sample.yaml", "--fail-on-drift",
                "--dataset-drift-share", "0.3", "--notify-webhook", url("/err"));
        for (RunResult r : List.of(dead, failing)) {
            assertEquals(quiet.exit(), r.exit());
            assertEquals(ExitCode.DRIFT, r.exit());
            assertEquals(quiet.drifted(), r.drifted());
            assertEquals(withoutRunId(quiet.summary()), withoutRunId(r.summary()));
            assertTrue(Files.exists(r.out().resolve("report.html")) && Files.isDirectory(r.out().resolve("results")));
            List<String> lines = r.stderr().lines().toList();
            assertEquals(1, lines.size(), r.stderr());
            assertTrue(lines.get(0).startsWith("warning: could not notify "), lines.get(0));
        }
        assertTrue(failing.stderr().contains("HTTP 500"), failing.stderr());
    }

    @Test
    void aFailedRunIsAnnouncedWhenAskedAndAQuietNightIsNot() throws Exception {
        RunResult failed = RunResult.run(tmp.resolve("out"), "--reference", "sample-data/events", "--current",
                tmp.resolve("missing").toString(), "--notify-webhook", url("/hook"), "--notify-on", "failure",
                "--prometheus-file", tmp.resolve("drift.prom").toString());
        assertEquals(ExitCode.INVALID_INPUT, failed.exit());
        JsonNode p = new ObjectMapper().readTree(received.get(0).body());
        assertEquals("failure", p.get("event").asText());
        assertEquals(2, p.get("exit_code").asInt());
        assertTrue(p.get("error").asText().contains("missing"), p.toString());
        Map<String, Double> prom = PrometheusFormat.parse(Files.readString(tmp.resolve("drift.prom")));
        assertEquals(0.0, prom.get("spark_drift_run_success"));

        received.clear();
        RunResult quiet = RunResult.run(tmp.resolve("quiet"), "--config", "conf/sample.yaml", "--features", "age,clicks",
                "--notify-webhook", url("/hook"));
        assertEquals(ExitCode.OK, quiet.exit(), quiet.stderr());
        assertTrue(quiet.drifted().isEmpty());
        assertTrue(received.isEmpty(), "notify-on drift: nothing drifted, nothing sent");
    }

    @Test
    void thePrometheusFileAndPushParseAndHoldTheRunsValues() throws Exception {
        Path file = tmp.resolve("textfile").resolve("spark_drift.prom");
        Files.createDirectories(file.getParent());
        RunResult r = RunResult.run(tmp.resolve("out"), "--config", "conf/sample.yaml", "--prometheus-file", file.toString(),
                "--prometheus-pushgateway", url("/metrics/job/spark_drift"));
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        String text = Files.readString(file);
        Map<String, Double> series = PrometheusFormat.parse(text);
        assertEquals(1.0, series.get("spark_drift_run_success"));
        assertEquals(0.0, series.get("spark_drift_dataset_drift"));
        assertEquals(10.0, series.get("spark_drift_features_total"));
        assertEquals(4.0, series.get("spark_drift_features_drifted"));
        for (JsonNode f : r.summary().get("features")) {
            String labels = "feature=\"" + f.get("feature").asText() + "\",type=\"" + f.get("type").asText() + "\"";
            assertEquals(f.get("drifted").asBoolean() ? 1.0 : 0.0, series.get("spark_drift_feature_drifted{" + labels + "}"));
            f.get("metrics").fields().forEachRemaining(m -> assertEquals(RunResult.metric(f, m.getKey()),
                    series.get("spark_drift_metric{" + labels + ",metric=\"" + m.getKey() + "\"}"), 0.0, m.getKey()));
        }
        assertEquals(1, received.size());
        assertEquals("PUT", received.get(0).method());
        assertEquals("/metrics/job/spark_drift", received.get(0).path());
        assertEquals(text, received.get(0).body(), "the Pushgateway gets the same text");
        assertTrue(Files.list(file.getParent()).allMatch(p -> p.equals(file)), "no temporary file left beside it");
    }

    @Test
    void labelValuesAreEscapedAndNonFiniteValuesSpelledAsTheFormatDoes() {
        FeatureComparator cmp = new FeatureComparator(0, DriftPolicy.defaults());
        var odd = cmp.failed("a \"quoted\" \\ name\nwith a newline", FeatureType.NUMERIC, "no values");
        RunSummary s = new RunSummary("id", LocalDate.of(2026, 11, 8), Instant.EPOCH, new RunSummary.InputInfo("r", "parquet", null, 0),
                new RunSummary.InputInfo("c", "parquet", null, 0),
                new RunSettings(20, 1000, 0, 200, Map.of(), DriftPolicy.defaults(), false), List.of(odd), Map.of());
        Map<String, Double> series = PrometheusFormat.parse(PrometheusText.render(s, Instant.EPOCH));
        assertEquals(1.0, series.get("spark_drift_feature_error{feature=\"a \\\"quoted\\\" \\\\ name\\nwith a newline\",type=\"numeric\"}"));
        assertEquals(Double.POSITIVE_INFINITY, PrometheusFormat.parseValue("+Inf"));
        assertTrue(Double.isNaN(PrometheusFormat.parseValue("NaN")));
    }

    private static JsonNode withoutRunId(JsonNode summary) {
        var copy = summary.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(List.of("run_id", "created_at"));
        return copy;
    }
}
