package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkdrift.testing.SharedFiles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, run as a user runs it: {@code jobs/drift-report.sh --config
 * conf/sample.yaml} in a separate process against the packaged jar (Failsafe runs this after
 * {@code package}).
 */
class DriftReportScriptIT {
    @Test
    void sampleCommandRunsEmbeddedAndFindsTheInjectedDrift() throws Exception {
        Path root = SharedFiles.project(".");
        Path out = root.resolve("target/it-sample-report");
        Path log = root.resolve("target/it-sample-report.log");
        Process p = new ProcessBuilder("bash", "jobs/drift-report.sh", "--config", "conf/sample.yaml", "--out", out.toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the sample run finishes");
        String console = Files.readString(log);
        assertEquals(0, p.exitValue(), console);
        assertTrue(console.contains("4 of 10 features drifted"), console);
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        Set<String> drifted = new TreeSet<>();
        summary.get("features").forEach(f -> {
            if (f.get("drifted").asBoolean()) {
                drifted.add(f.get("feature").asText());
            }
        });
        assertEquals(SampleRunTest.INJECTED, drifted);
        assertTrue(new File(out.toFile(), "results").isDirectory() && new File(out.toFile(), "profiles").isDirectory());

        Process bad = new ProcessBuilder("bash", "jobs/drift-report.sh", "--reference", "nowhere", "--current", "nowhere",
                "--out", out.toString()).directory(root.toFile()).redirectErrorStream(true).start();
        assertTrue(bad.waitFor(5, TimeUnit.MINUTES));
        assertEquals(2, bad.exitValue(), new String(bad.getInputStream().readAllBytes()));
    }

    @Test
    void aSuccessfulRunWritesNothingToStderrAndACorruptFileOrAMissingFormatOneLine() throws Exception {
        Path root = SharedFiles.project(".");
        Path garbage = Files.createTempDirectory(root.resolve("target"), "garbage");
        byte[] noise = new byte[5000];
        new java.util.Random(7).nextBytes(noise);
        Files.write(garbage.resolve("part-0.parquet"), noise);
        Path out = Files.createTempDirectory(root.resolve("target"), "clean-out");
        String[] ok = {"--config", "conf/sample.yaml", "--out", out.resolve("ok").toString()};
        String[] corrupt = {"--reference", "sample-data/events", "--current", garbage.toString(), "--out", out.resolve("bad").toString()};
        // the job jar does not bundle Delta Lake: --format delta names the package to add
        String[] delta = {"--reference", "sample-data/events", "--current", "sample-data/events", "--format", "delta",
            "--out", out.resolve("delta").toString()};
        for (String[] args : List.of(ok, corrupt, delta)) {
            List<String> cmd = new java.util.ArrayList<>(List.of("bash", "jobs/drift-report.sh"));
            cmd.addAll(List.of(args));
            Path err = out.resolve("stderr.txt");
            Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile()).start();
            assertTrue(p.waitFor(5, TimeUnit.MINUTES));
            List<String> lines = Files.readAllLines(err);
            if (args == ok) {
                assertEquals(0, p.exitValue());
                assertEquals(List.of(), lines, "nothing on stderr: progress goes to stdout, Spark's logs to the log file");
            } else {
                assertEquals(2, p.exitValue());
                assertEquals(1, lines.size(), String.join("\n", lines));
                assertTrue(lines.get(0).startsWith(args == delta
                        ? "error: --format delta needs Delta Lake on the classpath: add --packages io.delta:delta-spark_2.13:4.1.0"
                        : "error: cannot read the current data at " + garbage), lines.get(0));
            }
        }
    }
}
