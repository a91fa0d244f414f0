package io.sparkdrift.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkdrift.compare.FeatureResult;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.run.Notifications;
import io.sparkdrift.run.RunSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * What a run tells the world when it ends, after its outputs are published: the webhook (JSON or
 * Slack-compatible), the Prometheus text file and the Pushgateway. Each notice is best effort: a
 * failure is one warning line on the error stream and changes neither the outputs nor the exit code.
 */
public final class RunNotices {
    /** Version of the webhook payload's fields (documented in the README). */
    public static final int PAYLOAD_VERSION = 1;

    private RunNotices() {
    }

    /** The run completed with these summaries (one per day) and this exit code. */
    public static void finished(Notifications n, List<RunSummary> summaries, String out, ExitCode code, PrintStream err) {
        Instant now = Instant.now();
        boolean drift = summaries.stream().anyMatch(s -> s.driftedCount() > 0);
        if (n.announces(false, drift)) {
            for (RunSummary s : summaries) {
                post(n, payload(s, out, code, null), err);
            }
        }
        export(n, PrometheusText.render(summaries.get(summaries.size() - 1), now), err);
    }

    /** The run failed with this exit code and one-line message. */
    public static void failed(Notifications n, String out, ExitCode code, String error, PrintStream err) {
        if (n.announces(true, false)) {
            post(n, payload(null, out, code, error), err);
        }
        export(n, PrometheusText.failed(Instant.now()), err);
    }

    /** The webhook payload (fields in the README); {@code s} null for a failed run. */
    static ObjectNode payload(RunSummary s, String out, ExitCode code, String error) {
        ObjectNode o = Json.F.objectNode();
        o.put("payload_version", PAYLOAD_VERSION);
        o.put("event", s == null ? "failure" : s.driftedCount() > 0 ? "drift" : "ok");
        o.put("exit_code", code.code());
        o.put("error", error);
        o.put("out", out);
        if (s == null) {
            return o;
        }
        o.put("run_id", s.runId());
        o.put("run_date", s.runDate().toString());
        o.put("dataset_drift", s.datasetDrift());
        o.put("features_total", s.features().size());
        o.put("features_drifted", s.driftedCount());
        o.put("features_error", s.errorCount());
        String suffix = s.settings().rangeMode() ? "-" + s.runDate() : "";
        o.put("summary", out + "/summary" + suffix + ".json");
        o.put("report", out + "/report" + suffix + ".html");
        ArrayNode drifted = o.putArray("drifted");
        for (FeatureResult r : s.features()) {
            if (r.drifted()) {
                ObjectNode f = drifted.addObject();
                f.put("feature", r.feature());
                f.put("type", r.type().label());
                ArrayNode t = f.putArray("triggered");
                r.triggered().forEach(m -> t.add(m.key()));
                f.put("what_moved", r.explanation() == null ? null : r.explanation().text());
            }
        }
        return o;
    }

    /** Slack's incoming-webhook body: one text with the verdict and a line per drifted feature. */
    static ObjectNode slack(ObjectNode payload) {
        StringBuilder t = new StringBuilder("spark-drift ");
        if (payload.get("event").asText().equals("failure")) {
            t.append("run FAILED (exit ").append(payload.get("exit_code").asInt()).append("): ").append(payload.get("error").asText());
        } else {
            t.append(payload.get("run_date").asText()).append(": ").append(payload.get("features_drifted").asLong()).append(" of ")
                    .append(payload.get("features_total").asLong()).append(" features drifted, dataset drift: ")
                    .append(payload.get("dataset_drift").asBoolean() ? "YES" : "no");
            for (var f : payload.get("drifted")) {
                t.append("\n• ").append(f.get("feature").asText()).append(": ").append(f.get("what_moved").asText());
            }
            t.append("\nreport: ").append(payload.get("report").asText());
        }
        ObjectNode o = Json.F.objectNode();
        o.put("text", t.toString());
        return o;
    }

    private static void post(Notifications n, ObjectNode payload, PrintStream err) {
        try {
            ObjectNode body = "slack".equals(n.format()) ? slack(payload) : payload;
            Http.send("POST", n.webhook(), "application/json",
                    new ObjectMapper().writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            err.println("warning: could not notify " + n.webhook() + ": " + oneLine(e) + " (outputs and exit code unaffected)");
        }
    }

    private static void export(Notifications n, String text, PrintStream err) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (n.prometheusFile() != null) {
            try {
                Path target = Path.of(n.prometheusFile()).toAbsolutePath();
                Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                err.println("warning: could not write " + n.prometheusFile() + ": " + oneLine(e));
            }
        }
        if (n.pushgateway() != null) {
            try {
                Http.send("PUT", n.pushgateway(), "text/plain; version=0.0.4", bytes);
            } catch (IOException | RuntimeException e) {
                err.println("warning: could not push to " + n.pushgateway() + ": " + oneLine(e));
            }
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
