package io.sparkdrift.store;

import io.sparkdrift.compare.Metric;
import io.sparkdrift.profile.CategoricalProfile;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.FeatureType;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.profile.ReferenceAccumulator;
import io.sparkdrift.profile.ReferenceValues;
import io.sparkdrift.profile.ValueGrid;
import io.sparkdrift.profile.VocabularyFit;
import io.sparkdrift.run.InputException;
import io.sparkdrift.scan.InputReader;
import java.io.IOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Stored dataset profiles: Parquet with the {@link ProfileRows} schema, one row per feature. A
 * profile written by the {@code profile} mode has role "profile"; a run's {@code profiles/} output
 * can be used as well (its "reference" rows are read). Reading takes one row per feature, whose
 * size depends on bins and categories, never on rows; it happens on the driver ({@link ProfileParquet}).
 */
public final class ProfileStore {
    /** Roles whose rows describe a dataset usable as a reference. */
    static final List<String> READABLE_ROLES = List.of("profile", "reference");

    /**
     * A profile read back, with the run that wrote it.
     *
     * @param sourceTypes feature → the Spark type it was profiled from (features of profiles written
     *     before schema version 3 are absent), and the profiled data's other columns (partition,
     *     segment, left-out and unsupported columns; recorded since this version) → their Spark type
     * @param history feature → metric → its value for each merged day against the rest (written by
     *     merge-profiles, for {@code --learn-thresholds}); empty when the profile has none
     * @param fitState the state the profile was read off (its pass's grids and sketches, for every
     *     feature), so that it merges with profiles fitted on other data; null when it has none (a
     *     profile on given edges, with segments, or read without it)
     */
    public record Stored(DatasetProfile profile, String runId, LocalDate runDate, Map<String, String> sourceTypes,
            Map<String, Map<Metric, double[]>> history, List<String> segmentBy, List<Segment> segments,
            ReferenceAccumulator fitState) {
        /** A profile without segments or fit state. */
        public Stored(DatasetProfile profile, String runId, LocalDate runDate, Map<String, String> sourceTypes,
                Map<String, Map<Metric, double[]>> history) {
            this(profile, runId, runDate, sourceTypes, history, List.of(), List.of(), null);
        }

        /** This profile without its fit state (what a merge keeps of a profile once its state is merged). */
        public Stored withoutFitState() {
            return new Stored(profile, runId, runDate, sourceTypes, history, segmentBy, segments, null);
        }
    }

    /**
     * One segment of a stored profile ({@code profile --segment-by}).
     *
     * @param label as the outputs show it ({@code market=DE}, or "other", last)
     * @param key the key rows of this segment have (null for "other")
     * @param history feature → metric → the segment's value for each merged day against its other days
     *     (merge-profiles of at least seven days), else empty
     */
    public record Segment(String label, String key, DatasetProfile profile, Map<String, Map<Metric, double[]>> history) {
        /** A segment without history. */
        public Segment(String label, String key, DatasetProfile profile) {
            this(label, key, profile, Map.of());
        }
    }

    private ProfileStore() {
    }

    /** Writes a profile (with its features' Spark types, so that later runs see retypes, and its history) to {@code path}. */
    public static void write(SparkSession spark, Stored p, String path) {
        Map<String, ProfileRows.FitColumns> fit = fitColumns(p.fitState());
        List<Row> rows = new java.util.ArrayList<>(p.profile().features().values().stream()
                .map(f -> ProfileRows.toRow(f, "profile", p.runId(), p.runDate(), p.sourceTypes().get(f.feature()),
                        p.history().get(f.feature()), null, fit.get(f.feature()))).toList());
        for (Segment seg : p.segments()) {
            ProfileRows.SegmentOf of = new ProfileRows.SegmentOf(seg.label(), seg.key(), String.join(",", p.segmentBy()));
            seg.profile().features().values().forEach(f -> rows.add(ProfileRows.toRow(f, "profile", p.runId(), p.runDate(),
                    p.sourceTypes().get(f.feature()), seg.history().get(f.feature()), of)));
        }
        p.sourceTypes().forEach((column, type) -> {
            if (p.profile().feature(column) == null) {
                rows.add(ProfileRows.columnRow(column, type, p.runId(), p.runDate()));
            }
        });
        ResultTables.write(spark, rows, ProfileRows.SCHEMA, path);
    }

