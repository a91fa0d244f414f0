package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input exits 2 with one line on stderr naming the problem and the fix, and leaves the
 * outputs of an earlier run exactly as they were.
 */
class BadInputTest {
    private static final String SAMPLE = "sample-data/events";
    private static final String REF_FILTER = "date < '2026-11-08'";
    private static final String CUR_FILTER = "date = '2026-11-08'";

    @TempDir
    static Path tmp;
    static Path out;
    static String earlierSummary;

    @BeforeAll
    static void earlierRun() throws IOException {
        out = tmp.resolve("out");
        RunResult r = RunResult.run(out, "--config", "conf/sample.yaml");
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        earlierSummary = Files.readString(out.resolve("summary.json"));
    }

    private static void expectInvalid(String fragment, String... args) throws IOException {
        RunResult r = RunResult.run(out, args);
        assertEquals(ExitCode.INVALID_INPUT, r.exit(), "stderr: " + r.stderr() + " stdout: " + r.stdout());
        String err = r.stderr().strip();
        assertTrue(err.startsWith("error: "), err);
        assertTrue(err.contains(fragment), "expected '" + fragment + "' in: " + err);
        assertEquals(1, err.lines().filter(l -> l.startsWith("error: ")).count(), err);
        assertEquals(earlierSummary, Files.readString(out.resolve("summary.json")), "earlier outputs untouched");
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of("_SUCCESS", "contributions", "profiles", "report.html", "results", "summary.json"),
                    s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted().toList(),
                    "nothing half-written");
        }
    }

    @Test
    void missingPath() throws IOException {
        expectInvalid("the reference path /no/such/table does not exist; check --reference",
                "--reference", "/no/such/table", "--current", SAMPLE);
        expectInvalid("the current path /no/such/table does not exist; check --current",
                "--reference", SAMPLE, "--current", "/no/such/table");
        // the stored profile is read while the current data is opened: its error, and the current's first
        expectInvalid("the reference-profile path /no/such/profile does not exist; check --reference-profile",
                "--reference-profile", "/no/such/profile", "--current", SAMPLE);
        expectInvalid("the current path /no/such/table does not exist; check --current",
                "--reference-profile", "/no/such/profile", "--current", "/no/such/table");
    }

    @Test
    void unknownFormat() throws IOException {
        expectInvalid("unknown format 'avro'; use one of parquet, csv, orc, json, delta",
                "--reference", SAMPLE, "--current", SAMPLE, "--format", "avro");
    }

    @Test
    void unreadableAsTheGivenFormat() throws IOException {
        expectInvalid("cannot read the reference data", "--reference", "conf/sample.yaml", "--current", SAMPLE);
    }

    @Test
    void featureNamedButMissingFromTheReference() throws IOException {
        // a feature the current data lost, or whose type changed, is a finding, not an input error (SchemaChangeTest)
        expectInvalid("column 'nope' named in --features is not in the reference data",
                "--reference", SAMPLE, "--current", SAMPLE, "--features", "nope");
    }

    @Test
    void emptyReferenceOrCurrent() throws IOException {
        expectInvalid("the reference is empty", "--reference", SAMPLE, "--reference-filter", "date > '2030-01-01'",
                "--current", SAMPLE, "--current-filter", CUR_FILTER);
        expectInvalid("the current data is empty", "--reference", SAMPLE, "--reference-filter", REF_FILTER,
                "--current", SAMPLE, "--current-filter", "date > '2030-01-01'");
    }

    /**
     * A night whose partition has not landed is said from the file listing, before the reference is
     * read: here a reference file that cannot be read would fail the run if the reference were scanned.
     */
    @Test
    void aCurrentDayWithoutFilesIsSaidBeforeTheReferenceIsRead() throws IOException {
        Path copy = tmp.resolve("unread-reference");
        try (Stream<Path> files = Files.walk(Path.of(SAMPLE))) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(Path.of(SAMPLE).relativize(f).toString()));
            }
        }
        Files.writeString(copy.resolve("date=2026-11-02").resolve("part-99999-broken.parquet"), "not parquet");
        expectInvalid("the current data is empty: " + copy + " where date = '2026-11-09' selects no rows",
                "--reference", copy.toString(), "--reference-filter", REF_FILTER, "--current", copy.toString(),
                "--current-filter", "date = '2026-11-09'");
    }

    @Test
    void badEdges() throws IOException {
        expectInvalid("edges must be strictly increasing, but 3.0 is followed by 2.0",
                "--reference", SAMPLE, "--current", SAMPLE, "--edges", "age=1,3,2");
        expectInvalid("edge Infinity is not finite", "--reference", SAMPLE, "--current", SAMPLE, "--edges", "age=1,Infinity");
        expectInvalid("--edges given for 'country', which is not a numeric feature",
                "--reference", SAMPLE, "--current", SAMPLE, "--edges", "country=1,2");
    }

    @Test
    void invalidFilter() throws IOException {
        expectInvalid("invalid --reference-filter", "--reference", SAMPLE, "--reference-filter", "no_such_column > 1",
                "--current", SAMPLE);
    }

    @Test
    void malformedConfig() throws IOException {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "reference: sample-data/events\nthresholds: [oops\n");
        expectInvalid("malformed config " + bad, "--config", bad.toString());
        Path unknown = tmp.resolve("unknown.yaml");
        Files.writeString(unknown, "reference: sample-data/events\ncurrent: sample-data/events\nbinz: 3\n");
        expectInvalid("unknown setting 'binz'", "--config", unknown.toString());
    }
}
