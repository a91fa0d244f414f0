package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.api.ReferenceProfile;
import io.sparkdrift.profile.CategoricalProfile;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.store.ProfileStore;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SameProfile;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * merge-profiles on profiles fitted each on its own data: a profile keeps the state its bins were
 * read off (grids and sketches), the merge refits on the merged state, and the result is the
 * profile of all their data — whatever edges each day had.
 */
class MergedProfilesTest {
    private static final String SAMPLE = "sample-data/events";

    @TempDir
    Path tmp;

    @Test
    void dailyProfilesFittedOnTheirOwnDataMergeIntoTheProfileOfTheirUnion() throws Exception {
        Path week = profile("week", SAMPLE, "date < '2026-11-08'");
        for (int d = 1; d <= 7; d++) {
            profile("daily/2026-11-0" + d, SAMPLE, "date = '2026-11-0" + d + "'");
        }
        SparkSession spark = SparkTestSession.get();
        NumericProfile day1 = (NumericProfile) ProfileStore.read(spark, tmp.resolve("daily/2026-11-01").toString(), "t")
                .profile().feature("income");
        NumericProfile day2 = (NumericProfile) ProfileStore.read(spark, tmp.resolve("daily/2026-11-02").toString(), "t")
                .profile().feature("income");
        assertNotEquals(day1.binning(), day2.binning(), "the days were fitted on edges of their own");

        RunResult merged = RunResult.run(tmp.resolve("merged"), "merge-profiles", "--profiles", tmp.resolve("daily/*").toString());
        assertEquals(ExitCode.OK, merged.exit(), merged.stderr());
        assertTrue(merged.stdout().contains("bins fitted on their merged state"), merged.stdout());
        ProfileStore.Stored sum = ProfileStore.read(spark, tmp.resolve("merged").toString(), "t", true);
        SameProfile.assertSame(ProfileStore.read(spark, week.toString(), "t").profile(), sum.profile());
        assertNotNull(sum.fitState(), "the merge keeps its state, so it merges again");
        assertFalse(sum.history().isEmpty(), "seven days: each day's metrics against the others, on the merged bins");

        RunResult vsUnion = RunResult.run(tmp.resolve("vs-union"), "--reference-profile", week.toString(), "--current", SAMPLE,
                "--current-date", "2026-11-08");
        RunResult vsMerged = RunResult.run(tmp.resolve("vs-merged"), "--reference-profile", tmp.resolve("merged").toString(),
                "--current", SAMPLE, "--current-date", "2026-11-08", "--learn-thresholds");
        assertEquals(ExitCode.OK, vsMerged.exit(), vsMerged.stderr());
        RunResult.assertSameMetrics(vsUnion, vsMerged);
        assertTrue(vsMerged.features().values().stream().anyMatch(f -> f.path("details").has("learned_thresholds")),
                "the merge's history serves --learn-thresholds");
    }

    @Test
    void mergingMergedProfilesGivesTheMergeOfAllDaysAndMergingOneGivesItBack() throws Exception {
        for (int d = 1; d <= 5; d++) {
            profile("daily/2026-11-0" + d, SAMPLE, "date = '2026-11-0" + d + "'");
        }
        String daily = tmp.resolve("daily").toString();
        assertEquals(ExitCode.OK, RunResult.run(tmp.resolve("first"), "merge-profiles", "--profiles",
                daily + "/2026-11-01," + daily + "/2026-11-02").exit());
        assertEquals(ExitCode.OK, RunResult.run(tmp.resolve("rest"), "merge-profiles", "--profiles",
                daily + "/2026-11-0[3-5]").exit());
        RunResult ofMerges = RunResult.run(tmp.resolve("of-merges"), "merge-profiles", "--profiles",
                tmp.resolve("first") + "," + tmp.resolve("rest"));
        assertEquals(ExitCode.OK, ofMerges.exit(), ofMerges.stderr());
        assertEquals(ExitCode.OK, RunResult.run(tmp.resolve("all"), "merge-profiles", "--profiles", daily + "/*").exit());
        Path direct = profile("direct", SAMPLE, "date <= '2026-11-05'");
        SparkSession spark = SparkTestSession.get();
        SameProfile.assertSame(ProfileStore.read(spark, tmp.resolve("all").toString(), "t").profile(),
                ProfileStore.read(spark, tmp.resolve("of-merges").toString(), "t").profile());
        SameProfile.assertSame(ProfileStore.read(spark, direct.toString(), "t").profile(),
                ProfileStore.read(spark, tmp.resolve("of-merges").toString(), "t").profile());
        assertEquals(ExitCode.OK, RunResult.run(tmp.resolve("one"), "merge-profiles", "--profiles", daily + "/2026-11-03").exit());
        SameProfile.assertSame(ProfileStore.read(spark, daily + "/2026-11-03", "t").profile(),
                ProfileStore.read(spark, tmp.resolve("one").toString(), "t").profile());
    }