    /** Each feature's part of a fit state (empty for none). */
    private static Map<String, ProfileRows.FitColumns> fitColumns(ReferenceAccumulator state) {
        Map<String, ProfileRows.FitColumns> out = new LinkedHashMap<>();
        if (state == null) {
            return out;
        }
        List<FeatureSpec> numeric = state.numericSpecs();
        for (int i = 0; i < numeric.size(); i++) {
            out.put(numeric.get(i).name(), new ProfileRows.FitColumns(state.settings(), state.grid(i), null));
        }
        VocabularyFit v = state.vocabulary();
        for (int j = 0; j < v.categoricalFeatures().size(); j++) {
            out.put(v.categoricalFeatures().get(j).name(), new ProfileRows.FitColumns(state.settings(), null, v.sketchBytes(j)));
        }
        return out;
    }

    /** As {@link #read(SparkSession, String, String, boolean)}, without the fit state (what a comparison needs). */
    public static Stored read(SparkSession spark, String path, String what) {
        return read(spark, path, what, false);
    }

    /**
     * Reads the profile at {@code path}: a profile table itself, or a directory holding one as
     * {@code profile/} (the profile and merge-profiles modes) or {@code profiles/} (a drift run).
     *
     * @param what how the user named this path, for error messages (e.g. "--reference-profile")
     * @param withFitState whether to read the fit state too (for merging), when every feature has it
     */
    public static Stored read(SparkSession spark, String path, String what, boolean withFitState) {
        path = resolve(spark, path);
        String role = what.replace("--", "");
        InputReader.requireExists(spark, role, path);
        ProfileParquet.Read read;
        try {
            read = ProfileParquet.read(spark.sparkContext().hadoopConfiguration(), path,
                    withFitState ? ProfileRows.SCHEMA : ProfileRows.COMPARED);
        } catch (IOException | RuntimeException e) {
            throw new InputException("cannot read the " + role + " data at " + path + " as parquet: "
                    + InputReader.firstLine(e) + "; check " + what, e);
        }
        FailPoint.heap("profile-read");
        if (read.missingColumn() != null) {
            throw new InputException(what + " " + path + " is not a spark-drift profile (no column '" + read.missingColumn()
                    + "'); write one with the profile mode or point at a run's profiles/ directory");
        }
        List<Row> rows = new java.util.ArrayList<>(read.rows().stream()
                .filter(r -> READABLE_ROLES.contains(r.<String>getAs("role"))).toList());
        List<Row> columns = read.rows().stream().filter(r -> ProfileRows.COLUMN_ROLE.equals(r.getAs("role"))).toList();
        List<String> runs = rows.stream().map(r -> r.<String>getAs("run_id")).distinct().sorted().toList();
        if (runs.isEmpty()) {
            throw new InputException(what + " " + path + " holds no reference profile rows");
        }
        if (runs.size() > 1) {
            throw new InputException(what + " " + path + " holds profiles of " + runs.size() + " runs (" + runs.get(0)
                    + ", ...); point it at one run_date=... directory, or merge them with merge-profiles");
        }
        rows.sort(java.util.Comparator.comparingInt(ProfileStore::order).thenComparing(r -> r.<String>getAs("feature")));
        Map<String, FeatureProfile> features = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Map<Metric, double[]>> history = new LinkedHashMap<>();
        Map<String, Map<String, FeatureProfile>> segmentFeatures = new LinkedHashMap<>();
        Map<String, Map<String, Map<Metric, double[]>>> segmentHistory = new LinkedHashMap<>();
        Map<String, ProfileRows.FitColumns> fit = new LinkedHashMap<>();
        Map<String, String> segmentKeys = new LinkedHashMap<>();
        List<String> segmentBy = List.of();
        long datasetRows = 0;
        for (Row r : rows) {
            FeatureProfile f = ProfileRows.fromRow(r);
            String segment = r.getAs("segment");
            if (segment != null) {
                segmentFeatures.computeIfAbsent(segment, k -> new LinkedHashMap<>()).put(f.feature(), f);
                Map<Metric, double[]> h = ProfileRows.history(r);
                if (!h.isEmpty()) {
                    segmentHistory.computeIfAbsent(segment, k -> new LinkedHashMap<>()).put(f.feature(), h);
                }
                segmentKeys.put(segment, r.getAs("segment_key"));
                segmentBy = List.of(r.<String>getAs("segment_by").split(","));
                continue;
            }
            features.put(f.feature(), f);
            ProfileRows.FitColumns state = withFitState ? fitColumns(r, path, what) : null;
            if (state != null) {
                fit.put(f.feature(), state);
            }
            if (r.getAs("source_type") != null) {
                types.put(f.feature(), r.getAs("source_type"));
            }
            Map<Metric, double[]> h = ProfileRows.history(r);
            if (!h.isEmpty()) {
                history.put(f.feature(), h);
            }
            datasetRows = Math.max(datasetRows, f.rows());
        }
        for (Row r : columns) { // the data's other columns: known to the reference, but not profiled
            if (runs.contains(r.<String>getAs("run_id")) && !features.containsKey(r.<String>getAs("feature"))) {
                types.putIfAbsent(r.getAs("feature"), r.getAs("source_type"));
            }
        }
        Row first = rows.get(0);
        if (first.getAs("run_date") == null) {
            throw new InputException(what + " " + path + " has no run_date (it is not under a run_date=... directory);"
                    + " point it at a profile written by the profile mode or a run's profiles/ directory");
        }
        List<Segment> segments = new java.util.ArrayList<>();
        segmentFeatures.forEach((label, f) -> segments.add(new Segment(label, segmentKeys.get(label),
                new DatasetProfile(f.values().stream().mapToLong(FeatureProfile::rows).max().orElse(0), f),
                segmentHistory.getOrDefault(label, Map.of()))));
        // most frequent in the reference first, "other" last (as the run that wrote them ordered them)
        segments.sort(java.util.Comparator.comparing((Segment x) -> x.key() == null)
                .thenComparing(x -> -x.profile().rows()).thenComparing(Segment::label));
        DatasetProfile profile = new DatasetProfile(datasetRows, features);
        return new Stored(profile, first.getAs("run_id"), first.<java.sql.Date>getAs("run_date").toLocalDate(), types, history,
                segmentBy, segments, segments.isEmpty() ? fitState(profile, fit, path, what) : null);
    }

