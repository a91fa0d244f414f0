package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Parquet table whose columns were widened in its history — ids from int to bigint, amounts from
 * float to double, a code from smallint to int — is read as one, each value as its file holds it
 * ({@code ParquetWidening}); before, Spark's schema came from the oldest file and every night failed
 * with "Data type mismatches when reading Parquet column", whatever days it read (found by trying a
 * table shaped so, thirty-third session).
 */
class WidenedColumnsTest {
    @TempDir
    static Path tmp;
    private static String narrowThenWide;
    private static String wideAlways;
    private static String becameDouble;

    private static final String[] NIGHT = {"--reference-window", "5d", "--date-column", "ds", "--current-date", "2026-11-06",
        "--run-date", "2026-11-06"};

    @BeforeAll
    static void tables() {
        SparkSession spark = SparkTestSession.get();
        narrowThenWide = tmp.resolve("evolved").toString();
        wideAlways = tmp.resolve("wide").toString();
        becameDouble = tmp.resolve("double").toString();
        for (int d = 1; d <= 6; d++) {
            String ds = "/ds=2026-11-0" + d;
            boolean early = d <= 3;
            String qty = "(id * 7 + " + d + ") % 100 + " + (d == 6 ? 3 : 0); // the last night moves a little
            String amount = "cast(sqrt(id) + " + d * 0.01 + " as float)"; // a float's value, the same in a double
            String code = "id % 5";
            spark.range(3000).selectExpr("cast(" + qty + " as " + (early ? "int" : "bigint") + ") AS qty",
                    (early ? amount : "cast(" + amount + " as double)") + " AS amount",
                    "cast(" + code + " as " + (early ? "smallint" : "int") + ") AS code",
                    "CASE WHEN id % 3 = 0 THEN 'web' ELSE 'app' END AS channel").write().parquet(narrowThenWide + ds);
            spark.range(3000).selectExpr("cast(" + qty + " as bigint) AS qty", "cast(" + amount + " as double) AS amount",
                    "cast(" + code + " as bigint) AS code", "CASE WHEN id % 3 = 0 THEN 'web' ELSE 'app' END AS channel")
                    .write().parquet(wideAlways + ds);
            spark.range(3000).selectExpr("cast(" + qty + " as " + (early ? "int" : "double") + ") AS rate",
                    "cast(" + code + " as int) AS code").write().parquet(becameDouble + ds);
        }
    }

    private static String[] night(String table) {
        String[] args = new String[NIGHT.length + 4];
        args[0] = "--reference";
        args[1] = table;
        args[2] = "--current";
        args[3] = table;
        System.arraycopy(NIGHT, 0, args, 4, NIGHT.length);
        return args;
    }

    @Test
    void aTableWhoseColumnsWereWidenedGivesTheResultsOfOneWrittenWideThroughout() throws Exception {
        RunResult evolved = RunResult.run(tmp.resolve("out-evolved"), night(narrowThenWide));
        RunResult wide = RunResult.run(tmp.resolve("out-wide"), night(wideAlways));
        assertEquals(ExitCode.OK, evolved.exit(), evolved.stderr());
        assertEquals("", evolved.stderr());
        assertEquals(Set.of("qty", "amount", "code", "channel"), evolved.features().keySet());
        assertEquals(wide.resultBits(), evolved.resultBits(), "every metric to the last bit");
        assertEquals(0, evolved.summary().get("schema_changes").size(), "one table, one schema: " + evolved.summary());
        assertTrue(evolved.drifted().contains("qty"), "the night's move is still seen: " + evolved.drifted());
    }

    @Test
    void aWidenedColumnIsReportedWithTheTypesItsFilesDeclare() throws Exception {
        // the reference's days written narrow, the current day wide, as two paths: still a change within the kind
        RunResult r = RunResult.run(tmp.resolve("out-paths"), "--reference", narrowThenWide + "/ds=2026-11-01",
                "--current", narrowThenWide + "/ds=2026-11-06", "--run-date", "2026-11-06");
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        var changes = r.summary().get("schema_changes");
        assertEquals(3, changes.size(), changes.toString());
        for (var c : changes) {
            String column = c.get("column").asText();
            String from = column.equals("qty") ? "int" : column.equals("amount") ? "float" : "smallint";
            String to = column.equals("qty") ? "bigint" : column.equals("amount") ? "double" : "int";
            assertEquals("retyped", c.get("change").asText(), c.toString());
            assertEquals(from, c.get("reference_type").asText(), c.toString());
            assertEquals(to, c.get("current_type").asText(), c.toString());
            assertTrue(c.get("compared").asBoolean(), c.toString());
        }
    }

    @Test
    void aColumnThatBecameDoubleIsOneLineNamingItTheFileAndTheFix() throws Exception {
        RunResult r = RunResult.run(tmp.resolve("out-double"), night(becameDouble));
        assertEquals(ExitCode.INVALID_INPUT, r.exit(), r.stderr());
        String err = r.stderr().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("error: the Parquet files disagree on the type of column 'rate': "), err);
        assertTrue(err.contains("ds=2026-11-0") && err.contains("holds DOUBLE, which Spark cannot read as bigint"), err);
        assertTrue(err.contains("--exclude rate"), err);
        RunResult without = RunResult.run(tmp.resolve("out-double-excluded"), append(night(becameDouble), "--exclude", "rate"));
        assertEquals(ExitCode.OK, without.exit(), without.stderr());
        assertEquals(Set.of("code"), without.features().keySet());
    }

    private static String[] append(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
