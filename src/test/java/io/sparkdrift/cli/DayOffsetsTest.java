package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.scan.DayOffsets;
import io.sparkdrift.scan.InputReader;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event times in a table of daily rows (the day a string column {@code ds}, as Hive tables keep it):
 * compared as times they drift on every night; compared with {@code --offset-from-day} as hours after
 * the row's day they are the same every night, and a night whose rows carry late events (times from
 * the day before) drifts on them — against the raw reference and against a stored profile, which
 * names the offset so that a night without the option reports a schema change instead of comparing
 * offsets with times.
 */
class DayOffsetsTest {
    private static final String TIMES = "event_ts (hours after ds)";
    private static final String LOCAL = "local_ts (hours after ds)";
    private static final String DAYS = "ordered (days after ds)";
    @TempDir
    static Path tmp;
    private static String days;
    private static String late;

    @BeforeAll
    static void data() {
        SparkSession spark = SparkTestSession.get();
        days = tmp.resolve("days").toString();
        late = tmp.resolve("late").toString();
        // nine days (2026-11-01 … 09) of 3,000 rows, each row's time spread over its day, its order placed 0–2 days before
        write(spark, days, 27_000, "id % 9", "id div 9 % 24 * 3600 + id * 37 % 3600", "id div 9 % 3");
        // 2026-11-10, with a fifth of its rows carrying a time from 23:00 the day before
        write(spark, late, 3_000, "9", "CASE WHEN id % 5 = 0 THEN -3600 + id % 3600 ELSE id % 24 * 3600 + id * 37 % 3600 END",
                "id % 3");
    }

    private static void write(SparkSession spark, String path, long rows, String day, String secondsInDay, String daysBefore) {
        String start = "1793491200 + (" + day + ") * 86400"; // 2026-11-01 00:00 UTC
        spark.range(rows).selectExpr("date_format(timestamp_seconds(" + start + "), 'yyyy-MM-dd') AS ds",
                "timestamp_seconds(" + start + " + " + secondsInDay + ") AS event_ts",
                "cast(timestamp_seconds(" + start + " + " + secondsInDay + ") as timestamp_ntz) AS local_ts",
                "date_sub(to_date(timestamp_seconds(" + start + ")), cast(" + daysBefore + " as int)) AS ordered",
                "cast(id % 7 as double) AS amount").write().parquet(path);
    }

    private static String[] night(String current, String... more) {
        return Stream.concat(Stream.of("--reference", days, "--current", current, "--date-column", "ds", "--reference-window",
                "7d"), Stream.of(more)).toArray(String[]::new);
    }

