package io.sparkdrift.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkdrift.testing.MiniHdfs;
import io.sparkdrift.testing.SharedFiles;
import io.sparkdrift.testing.ShortJobJvm;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The job's JVM killed at each step of publishing --out (halted where a SIGKILL would land: no
 * cleanup, no shutdown hooks), through jobs/drift-report.sh against the packaged jar: --out holds
 * the whole previous outputs or the whole new ones — every output of one run — and the next run
 * removes what the killed one left. The tests run two at a time (each in a directory of its own,
 * each launch a JVM of its own): 29 job launches, most of their time one core's.
 */
@Execution(ExecutionMode.CONCURRENT)
class PublishKillIT {
    private static final List<String> OUTPUTS = List.of("summary.json", "report.html", "results", "profiles", "contributions");

    @Test
    void aKillAtAnyStepOfPublishingLeavesOneWholeRunAndTheNextRunCleansUp() throws Exception {
        Path root = SharedFiles.project(".");
        Path base = Files.createTempDirectory(root.resolve("target"), "kill-it");
        Path out = base.resolve("out");
        String first = run(root, out, null, 0);
        assertWhole(out, first);
        // halt points in publishing order; "swapped" is after the new version is in place
        for (String point : List.of("staged", "linked", "swapped")) {
            String before = runIdOf(out);
            run(root, out, point, 137);
            String now = runIdOf(out);
            assertWhole(out, now);
            if (point.equals("swapped")) {
                assertNotEquals(before, now, "killed after the swap: the new outputs, whole");
            } else {
                assertEquals(before, now, "killed at " + point + ": the previous outputs, whole");
            }
            String next = run(root, out, null, 0);
            assertWhole(out, next);
            assertOnlyCurrent(base, out);
        }
    }

    /**
     * --out on a Hadoop file system that is neither local nor HDFS (viewfs mounting a local directory,
     * standing in for an object store), so outputs are renamed into place one by one under a journal.
     * After a kill at any step, whenever {@code _SUCCESS} exists the outputs are whole and from the
     * run it names (and it is missing exactly when they are not); the next run completes or replaces
     * the killed publish, marks it and leaves nothing else behind.
     */
    @Test
    void withoutLinksTheSuccessMarkerNamesAWholeRunAfterAKillAtAnyStepAndTheNextRunCompletesIt() throws Exception {
        Path root = SharedFiles.project(".");
        Path base = Files.createTempDirectory(root.resolve("target"), "kill-it");
        Path out = base.resolve("out");
        String viewfsOut = "viewfs://sdkill/data/out";
        String mount = "-Dspark.hadoop.fs.viewfs.mounttable.sdkill.link./data=" + base.toUri();
        launch(root, viewfsOut, base, mount, null, 0);
        String first = runIdOf(out);
        assertWholeAndMarked(out, first);
        // halt points in publishing order: journal written; marker removed; results moved in (the rest
        // not yet); everything moved in and marked
        for (String point : List.of("journaled", "unmarked", "moved-results", "marked")) {
            String before = runIdOf(out);
            launch(root, viewfsOut, base, mount, point, 137);
            Path marker = out.resolve("_SUCCESS");
            switch (point) {
                case "journaled" -> assertWholeAndMarked(out, before);
                case "marked" -> {
                    assertNotEquals(before, markedRun(out));
                    assertWholeAndMarked(out, markedRun(out));
                }
                default -> assertFalse(Files.exists(marker), "killed at " + point + ": no marker");
            }
            if (point.equals("moved-results")) {
                assertNotEquals(Set.of(before), runIds(out.resolve("results")), "a mix, which the missing marker tells");
                assertEquals(before, runIdOf(out));
            }
            launch(root, viewfsOut, base, mount, null, 0);
            String next = runIdOf(out);
            assertWholeAndMarked(out, next);
            try (Stream<Path> s = Files.list(out)) {
                Set<String> names = s.map(p -> p.getFileName().toString())
                        .filter(n -> !(n.startsWith(".") && n.endsWith(".crc"))) // the local checksum file system's companions
                        .collect(java.util.stream.Collectors.toSet());
                Set<String> expected = new HashSet<>(OUTPUTS);
                expected.add("_SUCCESS");
                assertEquals(expected, names, "after a kill at " + point + " the next run leaves only the outputs and the marker");
            }
        }
    }