    private static ProfileRows.FitColumns fitColumns(Row r, String path, String what) {
        try {
            return ProfileRows.fitColumns(r);
        } catch (RuntimeException e) {
            throw new InputException(what + " " + path + ": the fit state of feature " + r.getAs("feature")
                    + " cannot be read (" + InputReader.firstLine(e) + "); make that profile again", e);
        }
    }

    /** The fit state of a profile whose every feature has one with the same settings, else null. */
    private static ReferenceAccumulator fitState(DatasetProfile profile, Map<String, ProfileRows.FitColumns> fit, String path,
            String what) {
        if (fit.size() != profile.features().size()
                || fit.values().stream().map(ProfileRows.FitColumns::settings).distinct().count() != 1) {
            return null;
        }
        List<FeatureSpec> numeric = new java.util.ArrayList<>();
        List<ValueGrid> grids = new java.util.ArrayList<>();
        List<FeatureSpec> categorical = new java.util.ArrayList<>();
        List<byte[]> sketches = new java.util.ArrayList<>();
        List<ReferenceValues> values = new java.util.ArrayList<>();
        for (FeatureProfile f : profile.features().values()) {
            ProfileRows.FitColumns c = fit.get(f.feature());
            if (f instanceof CategoricalProfile cat) {
                categorical.add(new FeatureSpec(f.feature(), FeatureType.CATEGORICAL));
                sketches.add(c.sketch());
                values.add(cat.binning().referenceValues());
            } else {
                numeric.add(new FeatureSpec(f.feature(), FeatureType.NUMERIC));
                grids.add(c.grid());
            }
        }
        FitSettings settings = fit.values().iterator().next().settings();
        try {
            return ReferenceAccumulator.restore(numeric, settings, grids,
                    VocabularyFit.restore(categorical, settings, profile.rows(), sketches, values));
        } catch (RuntimeException e) {
            throw new InputException(what + " " + path + ": the categories' fit state cannot be read ("
                    + InputReader.firstLine(e) + "); make that profile again", e);
        }
    }

    private static String resolve(SparkSession spark, String path) {
        for (String sub : List.of("profile", "profiles")) {
            try {
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path, sub);
                if (p.getFileSystem(spark.sparkContext().hadoopConfiguration()).isDirectory(p)) {
                    return p.toString();
                }
            } catch (java.io.IOException | IllegalArgumentException e) {
                return path; // the read below reports the problem
            }
        }
        return path;
    }

    /** Numeric features first, as the scans order them. */
    private static int order(Row r) {
        return "numeric".equals(r.getAs("type")) ? 0 : 1;
    }

    /**
     * Whether Spark and Hive skip a file or directory of this name ("_" or "." first): staging,
     * versions and markers of published outputs, which globs over profiles must skip too.
     */
    public static boolean hidden(String name) {
        return name.startsWith("_") || name.startsWith(".");
    }
}
