package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dates and timestamps are numeric features in days and seconds since the epoch: data shifted by a
 * known 3 days shows a Wasserstein distance of 3 days (259,200 seconds) — exactly with --exact, within
 * the proven bound without — with the units in every output; the file reader's vectors and the row
 * path give the same profile. The date column that chose a night's days is not a feature, and times
 * or identifiers that grow with the days carry a warning that they drift on every night; a string
 * identifier, all new on every night by chance, carries one and does not drift on its novelty.
 */
class DateFeaturesTest {
    private static final int SHIFT_DAYS = 3;
    @TempDir
    static Path tmp;
    private static String refPath;
    private static String curPath;

    @BeforeAll
    static void data() {
        SparkSession spark = SparkTestSession.get();
        refPath = tmp.resolve("ref").toString();
        curPath = tmp.resolve("cur").toString();
        // 60 days of events, each day's hours spread evenly; the current data is the same, 3 days later
        write(spark, refPath, 0);
        write(spark, curPath, SHIFT_DAYS);
    }

    private static void write(SparkSession spark, String path, int shift) {
        String seconds = "1788220800 + (id % 60 + " + shift + ") * 86400 + (id % 24) * 3600"; // from 2026-09-01 UTC
        spark.range(6000).selectExpr("date_add(DATE'2026-09-01', cast(id % 60 as int) + " + shift + ") AS event_day",
                "timestamp_seconds(" + seconds + ") AS event_time",
                "cast(timestamp_seconds(" + seconds + ") as timestamp_ntz) AS local_time",
                "cast(id % 10 as double) AS amount",
                "(id % 60 + " + shift + ") * 1000000 + id AS order_id", // ids grow with the days
                "concat('batch-', cast(id % 60 + " + shift + " as string)) AS batch", // one a day
                "concat('s-', cast((id % 60 + " + shift + ") * 1000000 + id as string)) AS session_id").write().parquet(path); // each once
    }

    @Test
    void aShiftOfThreeDaysIsAWassersteinOfThreeDaysExactly() throws Exception {
        RunResult r = RunResult.run(tmp.resolve("exact"), "--reference", refPath, "--current", curPath, "--exact");
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        Map<String, JsonNode> f = r.features();
        assertEquals("numeric", f.get("event_day").get("type").asText());
        assertEquals("days", f.get("event_day").get("unit").asText());
        assertEquals("seconds", f.get("event_time").get("unit").asText());
        assertEquals("seconds", f.get("local_time").get("unit").asText());
        assertEquals(SHIFT_DAYS, RunResult.metric(f.get("event_day"), "wasserstein"), 1e-12 * SHIFT_DAYS);
        assertEquals(SHIFT_DAYS * 86400.0, RunResult.metric(f.get("event_time"), "wasserstein"), 1e-12 * SHIFT_DAYS * 86400);
        assertEquals(SHIFT_DAYS * 86400.0, RunResult.metric(f.get("local_time"), "wasserstein"), 1e-12 * SHIFT_DAYS * 86400);
        assertEquals(0.0, RunResult.metric(f.get("amount"), "wasserstein"), 0.0);
        assertTrue(f.get("event_day").get("drifted").asBoolean(), "stale or future-dated data drifts");

        Row w = SparkTestSession.get().read().parquet(r.out().resolve("results").toString())
                .where("feature = 'event_day' AND metric = 'wasserstein'").first();
        assertEquals("days", w.getAs("unit"));
        Row ts = SparkTestSession.get().read().parquet(r.out().resolve("results").toString())
                .where("feature = 'event_time' AND metric = 'wasserstein_p2'").first();
        assertEquals("seconds", ts.getAs("unit"));
        String report = java.nio.file.Files.readString(r.out().resolve("report.html"));
        assertTrue(report.contains("<td>days</td>"));
        // dates and times read as such in the words: the first day, and a median on each side
        String day = "\\d{4}-\\d{2}-\\d{2}";
        String text = f.get("event_day").get("explanation").get("text").asText();
        assertTrue(text.matches(".*values (≥|in \\[)" + day + ".*median " + day + " → " + day), text);
        assertTrue(f.get("event_time").get("explanation").get("text").asText().matches(".*median " + day + ".*"),
                f.get("event_time").get("explanation").get("text").asText());
        assertTrue(report.contains("<tr><td>min</td><td>2026-09-01</td><td>2026-09-04</td></tr>"), "the days' minima as dates");
    }

