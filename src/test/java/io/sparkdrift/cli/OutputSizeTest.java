package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs meant for people stay small whatever the bins and categories, and say what they left
 * out: 100,000 explicit edges and 20,000 kept categories (half of the current values new, half of the
 * old categories missing).
 */
class OutputSizeTest {
    @TempDir
    Path tmp;

    @Test
    void manyEdgesAndCategoriesGiveABoundedReportAndSummaryThatSayWhatTheyLeftOut() throws Exception {
        int edges = 100_000;
        int categories = 20_000;
        StructType schema = new StructType().add("x", DataTypes.DoubleType).add("c", DataTypes.StringType);
        Random r = new Random(9);
        List<Row> ref = new ArrayList<>();
        List<Row> cur = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            ref.add(RowFactory.create(r.nextDouble() * edges, "k" + r.nextInt(categories)));
            // half new values; the old ones from half of the categories, so ~10,000 go missing
            cur.add(RowFactory.create(r.nextDouble() * edges * 1.1, (i % 2 == 0 ? "new" : "k") + r.nextInt(categories / 2)));
        }
        String refPath = SparkTestSession.writeParquet(tmp.resolve("ref"), schema, ref);
        String curPath = SparkTestSession.writeParquet(tmp.resolve("cur"), schema, cur);
        StringJoiner e = new StringJoiner(",", "x=", "");
        for (int i = 0; i < edges; i++) {
            e.add(Integer.toString(i));
        }
        RunResult run = RunResult.run(tmp.resolve("out"), "--reference", refPath, "--current", curPath, "--edges", e.toString(),
                "--max-categories", Integer.toString(categories));
        assertEquals(ExitCode.OK, run.exit(), run.stderr());
        long report = Files.size(run.out().resolve("report.html"));
        long summary = Files.size(run.out().resolve("summary.json"));
        assertTrue(report < 2_000_000, "report.html is " + report + " bytes");
        assertTrue(summary < 2_000_000, "summary.json is " + summary + " bytes");

        assertEquals(edges - 1000, run.summary().get("settings").get("edges_left_out").get("x").asInt(), "the settings echo 1000 edges");
        JsonNode x = run.features().get("x");
        int k = x.get("histogram").get("merged_bins").asInt();
        assertTrue(k > 1 && x.get("histogram").get("reference").size() <= 1000, x.get("histogram").toString().length() + " chars");
        long total = 0;
        for (JsonNode n : x.get("histogram").get("reference")) {
            total += n.asLong();
        }
        assertEquals(200_000, total, "merged bins keep every count");

        JsonNode c = run.features().get("c");
        int kept = c.get("reference").get("categories_kept").asInt();
        assertTrue(kept > categories - 100, kept + " categories kept");
        assertEquals(kept - 1000, c.get("histogram").get("categories_pooled").asInt());
        assertEquals(1002, c.get("histogram").get("categories").size() + 1, "1000 listed, the pooled rest, the other bin");
        assertTrue(c.get("details").get("new_categories").size() <= 100);
        assertEquals(100, c.get("details").get("missing_categories").size());
        assertTrue(c.get("details").get("missing_categories_left_out").asInt() > 9000, "the count of what was left out");
        assertTrue(RunResult.metric(c, "new_category_share") > 0.4, "half of the current values are new");
        assertTrue(Files.readString(run.out().resolve("report.html")).contains("bins drawn as 100 bars"));
    }

    /**
     * The console table of a wide table: 250 features, 160 of them shifted, in two segments, print the
     * first 100 rows, what moved in the first 20 drifted features, 20 drifted features on each segment's
     * line, and lines that count exactly what was left out (it printed a row and a line per drifted
     * feature: about 2,000 lines at 1,000 features).
     */
    @Test
    void aWideTablesConsoleShowsTheWorstHundredFeaturesAndCountsTheRest() throws Exception {
        int features = 250;
        int shifted = 160;
        StructType schema = new StructType().add("s", DataTypes.StringType);
        for (int f = 0; f < features; f++) {
            schema = schema.add("f" + f, DataTypes.DoubleType);
        }
        Random r = new Random(4);
        List<Row> ref = new ArrayList<>();
        List<Row> cur = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            Object[] a = new Object[features + 1];
            Object[] b = new Object[features + 1];
            a[0] = i % 2 == 0 ? "a" : "b";
            b[0] = a[0];
            for (int f = 0; f < features; f++) {
                a[f + 1] = r.nextGaussian();
                b[f + 1] = r.nextGaussian() + (f < shifted ? 1.0 : 0.0);
            }
            ref.add(RowFactory.create(a));
            cur.add(RowFactory.create(b));
        }
        String refPath = SparkTestSession.writeParquet(tmp.resolve("wide-ref"), schema, ref);
        String curPath = SparkTestSession.writeParquet(tmp.resolve("wide-cur"), schema, cur);
        RunResult run = RunResult.run(tmp.resolve("wide-out"), "--reference", refPath, "--current", curPath, "--segment-by", "s");
        assertEquals(ExitCode.OK, run.exit(), run.stderr());
        int drifted = run.summary().get("features_drifted").asInt();
        assertTrue(drifted >= shifted && drifted < features, drifted + " drifted");
        List<String> lines = run.stdout().lines().toList();
        long rows = lines.stream().filter(l -> l.matches("f\\d+ +numeric .*")).count();
        assertEquals(100, rows, "feature rows shown");
        assertTrue(lines.stream().filter(l -> l.matches("f\\d+ +numeric .*")).allMatch(l -> l.contains("DRIFT")), "worst first");
        assertTrue(lines.contains("... 150 more features not shown (" + (drifted - 100) + " drifted, 0 not ok); every feature is in"
                + " summary.json, results/ and report.html"), String.join("\n", lines.subList(0, 5)));
        assertEquals(20, lines.stream().filter(l -> l.startsWith("what moved in ")).count());
        assertTrue(lines.contains("... what moved in " + (drifted - 20) + " more drifted features: see summary.json or report.html"));
        for (String segment : new String[] {"s=a", "s=b"}) { // each segment's line names 20 drifted features and counts the rest
            int inSegment = 0;
            for (JsonNode f : run.segment(segment).get("features")) {
                inSegment += f.get("drifted").asBoolean() ? 1 : 0;
            }
            String line = lines.stream().filter(l -> l.startsWith("segment " + segment + " ")).findFirst().orElseThrow();
            assertTrue(line.endsWith(" and " + (inSegment - 20) + " more)"), line);
            assertEquals(20, line.substring(line.indexOf('(', line.indexOf("drifted"))).split(", ").length, line);
        }
        assertTrue(lines.size() < 200, lines.size() + " console lines");
        assertEquals(features, run.summary().get("features").size(), "every feature is in summary.json (not the segment column)");
    }
}
