package io.sparkdrift.job;

import io.sparkdrift.compare.DailyProfiles;
import io.sparkdrift.compare.DriftPolicy;
import io.sparkdrift.compare.FeatureComparator;
import io.sparkdrift.compare.History;
import io.sparkdrift.compare.LearnedThreshold;
import io.sparkdrift.compare.Metric;
import io.sparkdrift.output.OutputPublisher;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.ReferenceAccumulator;
import io.sparkdrift.run.InputException;
import io.sparkdrift.scan.InputReader;
import io.sparkdrift.scan.ParquetWidening;
import io.sparkdrift.scan.ProfileScan;
import io.sparkdrift.scan.SparkSettings;
import io.sparkdrift.store.ProfileStore;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code profile} and {@code merge-profiles} modes: build a stored reference once, then compare
 * every night's data against it without reading the reference data again.
 * <ul>
 *   <li>{@code profile --input PATH [--filter SQL] --out DIR}: profiles a dataset (bins fitted on it,
 *       keeping the state they were fitted from, or taken from {@code --edges-from PROFILE}) and
 *       stores it as {@code DIR/profile}.</li>
 *   <li>{@code merge-profiles --profiles P1,P2,... --out DIR}: merges profiles (e.g. 28 daily ones into
 *       a rolling reference) into {@code DIR/profile}; counts are exact ({@link ProfileMerge}).</li>
 * </ul>
 */
public final class ProfileJob {
    private final SparkSession spark;
    private final PrintStream console;

    public ProfileJob(SparkSession spark, PrintStream console) {
        SparkSettings.check(spark.sparkContext().getConf());
        this.spark = spark;
        this.console = console;
    }

    /** The profile mode: {@link #build}, then {@link #save} into {@code p.out()}. */
    public DatasetProfile profile(ProfileConfig p) {
        ProfileStore.Stored built = build(p);
        save(built, p.out());
        console.println("profiled " + built.profile().rows() + " rows, " + built.profile().features().size()
                + " features into " + p.out() + "/profile");
        return built.profile();
    }

    /**
     * Profiles the input (bins fitted on it, or the edges of {@code p.edgesFrom()}); writes nothing.
     * The result carries a new run id, the run date and the Spark type of every feature.
     */
    public ProfileStore.Stored build(ProfileConfig p) {
        return ParquetWidening.explained(() -> profiled(p));
    }

    private ProfileStore.Stored profiled(ProfileConfig p) {
        InputReader.Input input = InputReader.read(spark, "input", p.asReference().current(), p.asReference().currentFilter());
        JobConfig c = p.asReference().withOffsetNames(input.frame().schema());
        DatasetProfile profile;
        Map<String, String> types = new LinkedHashMap<>();
        List<ProfileStore.Segment> segments = new ArrayList<>();
        List<String> segmentBy = List.of();
        ReferenceAccumulator fitState = null;
        if (c.referenceProfile() == null) {
            Reference ref = Reference.scanned(spark, c, input);
            profile = ref.profile();
            fitState = ref.fitState();
            types.putAll(ref.schema().referenceTypes());
            segmentBy = segments(ref, ref.pending().segments(), segments);
        } else {
            Reference ref = Reference.stored(spark, c, input);
            ref.plan().all().forEach(f -> types.put(f.name(), ref.schema().currentTypes().get(f.name())));
            ref.schema().currentTypes().forEach(types::putIfAbsent); // the input's other columns
            if (ref.segmentKey() == null) {
                profile = ProfileScan.profile(ref.current().frame(), ref.numeric(), ref.plan().categorical(), ref.numericBins(),
                        ref.categoricalBins());
            } else { // the stored profile's segments, on its keys
                ProfileScan.Segmented seg = ProfileScan.profileSegmented(ref.current().frame(), ref.numeric(),
                        ref.plan().categorical(), ref.numericBins(), ref.categoricalBins(), null, ref.segmentKey(),
                        ref.segmentKeys()).get("");
                profile = seg.overall();
                segmentBy = segments(ref, seg.segments(), segments);
            }
        }
        if (profile.rows() == 0) {
            throw new InputException("the input is empty: " + c.current().location()
                    + (c.currentFilter() == null ? "" : " where " + c.currentFilter()) + " selects no rows; check --input and --filter");
        }
        LocalDate date = p.runDate() == null ? LocalDate.now(ZoneOffset.UTC) : p.runDate();
        return new ProfileStore.Stored(profile, DriftJob.newRunId(date), date, types, Map.of(), segmentBy, segments, fitState);
    }

