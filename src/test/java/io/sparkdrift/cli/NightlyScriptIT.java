package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkdrift.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** jobs/nightly.sh end to end on the sample table for a given date, as cron would run it. */
class NightlyScriptIT {
    @Test
    void nightlyScriptChecksOneDayAndFillsTheResultsTable() throws Exception {
        Path root = SharedFiles.project(".");
        Path outRoot = root.resolve("target/it-nightly");
        Path table = outRoot.resolve("results-table");
        Path log = root.resolve("target/it-nightly.log");
        Process p = new ProcessBuilder("bash", "jobs/nightly.sh", "--config", "conf/nightly-sample.yaml",
                "--date", "2026-11-08", "--out-root", outRoot.toString(), "--results-table", table.toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        String console = Files.readString(log);
        assertEquals(0, p.exitValue(), "4 of 10 features drift, under the 0.5 share: exit 0\n" + console);
        JsonNode s = new ObjectMapper().readTree(outRoot.resolve("2026-11-08/summary.json").toFile());
        assertEquals("2026-11-08", s.get("run_date").asText());
        assertEquals(10_500, s.get("reference").get("rows").asLong(), "the 7-day window before 2026-11-08");
        assertTrue(Files.isDirectory(table.resolve("run_date=2026-11-08")), "the results table has the day");

        Process bad = new ProcessBuilder("bash", "jobs/nightly.sh", "--config", "conf/nightly-sample.yaml", "--date", "yesterday")
                .directory(root.toFile()).redirectErrorStream(true).start();
        assertTrue(bad.waitFor(1, TimeUnit.MINUTES));
        assertEquals(2, bad.exitValue(), "the exit code is passed on");
    }
}
