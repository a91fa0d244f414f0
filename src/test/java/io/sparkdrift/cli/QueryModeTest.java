package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query mode runs one read-only query over the results view and nothing else: every attack from the
 * hostile-input trial (writes, DDL, file-path sources, reflection) is an exit-2 error with one line
 * on stderr, and the table, other directories and the working directory are left as they were.
 */
class QueryModeTest {
    @TempDir
    static Path tmp;
    private static Path table;
    private static Path victim;

    @BeforeAll
    static void resultsTable() throws Exception {
        table = tmp.resolve("table");
        RunResult r = RunResult.run(tmp.resolve("out"), "--config", "conf/sample.yaml", "--results-table", table.toString());
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        victim = tmp.resolve("victim");
        Files.createDirectories(victim);
        Files.writeString(victim.resolve("keep.txt"), "precious");
    }

    private static RunResult query(String sql) {
        return RunResult.run(tmp.resolve("unused"), "query", "--results-table", table.toString(), "--sql", sql,
                "--output-format", "csv");
    }

    @Test
    void writesDdlFileSourcesAndReflectionAreRefusedAndChangeNothing() throws Exception {
        boolean warehouseBefore = Files.exists(Path.of("spark-warehouse"));
        List<String> attacks = List.of(
                "INSERT OVERWRITE DIRECTORY '" + table + "' USING parquet SELECT * FROM drift_results WHERE false",
                "INSERT OVERWRITE DIRECTORY '" + victim + "' USING parquet SELECT 1 AS x",
                "CREATE TABLE stolen AS SELECT * FROM drift_results",
                "CREATE TEMPORARY VIEW v AS SELECT 1",
                "CACHE TABLE c AS SELECT * FROM drift_results",
                "SELECT value FROM text.`/etc/passwd`",
                "SELECT * FROM parquet.`" + table + "`",
                "SELECT * FROM csv.`/etc/passwd`",
                "SELECT reflect('java.lang.System', 'getProperty', 'user.home')",
                "SELECT java_method('java.lang.System', 'getProperty', 'user.home')",
                "SELECT try_reflect('java.lang.System', 'getProperty', 'user.home')",
                "SELECT * FROM drift_results WHERE feature IN (SELECT reflect('java.lang.System', 'getProperty', 'user.home'))",
                "SELECT * FROM drift_results WHERE EXISTS (SELECT * FROM text.`/etc/passwd`)",
                "WITH p AS (SELECT * FROM text.`/etc/passwd`) SELECT * FROM p",
                "SET spark.sql.runSQLOnFiles=true",
                "ADD JAR /tmp/x.jar",
                "DROP TABLE IF EXISTS drift_results",
                "SELECT * FROM drift_results; DROP TABLE drift_results",
                "SELECT * FROM range(10)",
                "SELECT * FROM other_table");
        for (String sql : attacks) {
            RunResult r = query(sql);
            assertEquals(ExitCode.INVALID_INPUT, r.exit(), sql + "\n" + r.stdout());
            List<String> lines = r.stderr().lines().toList();
            assertEquals(1, lines.size(), sql + ": " + r.stderr());
            assertTrue(lines.get(0).startsWith("error: "), lines.get(0));
            assertFalse(r.stdout().contains("root:"), sql);
            assertFalse(r.stdout().contains(System.getProperty("user.home")), sql);
            assertEquals(warehouseBefore, Files.exists(Path.of("spark-warehouse")), "no warehouse directory written: " + sql);
        }
        assertEquals("precious", Files.readString(victim.resolve("keep.txt")));
        try (Stream<Path> files = Files.list(victim)) {
            assertEquals(1, files.count());
        }
        assertEquals(warehouseBefore, Files.exists(Path.of("spark-warehouse")), "no warehouse directory written");
        RunResult dates = query("SELECT DISTINCT run_date FROM drift_results");
        assertEquals(ExitCode.OK, dates.exit(), dates.stderr());
        assertTrue(dates.stdout().contains("2026-11-08"), "the table's rows are all still there: " + dates.stdout());
        RunResult count = query("SELECT count(*) AS n FROM drift_results");
        assertTrue(count.stdout().contains("\n" + expectedRows() + "\n") || count.stdout().endsWith("\n" + expectedRows()),
                count.stdout());
    }

    @Test
    void readOnlyQueriesOfEveryUsualShapeStillWork() {
        List<String> queries = List.of(
                "SELECT feature, value FROM drift_results WHERE metric = 'psi' ORDER BY value DESC LIMIT 3",
                "SELECT type, count(DISTINCT feature) AS n FROM drift_results GROUP BY type HAVING n > 0",
                "WITH d AS (SELECT DISTINCT feature FROM drift_results WHERE feature_drifted) SELECT count(*) FROM d",
                "SELECT feature FROM drift_results WHERE metric = 'psi' AND value > (SELECT avg(value) FROM drift_results WHERE metric = 'psi')",
                "SELECT feature, rank() OVER (ORDER BY value DESC) AS r FROM drift_results WHERE metric = 'js_distance'",
                "SELECT r.feature, t.label FROM drift_results r JOIN (VALUES ('device', 'dev')) AS t(feature, label) ON r.feature = t.feature",
                "SELECT upper(feature), round(value, 3), explanation FROM drift_results WHERE feature_drifted AND metric = 'psi'");
        for (String sql : queries) {
            RunResult r = query(sql);
            assertEquals(ExitCode.OK, r.exit(), sql + ": " + r.stderr());
            assertTrue(r.stdout().lines().count() > 1, sql + ": " + r.stdout());
        }
    }

    @Test
    void eachLayerOfTheGuardHoldsOnItsOwn() {
        var spark = io.sparkdrift.testing.SparkTestSession.get();
        var session = io.sparkdrift.store.ReadOnlySql.session(spark);
        // the session alone: no file sources by path, no code-calling functions (the parser check is not asked)
        for (String sql : List.of("SELECT * FROM text.`/etc/passwd`", "SELECT reflect('java.lang.System', 'lineSeparator')",
                "SELECT java_method('java.lang.System', 'lineSeparator')")) {
            org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> session.sql(sql).collect(), sql);
        }
        assertEquals(1, spark.sql("SELECT reflect('java.lang.String', 'valueOf', 1)").collectAsList().size(),
                "the job's own session keeps its functions");
        // the analysed-plan check alone: a file that is not the view's is refused
        var view = spark.read().parquet(table.toString()).queryExecution().analyzed();
        var other = spark.read().text("conf/sample.yaml").queryExecution().analyzed();
        org.junit.jupiter.api.Assertions.assertThrows(io.sparkdrift.run.InputException.class,
                () -> io.sparkdrift.store.ReadOnlySql.checkAnalyzed(other, view));
        io.sparkdrift.store.ReadOnlySql.checkAnalyzed(view, view);
    }

    private static long expectedRows() {
        return RunResult.run(tmp.resolve("unused"), "query", "--results-table", table.toString(), "--sql",
                "SELECT 1 FROM drift_results", "--limit", "100000", "--output-format", "csv").stdout().lines().count() - 1;
    }
}
