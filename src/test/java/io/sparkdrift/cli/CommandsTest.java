package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.compare.Metric;
import io.sparkdrift.job.JobConfig;
import io.sparkdrift.profile.FeatureType;
import io.sparkdrift.run.InputException;
import io.sparkdrift.settings.Commands;
import io.sparkdrift.settings.ConfigFile;
import io.sparkdrift.settings.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command line and YAML config: merging, defaults, and a clear error for every invalid setting. */
class CommandsTest {
    @TempDir
    Path tmp;

    private static JobConfig parse(String... args) {
        return Commands.run(CommandLine.parse(args).settings());
    }

    @Test
    void defaults() {
        JobConfig c = parse("--reference", "r", "--current", "c", "--out", "o");
        assertEquals("parquet", c.current().format());
        assertEquals(20, c.bins());
        assertEquals(1000, c.resolution());
        assertEquals(1e-4, c.smoothing());
        assertEquals(200, c.maxCategories());
        assertEquals(0.1, c.policy().thresholds("x", FeatureType.NUMERIC).get(Metric.WASSERSTEIN_NORMED));
        assertEquals(0.1, c.policy().thresholds("x", FeatureType.CATEGORICAL).get(Metric.JS_DISTANCE));
        assertEquals(0.5, c.policy().datasetShare());
        assertTrue(!c.failOnDrift());
    }

    @Test
    void flagsInBothForms() {
        JobConfig c = parse("--reference=r", "--current", "c", "--out", "o", "--features", "a,b", "--features", "c",
                "--edges", "a=0,1,2.5", "--threshold", "numeric:psi=0.2", "--threshold", "b:js_distance=0.3",
                "--threshold", "categorical:null_rate_delta=none",
                "--fail-on-drift", "--run-date", "2026-01-31", "--format", "CSV");
        assertEquals(List.of("a", "b", "c"), c.features());
        assertArrayEquals(new double[] {0, 1, 2.5}, c.edges().get("a"));
        assertEquals(0.2, c.policy().numeric().get(Metric.PSI));
        assertEquals(0.1, c.policy().numeric().get(Metric.WASSERSTEIN_NORMED), "type defaults are kept");
        assertEquals(0.3, c.policy().thresholds("b", FeatureType.NUMERIC).get(Metric.JS_DISTANCE));
        assertEquals(null, c.policy().categorical().get(Metric.NULL_RATE_DELTA), "'none' removes a default");
        assertTrue(c.failOnDrift());
        assertEquals("csv", c.current().format());
        assertEquals("2026-01-31", c.runDate().toString());
    }

    @Test
    void configFileWithFlagsWinning() throws Exception {
        Path yaml = tmp.resolve("c.yaml");
        Files.writeString(yaml, String.join("\n",
                "reference: from-file", "current: cur", "out: o", "bins: 10", "exclude: [x, y]",
                "edges:", "  a: [1, 2, 3]",
                "thresholds:", "  categorical:", "    psi: 0.25", "  features:", "    a: {ks_pvalue: 0.01}"));
        Settings s = ConfigFile.read(yaml.toString())
                .overlay(CommandLine.parse(new String[] {"--bins", "30", "--reference", "flag"}).settings());
        JobConfig c = Commands.run(s);
        assertEquals("flag", c.reference().location());
        assertEquals(30, c.bins());
        assertEquals(List.of("x", "y"), c.exclude());
        assertArrayEquals(new double[] {1, 2, 3}, c.edges().get("a"));
        assertEquals(0.25, c.policy().categorical().get(Metric.PSI));
        assertEquals(0.01, c.policy().thresholds("a", FeatureType.NUMERIC).get(Metric.KS_PVALUE));
    }

    @Test
    void invalidSettingsNameTheProblemAndTheFix() throws Exception {
        expect("missing --reference", "--current", "c", "--out", "o");
        expect("invalid bins 'zero': expected a whole number >= 1", "--reference", "r", "--current", "c", "--out", "o", "--bins", "zero");
        expect("unknown format 'xls'", "--reference", "r", "--current", "c", "--out", "o", "--format", "xls");
        expect("strictly increasing", "--reference", "r", "--current", "c", "--out", "o", "--edges", "a=1,3,2");
        expect("is not finite", "--reference", "r", "--current", "c", "--out", "o", "--edges", "a=1,Infinity");
        expect("is not finite", "--reference", "r", "--current", "c", "--out", "o", "--edges", "a=NaN,1");
        expect("'q' is not a number", "--reference", "r", "--current", "c", "--out", "o", "--edges", "a=1,q");
        expect("unknown metric 'kl'", "--reference", "r", "--current", "c", "--out", "o", "--threshold", "numeric:kl=1");
        expect("invalid smoothing", "--reference", "r", "--current", "c", "--out", "o", "--smoothing", "-1");
        expect("unknown setting 'colour'", "--reference", "r", "--current", "c", "--out", "o", "--colour", "red");
        expect("expected a date", "--reference", "r", "--current", "c", "--out", "o", "--run-date", "yesterday");
        expect("needs a value", "--reference");
        for (String wrong : List.of("1e-6", "-1", "0.6", "abc")) { // one message for every wrong value
            expect("invalid chance-alpha '" + wrong + "': expected 0 (off) or a number between 0.001 and 0.5", "--reference", "r",
                    "--current", "c", "--out", "o", "--chance-alpha", wrong);
        }

        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "reference: [unclosed\n");
        InputException e = assertThrows(InputException.class, () -> ConfigFile.read(bad.toString()));
        assertTrue(e.getMessage().startsWith("malformed config " + bad), e.getMessage());
        Path unknown = tmp.resolve("unknown.yaml");
        Files.writeString(unknown, "referense: x\n");
        e = assertThrows(InputException.class, () -> ConfigFile.read(unknown.toString()));
        assertTrue(e.getMessage().contains("unknown setting 'referense'"), e.getMessage());
        e = assertThrows(InputException.class, () -> ConfigFile.read(tmp.resolve("nope.yaml").toString()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    private static void expect(String fragment, String... args) {
        InputException e = assertThrows(InputException.class, () -> parse(args));
        assertTrue(e.getMessage().contains(fragment), "message: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