    /**
     * --out on HDFS (a MiniDFSCluster started here): no links, but a directory rename is atomic, so
     * the new outputs are staged beside --out and swapped in by two renames. After a kill at each
     * step --out holds the whole previous outputs or the whole new ones (marked), or — killed between
     * the two renames — is missing with the previous outputs whole beside it; the next run completes
     * the swap and leaves nothing else behind.
     */
    @Test
    void onHdfsAKillAtAnyStepLeavesOneWholeRunOrNoneAndTheNextRunCompletesIt() throws Exception {
        Path root = SharedFiles.project(".");
        Path base = Files.createTempDirectory(root.resolve("target"), "kill-it");
        MiniDFSCluster dfs = MiniHdfs.start(base.resolve("dfs"));
        try {
            FileSystem fs = dfs.getFileSystem();
            String hdfsOut = "hdfs://127.0.0.1:" + dfs.getNameNodePort() + "/drift/out";
            org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path("/drift/out");
            launch(root, hdfsOut, base, "", null, 0);
            Path firstCopy = copyOf(fs, remote, base);
            assertWholeAndMarked(firstCopy, runIdOf(firstCopy));
            Set<String> killedBeforePublishing = new HashSet<>();
            for (String point : List.of("staged", "moved-aside", "swapped")) {
                String before = runIdOf(copyOf(fs, remote, base));
                launch(root, hdfsOut, base, "", point, 137);
                if (point.equals("staged")) {
                    for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(remote.getParent())) {
                        if (st.getPath().getName().startsWith(".out.staging-")) {
                            killedBeforePublishing.add(st.getPath().getName());
                        }
                    }
                    assertEquals(1, killedBeforePublishing.size(), "the killed run's staging");
                }
                if (point.equals("moved-aside")) {
                    assertFalse(fs.exists(remote), "killed between the two renames: no --out, never a mix");
                    org.apache.hadoop.fs.Path aside = null;
                    for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(remote.getParent())) {
                        if (st.getPath().getName().startsWith(".out.previous-")) {
                            aside = st.getPath();
                        }
                    }
                    assertTrue(aside != null, "the previous outputs beside it");
                    assertWholeAndMarked(copyOf(fs, aside, base), before);
                } else {
                    Path out = copyOf(fs, remote, base);
                    assertWholeAndMarked(out, markedRun(out));
                    if (point.equals("staged")) {
                        assertEquals(before, runIdOf(out), "killed before the swap: the previous outputs");
                    } else {
                        assertNotEquals(before, runIdOf(out), "killed after the swap: the new outputs");
                    }
                }
                launch(root, hdfsOut, base, "", null, 0);
                Path out = copyOf(fs, remote, base);
                assertWholeAndMarked(out, runIdOf(out));
                assertNotEquals(before, runIdOf(out), "the next run's outputs");
                Set<String> names = new HashSet<>();
                for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(remote)) {
                    names.add(st.getPath().getName());
                }
                Set<String> expected = new HashSet<>(OUTPUTS);
                expected.add("_SUCCESS");
                assertEquals(expected, names, "after a kill at " + point + ": the outputs and the marker");
                for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(remote.getParent())) {
                    String n = st.getPath().getName();
                    // a run killed before publishing leaves its staging until it is a day old (it may be a live run's)
                    assertTrue(n.equals("out") || killedBeforePublishing.contains(n),
                            "after a kill at " + point + " the next run removed " + n);
                }
            }
        } finally {
            dfs.shutdown();
        }
    }

    /** A local copy of HDFS's --out, to check with the local assertions. */
    private static Path copyOf(FileSystem fs, org.apache.hadoop.fs.Path remote, Path base) throws Exception {
        Path local = base.resolve("copy-" + System.nanoTime());
        fs.copyToLocalFile(false, remote, new org.apache.hadoop.fs.Path(local.toUri()), true);
        return local;
    }


    @Test
    void aKillWhileMovingAPlainDirectoryAsideLosesNothing() throws Exception {
        Path root = SharedFiles.project(".");
        Path base = Files.createTempDirectory(root.resolve("target"), "kill-it");
        Path out = base.resolve("out");
        String first = run(root, out, null, 0);
        // the layout of earlier versions: --out a plain directory
        Path plain = base.resolve("plain");
        copyTree(out.toRealPath(), plain);
        deleteTree(base.resolve(".out.versions"));
        Files.delete(out);
        Files.move(plain, out);
        run(root, out, "moved-aside", 137);
        assertFalse(Files.exists(out, LinkOption.NOFOLLOW_LINKS), "the moment between the two renames");
        try (Stream<Path> versions = Files.list(base.resolve(".out.versions"))) {
            Path previous = versions.filter(p -> p.getFileName().toString().startsWith("previous-")).findFirst().orElseThrow();
            assertWhole(previous, first);
        }
        String next = run(root, out, null, 0);
        assertWhole(out, next);
        assertOnlyCurrent(base, out);
    }

    @Test
    void aKillWhileAppendingToTheResultsTableKeepsItsEarlierDatesAndALaterRunRemovesTheStaging() throws Exception {
        Path root = SharedFiles.project(".");
        Path base = Files.createTempDirectory(root.resolve("target"), "kill-it");
        Path out = base.resolve("out");
        Path table = base.resolve("table");
        String first = run(root, out, null, 0, "--results-table", table.toString());
        assertEquals(Set.of(first), runIds(table.resolve("run_date=2026-11-08")));
        run(root, out, "results-table-write", 137, "--results-table", table.toString(), "--run-date", "2026-11-09");
        assertEquals(Set.of(first), runIds(table), "the earlier date whole, the killed run's date absent");
        assertEquals(first, runIdOf(out), "--out is written after the table: untouched");
        List<Path> staging;
        try (Stream<Path> s = Files.list(table)) {
            staging = s.filter(p -> p.getFileName().toString().startsWith(".spark-staging-")).toList();
        }
        assertEquals(1, staging.size(), "the killed write's staging");
        // an hour later (younger staging may be a live run's)
        Files.setLastModifiedTime(staging.get(0), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
        String third = run(root, out, null, 0, "--results-table", table.toString(), "--run-date", "2026-11-09");
        assertFalse(Files.exists(staging.get(0)), "removed by the next run");
        assertEquals(Set.of(first, third), runIds(table));
    }

    private static String run(Path root, Path out, String haltPoint, int expectedExit, String... extra) throws Exception {
        launch(root, out.toString(), out.getParent(), "", haltPoint, expectedExit, extra);
        return haltPoint == null ? runIdOf(out) : null;
    }

    /**
     * Runs the job with {@code --out outArg} (halted at {@code haltPoint} unless null; {@code javaOpts}
     * for its JVM), its log in {@code logDir}.
     */
    private static void launch(Path root, String outArg, Path logDir, String javaOpts, String haltPoint, int expectedExit,
            String... extra)
            throws Exception {
        Path log = logDir.resolve("run-" + System.nanoTime() + ".log");
        List<String> cmd = new ArrayList<>(List.of("bash", "jobs/drift-report.sh", "--config", "conf/sample.yaml", "--out", outArg));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("DRIFT_JAVA_OPTS", (ShortJobJvm.OPTIONS + " " + javaOpts
                + (haltPoint == null ? "" : " -Dsparkdrift.haltpoint=" + haltPoint)).trim());
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(expectedExit, p.exitValue(), Files.readString(log));
        Files.delete(log);
    }

    private static String runIdOf(Path out) throws Exception {
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("run_id").asText();
    }

    /** Every output is there and from the same run. */
    private static void assertWhole(Path out, String runId) throws Exception {
        for (String name : OUTPUTS) {
            assertTrue(Files.exists(out.resolve(name)), name + " in " + out);
        }
        assertEquals(runId, runIdOf(out));
        assertEquals(runId, markedRun(out), "_SUCCESS names the same run");
        assertTrue(Files.readString(out.resolve("report.html")).contains(runId), "the report is the same run's");
        for (String table : List.of("results", "profiles", "contributions")) {
            assertEquals(Set.of(runId), runIds(out.resolve(table)), table + " is the same run's");
        }
    }

    private static String markedRun(Path out) throws Exception {
        return new ObjectMapper().readTree(out.resolve("_SUCCESS").toFile()).get("run_id").asText();
    }

    private static void assertWholeAndMarked(Path out, String runId) throws Exception {
        assertWhole(out, runId);
        assertEquals(runId, markedRun(out), "_SUCCESS names the run whose outputs --out holds");
        assertEquals(new HashSet<>(OUTPUTS), Set.copyOf(new ObjectMapper().convertValue(
                new ObjectMapper().readTree(out.resolve("_SUCCESS").toFile()).get("outputs"), List.class)));
    }

    private static Set<String> runIds(Path table) throws Exception {
        Set<String> ids = new HashSet<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(table)) {
            s.filter(f -> f.toString().endsWith(".parquet")).forEach(files::add);
        }
        for (Path f : files) {
            try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(f.toUri())).build()) {
                for (Group g = r.read(); g != null; g = r.read()) {
                    ids.add(g.getString("run_id", 0));
                }
            }
        }
        return ids;
    }

    /** Beside --out only its versions directory, holding the current version (and its lock). */
    private static void assertOnlyCurrent(Path base, Path out) throws Exception {
        String current = Files.readSymbolicLink(out).getFileName().toString();
        try (Stream<Path> s = Files.list(base.resolve(".out.versions"))) {
            assertEquals(Set.of(current, current + ".lock"), s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
        try (Stream<Path> s = Files.list(base)) {
            assertEquals(Set.of("out", ".out.versions"), s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
