package io.sparkdrift.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs are staged and swapped in; a failure at any point leaves the previous outputs readable. */
class OutputPublisherTest {
    @TempDir
    Path tmp;

    @Test
    void publishReplacesPreviousOutputs() throws IOException {
        Path out = previousRun();
        OutputPublisher p = new OutputPublisher(new Configuration(), out.toString(), "run2");
        p.writeFile("summary.json", "new".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(Path.of(p.stagingPath("results")));
        Files.writeString(Path.of(p.stagingPath("results")).resolve("part"), "new rows");
        p.publish(List.of("results", "summary.json"));
        assertEquals("new", Files.readString(out.resolve("summary.json")));
        assertEquals("new rows", Files.readString(out.resolve("results/part")));
        assertFalse(Files.exists(out.resolve("_staging-run2")));
        assertFalse(Files.exists(out.resolve("_replaced-run2")));
    }

    @Test
    void failureHalfwayThroughPublishRestoresThePreviousOutputs() throws IOException {
        Path out = previousRun();
        OutputPublisher p = new OutputPublisher(new Configuration(), out.toString(), "run2");
        Files.createDirectories(Path.of(p.stagingPath("results")));
        Files.writeString(Path.of(p.stagingPath("results")).resolve("part"), "new rows");
        // summary.json was never staged: its move fails after results was already swapped
        assertThrows(IOException.class, () -> p.publish(List.of("results", "summary.json")));
        p.abort();
        assertEquals("old", Files.readString(out.resolve("summary.json")));
        assertEquals("old rows", Files.readString(out.resolve("results/part")));
        assertFalse(Files.exists(out.resolve("_staging-run2")));
    }

    @Test
    void abortBeforePublishTouchesNothing() throws IOException {
        Path out = previousRun();
        OutputPublisher p = new OutputPublisher(new Configuration(), out.toString(), "run3");
        p.writeFile("summary.json", "half".getBytes(StandardCharsets.UTF_8));
        p.abort();
        assertEquals("old", Files.readString(out.resolve("summary.json")));
        assertTrue(Files.list(out).noneMatch(f -> f.getFileName().toString().startsWith("_")));
    }

    private Path previousRun() throws IOException {
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("results"));
        Files.writeString(out.resolve("results/part"), "old rows");
        Files.writeString(out.resolve("summary.json"), "old");
        return out;
    }
}