    /** Adds the reference's segments (labels, keys, profiles) to {@code out}; returns the segment columns. */
    private static List<String> segments(Reference ref, List<DatasetProfile> profiles, List<ProfileStore.Segment> out) {
        if (ref.segmentKey() == null) {
            return List.of();
        }
        List<String> labels = ref.segmentLabels();
        for (int i = 0; i < profiles.size(); i++) {
            out.add(new ProfileStore.Segment(labels.get(i), i < ref.segmentKeys().size() ? ref.segmentKeys().get(i) : null,
                    profiles.get(i)));
        }
        return ref.segmentKey().columns();
    }

    /** What to do when profiles cannot be merged. */
    static final String MERGE_FIX = "make the profiles with this version's profile mode (without --edges, --edges-from or"
            + " --segment-by they merge on any edges), or make them all with --edges-from one profile";

    /**
     * The merge-profiles mode: merges the profiles ({@link ProfileMerge}: refitted on their merged
     * state when all keep one, else on their shared edges) into {@code m.out()/profile}, with each
     * profile's metrics against the others as the history {@code --learn-thresholds} learns from (and,
     * for segmented profiles, each segment's against the segment in the others).
     */
    public DatasetProfile merge(MergeConfig m) {
        List<String> paths = expand(m.profiles());
        Map<String, String> types = new LinkedHashMap<>();
        LocalDate[] last = new LocalDate[1];
        ProfileStore.Stored[] first = new ProfileStore.Stored[1]; // without its fit state: what the output takes from it
        try (ProfileMerge.Merged merged = ProfileMerge.merge(new ProfileMerge.Source(paths, (i, withFitState) -> {
            ProfileStore.Stored p = ProfileStore.read(spark, paths.get(i), "--profiles", withFitState);
            p.sourceTypes().forEach(types::putIfAbsent);
            last[0] = last[0] == null || p.runDate().isAfter(last[0]) ? p.runDate() : last[0];
            if (i == 0 && first[0] == null) {
                first[0] = p.withoutFitState();
            }
            return p;
        }), MERGE_FIX, true)) {
            LocalDate runDate = m.runDate() != null ? m.runDate() : last[0];
            // each merged profile against the others: the history --learn-thresholds learns from
            FeatureComparator comparator = new FeatureComparator(FeatureComparator.DEFAULT_SMOOTHING, DriftPolicy.defaults());
            Map<String, Map<Metric, double[]>> history = merged.days().size() >= LearnedThreshold.MIN_DAYS
                    ? History.leaveOneDayOut(merged.days(), comparator) : Map.of();
            List<ProfileStore.Segment> segments = new ArrayList<>();
            for (ProfileStore.Segment seg : first[0].segments()) { // each segment's days against its other days, too
                DailyProfiles days = merged.segmentDays().getOrDefault(seg.label(), DailyProfiles.of(List.of()));
                segments.add(new ProfileStore.Segment(seg.label(), seg.key(), merged.segments().get(seg.label()),
                        days.size() >= LearnedThreshold.MIN_DAYS ? History.leaveOneDayOut(days, comparator) : Map.of()));
            }
            save(new ProfileStore.Stored(merged.profile(), DriftJob.newRunId(runDate), runDate, types, history,
                    first[0].segmentBy(), segments, merged.state()), m.out());
            console.println("merged " + paths.size() + " profiles (" + merged.profile().rows() + " rows"
                    + (merged.state() != null ? ", bins fitted on their merged state" : ", on their shared edges") + ") into "
                    + m.out() + "/profile");
            return merged.profile();
        }
    }

    private List<String> expand(List<String> patterns) {
        List<String> out = new ArrayList<>();
        for (String pattern : patterns) {
            try {
                Path p = new Path(pattern);
                FileStatus[] found = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).globStatus(p);
                // hidden names are skipped, as Spark skips them: versions and staging of published outputs
                List<FileStatus> matches = found == null ? List.of() : java.util.Arrays.stream(found)
                        .filter(m -> !ProfileStore.hidden(m.getPath().getName())).toList();
                if (matches.isEmpty()) {
                    throw new InputException("no profile matches " + pattern + "; check --profiles");
                }
                for (FileStatus m : matches) {
                    out.add(m.getPath().toString());
                }
            } catch (IOException e) {
                throw new InputException("cannot list " + pattern + ": " + e.getMessage() + "; check --profiles", e);
            }
        }
        return out.stream().sorted().toList();
    }

    /** Publishes a profile into {@code out/profile} (atomically, as every output). */
    public void save(ProfileStore.Stored p, String out) {
        OutputPublisher publisher = OutputPublisher.open(spark.sparkContext().hadoopConfiguration(), out, p.runId());
        try {
            ProfileStore.write(spark, p, publisher.stagingPath("profile"));
            publisher.publish(List.of("profile"));
        } catch (Exception e) {
            publisher.abort();
            throw new IllegalStateException("writing the profile to " + out + " failed: " + InputReader.firstLine(e), e);
        }
    }
}