    @Test
    void eventTimesComparedAsTheirOffsetFromTheRowsDayDoNotDriftEveryNight() throws Exception {
        RunResult times = RunResult.run(tmp.resolve("times"), night(days, "--current-date", "2026-11-09"));
        assertEquals(ExitCode.OK, times.exit(), times.stderr());
        JsonNode asTimes = times.features().get("event_ts");
        assertTrue(asTimes.get("drifted").asBoolean(), "as times, every night is after the reference");
        assertTrue(asTimes.get("warnings").toString().contains("--offset-from-day event_ts"), asTimes.get("warnings").toString());

        RunResult offsets = RunResult.run(tmp.resolve("offsets"), night(days, "--current-date", "2026-11-09",
                "--offset-from-day", "event_ts,local_ts,ordered"));
        assertEquals(ExitCode.OK, offsets.exit(), offsets.stderr());
        assertEquals("", offsets.stderr());
        Map<String, JsonNode> f = offsets.features();
        assertFalse(f.containsKey("event_ts"), f.keySet().toString());
        for (String name : new String[] {TIMES, LOCAL, DAYS}) {
            JsonNode feature = f.get(name);
            assertEquals("numeric", feature.get("type").asText(), name);
            assertFalse(feature.get("drifted").asBoolean(), name + ": the same hours every night " + feature);
            assertEquals("[]", feature.get("warnings").toString(), name);
            assertEquals(0, RunResult.metric(feature, "null_rate_delta"), name);
        }
        for (String name : new String[] {TIMES, LOCAL}) { // hours within the day: 0 to 23.99…
            assertTrue(f.get(name).get("reference").get("min").asDouble() >= 0, name);
            assertTrue(f.get(name).get("reference").get("max").asDouble() < 24, name);
            assertEquals(f.get(name).get("reference").get("mean").asDouble(), f.get(name).get("current").get("mean").asDouble(), 0.5);
        }
        assertEquals(-2.0, f.get(DAYS).get("reference").get("min").asDouble(), "ordered up to two days before its row's day");
        assertEquals(0.0, f.get(DAYS).get("reference").get("max").asDouble());
        assertEquals(0, offsets.summary().get("schema_changes").size());

        // late events: a fifth of the night's rows at 23:00 the day before, an hour before their day began
        RunResult lateNight = RunResult.run(tmp.resolve("late-night"), night(late, "--current-date", "2026-11-10",
                "--offset-from-day", "event_ts,local_ts"));
        assertEquals(ExitCode.OK, lateNight.exit(), lateNight.stderr());
        for (String name : new String[] {TIMES, LOCAL}) {
            JsonNode feature = lateNight.features().get(name);
            assertTrue(feature.get("drifted").asBoolean(), name + " " + feature);
            assertEquals(0.2, RunResult.metric(feature, "out_of_range_share"), 1e-12, name);
            assertEquals(-1.0, feature.get("current").get("min").asDouble(), 1e-9, name);
        }
        String out = lateNight.stdout();
        int moved = out.indexOf("what moved in " + TIMES + ": ");
        assertTrue(moved >= 0 && out.substring(moved, out.indexOf('\n', moved)).matches(
                "what moved in .*: values below [0-9.]+ rose from 0\\.0 % to 20\\.0 %.*"), out);
    }

    @Test
    void aStoredProfileHoldsTheOffsetsAndANightWithoutTheOptionReportsASchemaChange() throws Exception {
        RunResult profiled = RunResult.run(tmp.resolve("profile"), "profile", "--input", days, "--filter",
                "ds BETWEEN '2026-11-02' AND '2026-11-08'", "--date-column", "ds", "--offset-from-day", "event_ts");
        assertEquals(ExitCode.OK, profiled.exit(), profiled.stderr());
        String profile = profiled.out().toString();
        RunResult night = RunResult.run(tmp.resolve("stored-night"), "--reference-profile", profile, "--current", days,
                "--current-filter", "ds = '2026-11-09'", "--date-column", "ds", "--offset-from-day", "event_ts",
                "--on-schema-change", "fail");
        assertEquals(ExitCode.OK, night.exit(), night.stderr());
        RunResult raw = RunResult.run(tmp.resolve("raw-night"), night(days, "--current-date", "2026-11-09",
                "--offset-from-day", "event_ts"));
        assertEquals(RunResult.metric(raw.features().get(TIMES), "wasserstein"),
                RunResult.metric(night.features().get(TIMES), "wasserstein"), "the stored profile's night equals the raw one's");
        assertFalse(night.features().get(TIMES).get("drifted").asBoolean());

        RunResult forgot = RunResult.run(tmp.resolve("forgot"), "--reference-profile", profile, "--current", days,
                "--current-filter", "ds = '2026-11-09'");
        assertEquals(ExitCode.OK, forgot.exit(), forgot.stderr());
        Map<String, String> changes = new HashMap<>();
        forgot.summary().get("schema_changes").forEach(c -> changes.put(c.get("column").asText(), c.get("change").asText()));
        assertEquals(Map.of(TIMES, "dropped", "event_ts", "added"), changes, "offsets are never compared with times");
    }