    @Test
    void profilesBuiltInCodeMergeOnAnyEdgesIntoTheProfileOfBothDays() {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> events = spark.read().parquet(SAMPLE);
        ReferenceProfile day1 = ReferenceProfile.of(spark, events.where("date = '2026-11-01'"), Map.of());
        ReferenceProfile day2 = ReferenceProfile.of(spark, events.where("date = '2026-11-02'"), Map.of());
        ReferenceProfile both = ReferenceProfile.of(spark, events.where("date <= '2026-11-02'"), Map.of());
        SameProfile.assertSame(both.profile(), day1.merge(day2).profile());
        SameProfile.assertSame(both.profile(), day2.merge(day1).profile());
        // merging leaves the profiles merged as they were
        SameProfile.assertSame(day1.profile(), ReferenceProfile.of(spark, events.where("date = '2026-11-01'"), Map.of()).profile());
    }

    @Test
    void truncatedVocabulariesMergeIntoTheUnionsCategoriesAndFilter() throws Exception {
        // day 1: categories c0..c19, day 2: c10..c29; ten kept, so each day's vocabulary is truncated
        String data = write("SELECT CAST(id % 7 AS DOUBLE) * 1.5 + IF(id >= 200, 0.25, 0) AS x,"
                + " CONCAT('c', CAST(id % 20 + IF(id >= 200, 10, 0) AS STRING)) AS code,"
                + " IF(id >= 200, '2026-11-02', '2026-11-01') AS date FROM range(400)");
        profile("d1", data, "date = '2026-11-01'", "--max-categories", "10");
        profile("d2", data, "date = '2026-11-02'", "--max-categories", "10");
        Path both = profile("both", data, "true", "--max-categories", "10");
        RunResult merged = RunResult.run(tmp.resolve("merged"), "merge-profiles", "--profiles",
                tmp.resolve("d1") + "," + tmp.resolve("d2"));
        assertEquals(ExitCode.OK, merged.exit(), merged.stderr());
        SparkSession spark = SparkTestSession.get();
        ProfileStore.Stored m = ProfileStore.read(spark, tmp.resolve("merged").toString(), "t");
        SameProfile.assertSame(ProfileStore.read(spark, both.toString(), "t").profile(), m.profile());
        CategoricalProfile code = (CategoricalProfile) m.profile().feature("code");
        assertFalse(code.binning().complete());
        assertNotNull(code.binning().referenceValues());
        assertTrue(code.binning().referenceValues().mightContain("c0") && code.binning().referenceValues().mightContain("c29"));
    }

