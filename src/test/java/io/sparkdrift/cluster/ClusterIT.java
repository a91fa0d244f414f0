package io.sparkdrift.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkdrift.testing.MiniHdfs;
import io.sparkdrift.testing.SharedFiles;
import io.sparkdrift.testing.ShortJobJvm;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job on a real multi-process Spark standalone cluster (Master and two Workers on 127.0.0.1,
 * submitted through SparkSubmit): the same answer as local mode to the last bit, HDFS in and out,
 * and a killed executor that changes nothing.
 */
class ClusterIT {
    static StandaloneCluster cluster;
    static Path root;
    static Path out;
    static JsonNode local;

    @BeforeAll
    static void start() throws Exception {
        root = SharedFiles.project(".");
        out = root.resolve("target/cluster-it");
        Files.createDirectories(out);
        cluster = new StandaloneCluster();
        local = runLocal("local", List.of("--config", "conf/sample.yaml"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void sampleOnTheClusterMatchesLocalModeToTheLastBit() throws Exception {
        Process p = cluster.submit("submit-sample", List.of("--config", "conf/sample.yaml", "--out", out.resolve("cluster").toString()));
        assertEquals(0, waitFor(p, "submit-sample"));
        assertSameResults(local, summary(out.resolve("cluster")));
        assertTrue(Files.readString(cluster.log("submit-sample")).contains("4 of 10 features drifted"));
    }

    @Test
    void nightlyRunAgainstAStoredProfileOnTheClusterMatchesLocalMode() throws Exception {
        // the driver reads the stored profile on a side thread while Spark opens the current data, and
        // writes the profiles table and summary.json on another: both under spark-submit's class loader
        List<String> nightly = List.of("--reference-profile", out.resolve("local").toString(), "--current", "sample-data/events",
                "--current-filter", "date = '2026-11-08'", "--run-date", "2026-11-08");
        JsonNode expected = runLocal("local-nightly", nightly);
        List<String> submitted = new ArrayList<>(nightly);
        submitted.addAll(List.of("--out", out.resolve("cluster-nightly").toString()));
        assertEquals(0, waitFor(cluster.submit("submit-nightly", submitted), "submit-nightly"));
        assertSameResults(expected, summary(out.resolve("cluster-nightly")));
        assertEquals(10_500, summary(out.resolve("cluster-nightly")).get("reference").get("rows").asLong(),
                "the stored reference: the sample's 7 days before 2026-11-08");
    }

    @Test
    void driftReportScriptSubmitsToTheClusterWhenSparkHomeIsSetAndKryoChangesNoBit() throws Exception {
        // with Kryo, as clusters often configure it: the binnings' broadcast is read on the executors
        // and the profile states come back through it (see Shipped)
        Path log = cluster.log("script-submit");
        ProcessBuilder pb = new ProcessBuilder("bash", "jobs/drift-report.sh", "--master", cluster.masterUrl(),
                "--conf", "spark.executor.memory=768m", "--conf", "spark.cores.max=" + StandaloneCluster.WORKERS,
                "--conf", "spark.driver.host=127.0.0.1", "--executor-cores", "1",
                "--conf", "spark.serializer=org.apache.spark.serializer.KryoSerializer",
                "--config", "conf/sample.yaml", "--out", out.resolve("script").toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(cluster.env());
        assertEquals(0, waitFor(pb.start(), "script-submit"), Files.readString(log));
        String console = Files.readString(log);
        assertTrue(console.contains("SparkSubmit") || console.contains("StandaloneSchedulerBackend")
                || console.contains("app-"), "went through spark-submit to the standalone master");
        assertSameResults(local, summary(out.resolve("script")));
    }

    @Test
    void readsAndWritesHdfs() throws Exception {
        Path base = root.resolve("target/minidfs");
        MiniDFSCluster dfs = MiniHdfs.start(base);
        try {
            String uri = "hdfs://127.0.0.1:" + dfs.getNameNodePort();
            FileSystem fs = dfs.getFileSystem();
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(root.resolve("sample-data/events").toString()),
                    new org.apache.hadoop.fs.Path("/warehouse/events"));
            Process p = cluster.submit("submit-hdfs", List.of("--config", "conf/sample.yaml",
                    "--reference", uri + "/warehouse/events", "--current", uri + "/warehouse/events",
                    "--out", uri + "/drift/out"));
            assertEquals(0, waitFor(p, "submit-hdfs"));
            JsonNode onHdfs;
            try (InputStream in = fs.open(new org.apache.hadoop.fs.Path("/drift/out/summary.json"))) {
                onHdfs = new ObjectMapper().readTree(in);
            }
            assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/drift/out/results/run_date=2026-11-08")));
            assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/drift/out/report.html")));
            assertEquals(uri + "/warehouse/events", onHdfs.get("reference").get("path").asText());
            assertSameResults(local, onHdfs);
        } finally {
            dfs.shutdown();
        }
    }

    @Test
    void losingAnExecutorMidJobChangesNothing() throws Exception {
        Path data = out.resolve("bigger");
        Process gen = new ProcessBuilder("bash", "jobs/benchmark.sh", "--rows", "1500000", "--numeric", "8", "--categorical", "2",
                "--partitions", "16", "--dir", data.toString(), "--generate-only", "true")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(out.resolve("generate.log").toFile()).start();
        assertEquals(0, waitFor(gen, "generate"));
        List<String> args = List.of("--reference", data.resolve("reference").toString(), "--current", data.resolve("current").toString());
        Process calm = cluster.submit("submit-calm", with(args, "--out", out.resolve("calm").toString()));
        assertEquals(0, waitFor(calm, "submit-calm"));

        Process disturbed = cluster.submit("submit-disturbed", with(args, "--out", out.resolve("disturbed").toString()));
        long killed = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (killed < 0 && disturbed.isAlive() && System.nanoTime() < deadline) {
            List<ProcessHandle> executors = cluster.executors();
            if (executors.size() == StandaloneCluster.WORKERS && Files.readString(cluster.log("submit-disturbed")).contains("comparing")) {
                Thread.sleep(1500); // inside the scans
                ProcessHandle victim = executors.get(0);
                killed = victim.pid();
                new ProcessBuilder("kill", "-9", Long.toString(killed)).start().waitFor();
            } else {
                Thread.sleep(100);
            }
        }
        assertTrue(killed > 0, "an executor was killed while the job ran");
        assertEquals(0, waitFor(disturbed, "submit-disturbed"));
        assertFalse(ProcessHandle.of(killed).map(ProcessHandle::isAlive).orElse(false));
        assertSameResults(summary(out.resolve("calm")), summary(out.resolve("disturbed")));
    }

    private static List<String> with(List<String> a, String... more) {
        List<String> l = new ArrayList<>(a);
        l.addAll(List.of(more));
        return l;
    }

    private static JsonNode runLocal(String name, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", "jobs/drift-report.sh"));
        cmd.addAll(args);
        cmd.addAll(List.of("--out", out.resolve(name).toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(out.resolve(name + ".log").toFile());
        pb.environment().put("DRIFT_JAVA_OPTS", ShortJobJvm.OPTIONS);
        Process p = pb.start();
        assertEquals(0, waitFor(p, name));
        return summary(out.resolve(name));
    }

    private static int waitFor(Process p, String name) throws Exception {
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), name + " finished");
        return p.exitValue();
    }

    private static JsonNode summary(Path dir) throws Exception {
        return new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
    }

    /** Every feature's metrics, counts, histograms and verdict, compared exactly. */
    static void assertSameResults(JsonNode a, JsonNode b) {
        assertEquals(a.get("dataset_drift"), b.get("dataset_drift"));
        assertEquals(a.get("features").size(), b.get("features").size());
        for (int i = 0; i < a.get("features").size(); i++) {
            JsonNode x = a.get("features").get(i);
            JsonNode y = b.get("features").get(i);
            String f = x.get("feature").asText();
            assertEquals(f, y.get("feature").asText());
            for (String field : List.of("metrics", "reference", "current", "histogram", "drifted", "status", "details")) {
                assertEquals(x.get(field), y.get(field), f + "." + field);
            }
        }
    }
}
