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
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs are staged and then made visible whole: on local disks by swapping a link, elsewhere by
 * journaled renames that the next run completes. A failure at any point leaves the previous outputs
 * readable, and a later run removes what a failed or killed one left. (Kills of the real job at
 * each step: PublishKillIT.)
 */
class OutputPublisherTest {
    @TempDir
    Path tmp;

    @Test
    void aLocalPublishSwapsTheWholeOutputInAndKeepsOnlyTheCurrentVersion() throws IOException {
        Path out = plainPreviousRun();
        publish(out, "run2", "new");
        assertTrue(Files.isSymbolicLink(out), "--out is now a link to one complete version");
        assertOutputs(out, "new");
        publish(out, "run3", "newer");
        assertOutputs(out, "newer");
        try (Stream<Path> versions = Files.list(tmp.resolve(".out.versions"))) {
            assertEquals(List.of("run3", "run3.lock"), versions.map(p -> p.getFileName().toString()).sorted().toList(),
                    "the previous versions are gone");
        }
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertEquals(2, siblings.count(), "--out and its versions, no temporary links");
        }
    }

    @Test
    void aFailedPublishLeavesThePreviousOutputsAndTheNextRunRemovesTheRest() throws IOException {
        Path out = plainPreviousRun();
        publish(out, "run2", "new");
        OutputPublisher p = OutputPublisher.open(new Configuration(), out.toString(), "run3");
        Files.createDirectories(Path.of(p.stagingPath("results")));
        Files.writeString(Path.of(p.stagingPath("results")).resolve("part"), "newer rows");
        // summary.json was never staged
        assertThrows(IOException.class, () -> p.publish(List.of("results", "summary.json")));
        assertOutputs(out, "new");
        p.abort();
        assertOutputs(out, "new");
        assertFalse(Files.exists(tmp.resolve(".out.versions/run3")));
    }

    @Test
    void whatAKilledRunLeftIsRemovedByTheNextOne() throws IOException {
        Path out = plainPreviousRun();
        publish(out, "run2", "new");
        Path versions = tmp.resolve(".out.versions");
        // a run killed after staging: its version, its (free) lock and a temporary link
        Files.createDirectories(versions.resolve("run9/results"));
        Files.writeString(versions.resolve("run9.lock"), "");
        Files.createSymbolicLink(tmp.resolve(".out.link-run9"), Path.of(".out.versions/run9"));
        publish(out, "run3", "newer");
        assertOutputs(out, "newer");
        assertFalse(Files.exists(versions.resolve("run9")));
        assertFalse(Files.exists(versions.resolve("run9.lock")));
        assertFalse(Files.exists(tmp.resolve(".out.link-run9"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aRunKilledWhileMovingAPlainOutAsideIsLinkedBackByTheNextOne() throws IOException {
        Path out = plainPreviousRun();
        Path versions = tmp.resolve(".out.versions");
        Files.createDirectories(versions);
        Files.move(out, versions.resolve("previous-run8")); // killed right after this move
        OutputPublisher p = OutputPublisher.open(new Configuration(), out.toString(), "run9");
        assertOutputs(out, "old");
        p.abort();
        assertOutputs(out, "old");
    }

    @Test
    void concurrentRunsEachPublishAWholeVersionAndTheLastSwapWins() throws IOException {
        Path out = plainPreviousRun();
        OutputPublisher a = OutputPublisher.open(new Configuration(), out.toString(), "runA");
        stage(a, "from A");
        OutputPublisher b = OutputPublisher.open(new Configuration(), out.toString(), "runB"); // A is still running
        assertTrue(Files.isDirectory(tmp.resolve(".out.versions/runA")), "B's clean-up leaves a live run's version");
        stage(b, "from B");
        b.publish(List.of("results", "summary.json"));
        assertOutputs(out, "from B");
        a.publish(List.of("results", "summary.json"));
        assertOutputs(out, "from A");
        assertFalse(Files.exists(tmp.resolve(".out.versions/runB")), "A's clean-up removes the finished run's old version");
    }

    @Test
    void abortBeforePublishTouchesNothing() throws IOException {
        Path out = plainPreviousRun();
        OutputPublisher p = OutputPublisher.open(new Configuration(), out.toString(), "run3");
        p.writeFile("summary.json", "half".getBytes(StandardCharsets.UTF_8));
        p.abort();
        assertOutputs(out, "old");
        assertFalse(Files.isSymbolicLink(out));
    }

    @Test
    void journaledRenamesAreCompletedByTheNextRunAfterAKill() throws IOException {
        Path out = plainPreviousRun();
        FileSystem fs = FileSystem.getLocal(new Configuration());
        org.apache.hadoop.fs.Path hout = new org.apache.hadoop.fs.Path(out.toUri());
        RenamePublisher p = new RenamePublisher(fs, hout, "run2");
        stage(p, "new");
        p.publish(List.of("results", "summary.json"));
        assertOutputs(out, "new");
        assertTrue(Files.readString(out.resolve("_SUCCESS")).contains("\"run2\""), "the marker names the run");
        try (Stream<Path> s = Files.list(out)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith("_") && !f.getFileName().toString().equals("_SUCCESS")),
                    "no leftovers");
        }
        // a run killed after moving results in: its journal, staging and the replaced results remain
        RenamePublisher killed = new RenamePublisher(fs, hout, "run3");
        stage(killed, "newer");
        Files.writeString(out.resolve("_publishing-run3"), "results\nsummary.json");
        Files.createDirectories(out.resolve("_replaced-run3"));
        Files.move(out.resolve("results"), out.resolve("_replaced-run3/results"));
        Files.move(out.resolve("_staging-run3/results"), out.resolve("results"));
        new RenamePublisher(fs, hout, "run4").abort();
        assertOutputs(out, "newer");
        assertTrue(Files.readString(out.resolve("_SUCCESS")).contains("\"run3\""), "the completed publish is marked as run3's");
        try (Stream<Path> s = Files.list(out)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith("_") && !f.getFileName().toString().equals("_SUCCESS")),
                    "the next run finished and cleaned up");
        }
    }

    private void publish(Path out, String runId, String content) throws IOException {
        OutputPublisher p = OutputPublisher.open(new Configuration(), out.toString(), runId);
        stage(p, content);
        p.publish(List.of("results", "summary.json"));
    }

    private static void stage(OutputPublisher p, String content) throws IOException {
        p.writeFile("summary.json", content.getBytes(StandardCharsets.UTF_8));
        Path results = local(p.stagingPath("results"));
        Files.createDirectories(results);
        Files.writeString(results.resolve("part"), content + " rows");
    }

    /** A staging path as a local path (the Hadoop publisher gives file: URIs). */
    private static Path local(String path) {
        return path.startsWith("file:") ? Path.of(java.net.URI.create(path)) : Path.of(path);
    }

    private static void assertOutputs(Path out, String content) throws IOException {
        assertEquals(content, Files.readString(out.resolve("summary.json")));
        assertEquals(content + " rows", Files.readString(out.resolve("results/part")));
    }

    private Path plainPreviousRun() throws IOException {
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("results"));
        Files.writeString(out.resolve("results/part"), "old rows");
        Files.writeString(out.resolve("summary.json"), "old");
        return out;
    }
}
