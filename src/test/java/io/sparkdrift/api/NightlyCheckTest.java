package io.sparkdrift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.example.NightlyCheck;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java job (src/tools/java/io/sparkdrift/example/NightlyCheck) runs as written. */
class NightlyCheckTest {
    @TempDir
    Path tmp;

    @Test
    void theReadmesJavaJobRunsAndWritesTheCommandLinesOutputs() {
        ExitCode code = NightlyCheck.check(SparkTestSession.get(), tmp.resolve("out").toString());
        assertEquals(ExitCode.OK, code, "4 of 10 features drift, below the dataset share of 0.5");
        for (String n : new String[] {"results", "profiles", "contributions", "summary.json", "report.html"}) {
            assertTrue(Files.exists(tmp.resolve("out").resolve(n)), n);
        }
    }
}