    @Test
    void theDateColumnThatChoseTheDaysIsNotAFeature() throws Exception {
        // a night against the week before it, the days chosen by a date column that is a data column (no partitions)
        String[] window = {"--reference", refPath, "--current", refPath, "--date-column", "event_day", "--current-date",
            "2026-10-20", "--reference-window", "7d"};
        RunResult r = RunResult.run(tmp.resolve("window"), window);
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        assertFalse(r.features().containsKey("event_day"), "each night's days differ from its reference's by construction");
        assertTrue(r.summary().get("skipped_columns").get("event_day").asText().startsWith("date column"),
                r.summary().get("skipped_columns").toString());
        // the event times follow the day: they drift, and a warning says why
        JsonNode eventTime = r.features().get("event_time");
        assertTrue(eventTime.get("drifted").asBoolean());
        assertTrue(eventTime.get("warnings").toString().contains("every current value lies after the reference's last"),
                eventTime.get("warnings").toString());
        assertFalse(r.features().get("amount").get("warnings").toString().contains("after the reference's last"));
        // the console says it under the feature's "what moved" line
        String out = r.stdout();
        int moved = out.indexOf("what moved in event_time: ");
        assertTrue(moved >= 0 && out.indexOf("\n  warning: every current value lies after the reference's last", moved)
                == out.indexOf('\n', moved), out);
        // so do identifiers that grow with the days
        assertTrue(r.features().get("order_id").get("warnings").toString().contains("an identifier or a counter"),
                r.features().get("order_id").get("warnings").toString());
        // and labels of the day
        assertTrue(r.features().get("batch").get("warnings").toString().contains("a label of the day"),
                r.features().get("batch").get("warnings").toString());
        assertTrue(r.features().get("batch").get("drifted").asBoolean());
        // a string identifier, each value once, is all new by chance: a warning, and no drift on its novelty
        JsonNode session = r.features().get("session_id");
        assertTrue(session.get("warnings").toString().contains("an identifier is new on every night"), session.toString());
        assertEquals(1.0, RunResult.metric(session, "new_category_share"));
        assertFalse(session.get("drifted").asBoolean(), session.toString());
        assertTrue(java.nio.file.Files.readString(r.out().resolve("report.html")).contains(
                "<td>new_category_share</td><td>1.0000</td><td>fraction</td><td>&gt; 1.0000 (chance level)</td>"),
                "the report shows the raised threshold as the level values must pass");
        // not where the current values overlap the reference's: the 3-day shift of 60 days
        RunResult shifted = RunResult.run(tmp.resolve("shifted"), "--reference", refPath, "--current", curPath);
        for (String f : new String[] {"event_time", "order_id", "batch"}) {
            assertFalse(shifted.features().get(f).get("warnings").toString().matches(".*(lies a|never had).*"), f);
        }
        // named in --features, it is compared (and drifts: its days are disjoint)
        String[] named = java.util.stream.Stream.concat(java.util.Arrays.stream(window),
                java.util.stream.Stream.of("--features", "event_day,amount")).toArray(String[]::new);
        RunResult n = RunResult.run(tmp.resolve("named"), named);
        assertEquals(ExitCode.OK, n.exit(), n.stderr());
        assertTrue(n.features().get("event_day").get("drifted").asBoolean());
        // without a date, a range or a window, the column is an ordinary feature
        assertTrue(RunResult.run(tmp.resolve("plain"), "--reference", refPath, "--current", curPath).features().containsKey("event_day"));
    }

    @Test
    void binnedTheShiftLiesWithinTheProvenBound() throws Exception {
        RunResult r = RunResult.run(tmp.resolve("binned"), "--reference", refPath, "--current", curPath);
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        for (String feature : new String[] {"event_day", "event_time"}) {
            JsonNode f = r.features().get(feature);
            double scale = feature.equals("event_day") ? 1 : 86400;
            double w = RunResult.metric(f, "wasserstein");
            double bound = RunResult.metric(f, "wasserstein_bound");
            assertTrue(Math.abs(w - SHIFT_DAYS * scale) <= bound + 1e-9 * scale, feature + ": " + w + " ± " + bound);
        }
    }

    @Test
    void theFileReadersVectorsAndTheRowPathGiveTheSameDistances() throws Exception {
        RunResult vectorized = RunResult.run(tmp.resolve("v"), "--reference", refPath, "--current", curPath);
        SparkSession spark = SparkTestSession.get();
        spark.conf().set("spark.drift.scan.vectorized", "false");
        RunResult rows;
        try {
            rows = RunResult.run(tmp.resolve("r"), "--reference", refPath, "--current", curPath);
        } finally {
            spark.conf().unset("spark.drift.scan.vectorized");
        }
        for (String feature : new String[] {"event_day", "event_time", "local_time"}) {
            JsonNode a = vectorized.features().get(feature).get("metrics");
            JsonNode b = rows.features().get(feature).get("metrics");
            assertEquals(a, b, feature);
        }
    }
}