    @Test
    void optionsThatNameTheTimeColumnApplyToItsOffset() throws Exception {
        // a feature list, a threshold and edges written for the table keep working when the offset is added
        RunResult named = RunResult.run(tmp.resolve("named"), night(late, "--current-date", "2026-11-10",
                "--offset-from-day", "event_ts,ordered", "--features", "event_ts,amount", "--threshold", "event_ts:psi=1e9",
                "--edges", "event_ts=0,6,12,18,24", "--exclude", "ordered"));
        assertEquals(ExitCode.OK, named.exit(), named.stderr());
        assertEquals(Set.of(TIMES, "amount"), named.features().keySet());
        JsonNode times = named.features().get(TIMES);
        assertFalse(times.get("drifted").asBoolean(), "its own threshold (psi only, out of reach) replaced the defaults: " + times);
        assertEquals("[0.0,6.0,12.0,18.0,24.0]", times.get("histogram").get("edges").toString(), times.toString());
        assertEquals("{\"psi\":1.0E9}", times.get("thresholds").toString());
        RunResult unnamed = RunResult.run(tmp.resolve("unnamed"), night(late, "--current-date", "2026-11-10",
                "--offset-from-day", "event_ts", "--features", "event_ts,amount"));
        assertTrue(unnamed.features().get(TIMES).get("drifted").asBoolean(), "with the default thresholds the late night drifts");
    }

    @Test
    void aColumnThatHoldsNoTimeOrAMissingDateColumnIsAOneLineError() {
        RunResult notTime = RunResult.run(tmp.resolve("not-time"), night(days, "--current-date", "2026-11-09",
                "--offset-from-day", "amount"));
        assertEquals(ExitCode.INVALID_INPUT, notTime.exit());
        assertEquals("error: --offset-from-day names 'amount' of type double; name timestamp or date columns",
                notTime.stderr().strip());
        RunResult noDate = RunResult.run(tmp.resolve("no-date"), "--reference", days, "--current", late, "--date-column",
                "day", "--offset-from-day", "event_ts");
        assertEquals(ExitCode.INVALID_INPUT, noDate.exit());
        assertEquals("error: --offset-from-day needs the date column 'day', which the reference data does not have; name it"
                + " with --date-column", noDate.stderr().strip());
        RunResult profile = RunResult.run(tmp.resolve("no-date-profile"), "profile", "--input", days, "--date-column", "day",
                "--offset-from-day", "event_ts");
        assertEquals(ExitCode.INVALID_INPUT, profile.exit());
        assertEquals("error: --offset-from-day needs the date column 'day', which the input data does not have; name it"
                + " with --date-column", profile.stderr().strip());
        RunResult missing = RunResult.run(tmp.resolve("missing"), night(days, "--current-date", "2026-11-09",
                "--offset-from-day", "event_time"));
        assertEquals(ExitCode.INVALID_INPUT, missing.exit());
        assertTrue(missing.stderr().startsWith("error: --offset-from-day names 'event_time', which is not a column of the"
                + " reference or the current data; its columns are ds, event_ts"), missing.stderr());
        assertEquals(1, missing.stderr().strip().lines().count(), missing.stderr());
    }

