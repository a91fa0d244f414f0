package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output paths are checked before any work: an output that equals or contains another output or an
 * input, or that cannot be a directory, is an exit-2 error with one line on stderr, and nothing is
 * written anywhere.
 */
class OutputPathsTest {
    @TempDir
    Path tmp;

    private record Outcome(ExitCode exit, String stderr) {
    }

    /** Main with exactly these arguments (no --out added). */
    private static Outcome main(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        ExitCode code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Outcome(code, e.toString(StandardCharsets.UTF_8));
    }

    private static void refused(Outcome r, String says) {
        assertEquals(ExitCode.INVALID_INPUT, r.exit(), r.stderr());
        List<String> lines = r.stderr().lines().toList();
        assertEquals(1, lines.size(), r.stderr());
        assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains(says), lines.get(0));
    }

    @Test
    void outputsThatOverlapEachOtherOrAnInputAreRefusedBeforeAnyWork() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("date=2026-11-08"));
        Files.writeString(data.resolve("date=2026-11-08").resolve("keep.txt"), "data");
        Path out = tmp.resolve("out");
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"same as", "--out", out.toString(), "--results-table", out.toString()});
        cases.add(new String[] {"lies inside", "--out", out.toString(), "--results-table", out.resolve("table").toString()});
        cases.add(new String[] {"lies inside", "--out", out.resolve("x").toString(), "--results-table", out.toString()});
        cases.add(new String[] {"same as", "--out", out.toString(), "--results-table", out + "/"});
        cases.add(new String[] {"overlaps the input --current", "--out", data.toString()});
        cases.add(new String[] {"overlaps the input --current", "--out", data.resolve("out").toString()});
        cases.add(new String[] {"overlaps the input --current", "--out", tmp.toString()});
        cases.add(new String[] {"overlaps the input --current", "--out", out.toString(), "--results-table", data.resolve("t").toString()});
        cases.add(new String[] {"overlaps the input --current", "--out", tmp.resolve("data/../data/sub").toString()});
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("--reference", "sample-data/events", "--current", data + "/date=*"));
            args.addAll(List.of(c).subList(1, c.length));
            refused(main(args.toArray(new String[0])), c[0]);
        }
        assertFalse(Files.exists(out), "nothing written");
        try (var files = Files.walk(data)) {
            assertEquals(3, files.count(), "the input is as it was");
        }
    }

    @Test
    void anOutThatCannotBeADirectoryIsRefusedBeforeAnyWork() throws Exception {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "not a directory");
        refused(main("--reference", "sample-data/events", "--current", "sample-data/events", "--out", file.toString()),
                "is a file, not a directory");
        assertEquals("not a directory", Files.readString(file));
        refused(main("--reference", "sample-data/events", "--current", "sample-data/events", "--out", file.resolve("sub").toString()),
                "cannot be created");
        refused(main("--reference", "sample-data/events", "--current", "sample-data/events", "--out", "reports:2026"),
                "write ./reports:2026 or an absolute path");
    }

    @Test
    void profileAndMergeModesKeepTheirOutputOutOfTheirInputs() throws Exception {
        refused(main("profile", "--input", "sample-data/events", "--out", "sample-data/events/profile"), "overlaps the input --input");
        Path daily = tmp.resolve("profiles");
        Files.createDirectories(daily);
        refused(main("merge-profiles", "--profiles", daily + "/day=*", "--out", daily.resolve("merged").toString()),
                "overlaps the input --profiles");
        assertFalse(Files.exists(Path.of("sample-data/events/profile")));
    }

    @Test
    void separateOutputsStillRun() throws Exception {
        RunResult r = RunResult.run(tmp.resolve("reports").resolve("out"), "--config", "conf/sample.yaml", "--results-table",
                tmp.resolve("reports").resolve("table").toString());
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
    }
}
