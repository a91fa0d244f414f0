package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.run.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each mode takes its own options only, from the command line and the config file alike: another
 * mode's option is an exit-2 error naming the mode and the option, a typo gets a "did you mean", and
 * every mode has its own generated help. All of it before Spark starts.
 */
class ModeOptionsTest {
    @TempDir
    Path tmp;

    private record Outcome(ExitCode code, String out, String err) {
    }

    private static Outcome main(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        ExitCode code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Outcome(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    private static void assertOneLineError(Outcome r, String... fragments) {
        assertEquals(ExitCode.INVALID_INPUT, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line on stderr: " + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "'" + f + "' in: " + r.err());
        }
    }

    @Test
    void anOptionOfAnotherModeNamesTheModeAndTheOption() {
        assertOneLineError(main("run", "--sql", "x", "--reference", "r", "--current", "c", "--out", "o"),
                "mode run does not take --sql", "query");
        assertOneLineError(main("profile", "--reference-profile", "p", "--input", "i", "--out", "o"),
                "mode profile does not take --reference-profile", "run");
        assertOneLineError(main("query", "--results-table", "t", "--sql", "SELECT 1", "--exact"),
                "mode query does not take --exact");
        assertOneLineError(main("merge-profiles", "--profiles", "a", "--out", "o", "--bins", "5"),
                "mode merge-profiles does not take --bins");
    }

    @Test
    void aTypoGetsTheClosestOptionsOfTheMode() {
        assertOneLineError(main("--refrence", "r", "--current", "c", "--out", "o"),
                "unknown setting 'refrence' for mode run", "did you mean --reference?");
        assertOneLineError(main("profile", "--fitler", "x", "--input", "i", "--out", "o"), "did you mean --filter?");
        assertOneLineError(main("--thresold", "numeric:psi=0.2"), "did you mean --threshold?");
        assertOneLineError(main("--thresholds", "numeric:psi=0.2"), "unknown setting 'thresholds' for mode run",
                "did you mean --threshold?");
    }

    @Test
    void theConfigFileIsCheckedAgainstTheModeToo() throws Exception {
        Path yaml = tmp.resolve("query.yaml");
        Files.writeString(yaml, "results-table: t\nsql: SELECT 1\nbins: 10\n");
        assertOneLineError(main("query", "--config", yaml.toString()), "config " + yaml, "mode query does not take --bins");
    }

    @Test
    void everyModeHasItsOwnHelp() {
        Outcome run = main("run", "--help");
        assertEquals(ExitCode.OK, run.code());
        assertTrue(run.out().contains("--reference-window") && !run.out().contains("--sql "), run.out());
        Outcome query = main("query", "--help");
        assertTrue(query.out().contains("--sql SQL") && !query.out().contains("--bins"), query.out());
        Outcome profile = main("profile", "--help");
        assertTrue(profile.out().contains("--edges-from PROFILE") && !profile.out().contains("--current-date"), profile.out());
        Outcome merge = main("merge-profiles", "--help");
        assertTrue(merge.out().contains("--profiles") && !merge.out().contains("--input"), merge.out());
    }
}