    @Test
    void theOffsetIsExactForEveryWayADayIsWrittenAndMissingWhereTheDayOrTimeIs() {
        SparkSession spark = SparkTestSession.get();
        // 2026-11-08 13:30 UTC and a date two days before, against days written as strings, integers and dates
        Dataset<Row> rows = spark.sql("SELECT * FROM VALUES"
                + " ('2026-11-08', 20261108, DATE'2026-11-08', TIMESTAMP_LTZ'2026-11-08 13:30:00+00:00',"
                + "  TIMESTAMP_NTZ'2026-11-08 13:30:00', DATE'2026-11-06', '20261108'),"
                + " ('n/a', 20261108, DATE'2026-11-09', TIMESTAMP_LTZ'2026-11-08 13:30:00+00:00',"
                + "  TIMESTAMP_NTZ'2026-11-07 23:00:00', DATE'2026-11-10', '09991108'),"
                + " ('2026-11-08', NULL, NULL, CAST(NULL AS TIMESTAMP), CAST(NULL AS TIMESTAMP_NTZ), CAST(NULL AS DATE), NULL),"
                + " ('2026-11', 20261131, DATE'2026-11-08', TIMESTAMP_LTZ'2026-11-08 13:30:00+00:00',"
                + "  TIMESTAMP_NTZ'2026-11-08 13:30:00', DATE'2026-11-06', '2026111 ')"
                + " AS t(s, i, d, ts, ntz, dt, si)");
        InputReader.Input in = new InputReader.Input(rows, Set.of());
        List<String> columns = List.of("ts", "ntz", "dt");
        List<Row> byString = DayOffsets.apply(in, "current", columns, "s",
                "yyyy-MM-dd").frame().select("`ts (hours after s)`", "`ntz (hours after s)`", "`dt (days after s)`").collectAsList();
        assertEquals(Arrays.asList(13.5, 13.5, -2.0), values(byString.get(0)));
        assertEquals(Arrays.asList(null, null, null), values(byString.get(1)), "a day that does not read: no offset");
        assertEquals(Arrays.asList(null, null, null), values(byString.get(2)), "no time: no offset");
        assertEquals(Arrays.asList(null, null, null), values(byString.get(3)), "a month is no day");
        List<Row> byInteger = DayOffsets.apply(in, "current", columns, "i",
                "yyyyMMdd").frame().select("`ts (hours after i)`", "`ntz (hours after i)`", "`dt (days after i)`").collectAsList();
        assertEquals(Arrays.asList(13.5, 13.5, -2.0), values(byInteger.get(0)));
        assertEquals(Arrays.asList(13.5, -1.0, 2.0), values(byInteger.get(1)), "an hour before its day: -1");
        assertEquals(Arrays.asList(null, null, null), values(byInteger.get(3)), "November has no 31st");
        List<Row> byDigits = DayOffsets.apply(in, "current", columns, "si",
                "yyyyMMdd").frame().select("`ts (hours after si)`", "`ntz (hours after si)`", "`dt (days after si)`").collectAsList();
        assertEquals(Arrays.asList(13.5, 13.5, -2.0), values(byDigits.get(0)), "eight digits in a string");
        for (int r = 1; r < 4; r++) {
            assertEquals(Arrays.asList(null, null, null), values(byDigits.get(r)), "a year before 1000, none, seven digits and a space: no day");
        }
        List<Row> byDate = DayOffsets.apply(in, "current", columns, "d",
                "yyyy-MM-dd").frame().select("`ts (hours after d)`", "`ntz (hours after d)`", "`dt (days after d)`").collectAsList();
        assertEquals(Arrays.asList(13.5, 13.5, -2.0), values(byDate.get(0)));
        assertEquals(Arrays.asList(-10.5, -25.0, 1.0), values(byDate.get(1)));
        assertEquals(Arrays.asList(null, null, null), values(byDate.get(2)), "no day: no offset");
    }

    private static List<Object> values(Row r) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            out.add(r.isNullAt(i) ? null : r.getDouble(i));
        }
        return out;
    }

    @Test
    void aNightThatDroppedTheColumnIsASchemaChangeNotAnError() throws Exception {
        String dropped = tmp.resolve("dropped").toString();
        SparkTestSession.get().read().parquet(late).drop("event_ts").write().parquet(dropped);
        RunResult r = RunResult.run(tmp.resolve("dropped-night"), night(dropped, "--current-date", "2026-11-10",
                "--offset-from-day", "event_ts,local_ts"));
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        Map<String, String> changes = new HashMap<>();
        r.summary().get("schema_changes").forEach(c -> changes.put(c.get("column").asText(), c.get("change").asText()));
        assertEquals(Map.of(TIMES, "dropped"), changes);
        assertTrue(r.features().get(TIMES).get("drifted").asBoolean(), "a dropped feature drifts by default");
        assertTrue(r.features().containsKey(LOCAL), "the other offset is compared as usual");
    }
}
