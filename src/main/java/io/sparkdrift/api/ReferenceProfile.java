package io.sparkdrift.api;

import io.sparkdrift.job.ProfileConfig;
import io.sparkdrift.job.ProfileJob;
import io.sparkdrift.job.ProfileMerge;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.run.InputException;
import io.sparkdrift.scan.Source;
import io.sparkdrift.settings.Commands;
import io.sparkdrift.settings.Mode;
import io.sparkdrift.settings.Settings;
import io.sparkdrift.store.ProfileStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A reference profile from code: built from a DataFrame (as the {@code profile} mode does), stored,
 * loaded, and merged with other profiles (counts add exactly; see {@link #merge}). A
 * {@link DriftCheck} compares against it without reading the reference data again.
 *
 * <pre>{@code
 * ReferenceProfile day1 = ReferenceProfile.of(spark, spark.table("sales").where("date = '2026-11-01'"), Map.of());
 * day1.save(spark, "/profiles/sales/2026-11-01");
 * ReferenceProfile day2 = ReferenceProfile.of(spark, nextDay, Map.of());
 * DriftResult r = DriftCheck.on(spark).reference(day1.merge(day2)).current(today).run();
 * }</pre>
 */
public final class ReferenceProfile {
    private final ProfileStore.Stored stored;

    private ReferenceProfile(ProfileStore.Stored stored) {
        this.stored = stored;
    }

    /**
     * Profiles {@code data} with the {@code profile} mode's settings by their config-file keys
     * ({@code features}, {@code categorical}, {@code exclude}, {@code bins}, {@code resolution},
     * {@code edges}, {@code max-categories}, {@code filter}, {@code edges-from}, {@code run-date}).
     *
     * @throws InputException for a bad setting or an empty input (one line naming the fix)
     */
    public static ReferenceProfile of(SparkSession spark, Dataset<Row> data, Map<String, ?> options) {
        Settings s = new Settings();
        options.forEach((k, v) -> {
            Mode.PROFILE.checkKey(k);
            if (k.equals("input") || k.equals("input-table") || k.equals("out")) {
                throw new InputException("'" + k + "' is a setting of the command line's profile mode; ReferenceProfile.of"
                        + " takes the data, save(...) the place");
            }
            s.put(k, v);
        });
        ProfileConfig c = Commands.profile(s, new Source.Frame(data, "DataFrame"), false);
        return new ReferenceProfile(job(spark).build(c));
    }

    /** The profile stored at {@code path} (a profile mode's output, its {@code profile/}, or a run's {@code profiles/}). */
    public static ReferenceProfile load(SparkSession spark, String path) {
        return new ReferenceProfile(ProfileStore.read(spark, path, "profile path", true));
    }

    /**
     * The profile of both datasets, the later run date kept. Counts are exact: profiles built here or
     * by the profile mode (without {@code edges}, {@code edges-from} or segments) keep the state their
     * bins were fitted from, and merge on any edges into the profile one pass over both datasets
     * gives; others merge bin by bin, which needs the same edges.
     *
     * @throws InputException when the profiles hold different features or segments, or cannot be merged either way
     */
    public ReferenceProfile merge(ReferenceProfile other) {
        ProfileMerge.Merged merged = ProfileMerge.merge(ProfileMerge.Source.of(List.of(stored, other.stored), List.of("this", "other")),
                "build both without the options edges and edges-from, or the later ones with edges-from pointing at the first",
                false);
        LocalDate date = stored.runDate().isAfter(other.stored.runDate()) ? stored.runDate() : other.stored.runDate();
        Map<String, String> types = new java.util.LinkedHashMap<>(other.stored.sourceTypes());
        types.putAll(stored.sourceTypes());
        List<ProfileStore.Segment> segments = new java.util.ArrayList<>();
        for (ProfileStore.Segment seg : stored.segments()) {
            segments.add(new ProfileStore.Segment(seg.label(), seg.key(), merged.segments().get(seg.label())));
        }
        return new ReferenceProfile(new ProfileStore.Stored(merged.profile(), stored.runId(), date, types, Map.of(),
                stored.segmentBy(), segments, merged.state()));
    }

    /** Publishes this profile into {@code out/profile}, as the profile mode does (atomically). */
    public void save(SparkSession spark, String out) {
        job(spark).save(stored, out);
    }

    /** Rows profiled. */
    public long rows() {
        return stored.profile().rows();
    }

    /** The profile itself: one mergeable, immutable profile per feature. */
    public DatasetProfile profile() {
        return stored.profile();
    }

    /** The date the profile is filed under. */
    public LocalDate runDate() {
        return stored.runDate();
    }

    ProfileStore.Stored stored() {
        return stored;
    }

    private static ProfileJob job(SparkSession spark) {
        return new ProfileJob(spark, new PrintStream(OutputStream.nullOutputStream()));
    }
}