    @Test
    void profilesThatCannotBeRefittedAlikeAreRefusedWithTheFix() throws Exception {
        // 40 categories a day, none shared: 80 together, past what a profile with ten kept counts exactly
        String data = write("SELECT CAST(id AS DOUBLE) AS x, CONCAT('c', CAST(id % 40 + IF(id >= 200, 40, 0) AS STRING)) AS code,"
                + " IF(id >= 200, '2026-11-02', '2026-11-01') AS date FROM range(400)");
        profile("d1", data, "date = '2026-11-01'", "--max-categories", "10");
        profile("d2", data, "date = '2026-11-02'", "--max-categories", "10");
        RunResult tooMany = RunResult.run(tmp.resolve("m1"), "merge-profiles", "--profiles", tmp.resolve("d1") + "," + tmp.resolve("d2"));
        assertEquals(ExitCode.INVALID_INPUT, tooMany.exit());
        assertTrue(tooMany.stderr().contains("feature code has more distinct values") && tooMany.stderr().contains("--edges-from"),
                tooMany.stderr());

        profile("coarse", SAMPLE, "date = '2026-11-01'", "--bins", "10");
        profile("fine", SAMPLE, "date = '2026-11-02'");
        RunResult settings = RunResult.run(tmp.resolve("m2"), "merge-profiles", "--profiles", tmp.resolve("coarse") + ","
                + tmp.resolve("fine"));
        assertEquals(ExitCode.INVALID_INPUT, settings.exit());
        assertTrue(settings.stderr().contains("different --bins, --resolution or --max-categories"), settings.stderr());
        profile("without-income", SAMPLE, "date = '2026-11-03'", "--exclude", "income");
        RunResult features = RunResult.run(tmp.resolve("m3"), "merge-profiles", "--profiles", tmp.resolve("fine") + ","
                + tmp.resolve("without-income"));
        assertEquals(ExitCode.INVALID_INPUT, features.exit());
        assertTrue(features.stderr().contains("hold different features (income only in the first"), features.stderr());
        for (RunResult r : java.util.List.of(tooMany, settings, features)) {
            assertEquals(1, r.stderr().strip().lines().count(), r.stderr());
        }
    }

    @Test
    void aProfileOnGivenEdgesKeepsNoFitState() throws Exception {
        Path base = profile("base", SAMPLE, "date = '2026-11-01'");
        Path pinned = profile("pinned", SAMPLE, "date = '2026-11-02'", "--edges-from", base.toString());
        SparkSession spark = SparkTestSession.get();
        assertNotNull(ProfileStore.read(spark, base.toString(), "t", true).fitState());
        assertNull(ProfileStore.read(spark, pinned.toString(), "t", true).fitState());
        assertNull(ProfileStore.read(spark, base.toString(), "t").fitState(), "a comparison does not read it");
    }

    @Test
    void aDriverWhoseHeapRunsOutReadingProfilesExitsWithThreeAndOneLineNotWithTheCodeOfADrift() {
        profile("heap/2026-11-01", SAMPLE, "date = '2026-11-01'");
        profile("heap/2026-11-02", SAMPLE, "date = '2026-11-02'");
        RunResult merge;
        RunResult nightly;
        System.setProperty("sparkdrift.failpoint", "profile-read"); // the heap runs out where a stored profile is read
        try {
            merge = RunResult.run(tmp.resolve("heap-merged"), "merge-profiles", "--profiles", tmp.resolve("heap/*").toString());
            nightly = RunResult.run(tmp.resolve("heap-nightly"), "--reference-profile", tmp.resolve("heap/2026-11-01").toString(),
                    "--current", SAMPLE, "--current-date", "2026-11-08");
        } finally {
            System.clearProperty("sparkdrift.failpoint");
        }
        for (RunResult r : new RunResult[] {merge, nightly}) {
            assertEquals(ExitCode.RUNTIME_FAILURE, r.exit(), "3, not 1 (a drift): " + r.stderr());
            assertTrue(r.stderr().startsWith("runtime failure: ") && r.stderr().contains("Java heap space")
                    && r.stderr().contains("ran out of memory in this JVM"), r.stderr());
            assertEquals(1, r.stderr().strip().lines().count(), "one line: " + r.stderr());
        }
        assertFalse(java.nio.file.Files.exists(tmp.resolve("heap-merged/profile")), "nothing published");
    }

    private Path profile(String name, String input, String filter, String... extra) {
        Path out = tmp.resolve(name);
        String[] args = new String[5 + extra.length];
        args[0] = "profile";
        args[1] = "--input";
        args[2] = input;
        args[3] = "--filter";
        args[4] = filter;
        System.arraycopy(extra, 0, args, 5, extra.length);
        RunResult r = RunResult.run(out, args);
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        return out;
    }

    private String write(String sql) {
        String dir = tmp.resolve("data").toString();
        SparkTestSession.get().sql(sql).write().partitionBy("date").parquet(dir);
        return dir;
    }
}
