package io.sparkdrift.job;

import io.sparkdrift.compare.FeatureComparator;
import io.sparkdrift.compare.History;
import io.sparkdrift.compare.LearnedThreshold;
import io.sparkdrift.compare.Metric;
import io.sparkdrift.profile.CategoricalBinning;
import io.sparkdrift.profile.CategoricalProfile;
import io.sparkdrift.profile.DailyReference;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.FeatureType;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.profile.ReferenceAccumulator;
import io.sparkdrift.profile.ValueGrid;
import io.sparkdrift.profile.SegmentedReference;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.run.InputException;
import io.sparkdrift.run.RunSummary;
import io.sparkdrift.run.SchemaInfo;
import io.sparkdrift.scan.DayOffsets;
import io.sparkdrift.scan.FeaturePlanner;
import io.sparkdrift.scan.InputReader;
import io.sparkdrift.scan.ParquetWidening;
import io.sparkdrift.scan.ProfileScan;
import io.sparkdrift.scan.SegmentKey;
import io.sparkdrift.scan.SelectedFiles;
import io.sparkdrift.store.ProfileStore;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The reference side of a run: which features are compared, the binnings everything is profiled
 * on, the schemas seen (types and schema changes), and the reference profile — from the reference
 * data (one pass: binnings and profile, with segments each segment's profile ({@link SegmentedReference}),
 * with per-day learning each day's ({@link DailyReference}); a second for segments with per-day learning,
 * for segments or days past those a pass keeps apart, and for the few features listed in
 * {@link ReferenceAccumulator}) or from a stored profile (no reference data read at all). The
 * reference's profile pass runs as its own Spark job beside the current data's (both need only the
 * binnings), so neither waits for the other's last tasks; {@link #profile()} waits for it.
 *
 * @param numeric the numeric features that could be binned (the others are in fitErrors)
 * @param frame the reference data, or null when it comes from a stored profile
 * @param pending the reference profile, maybe still being computed
 * @param current the current data as the run reads it (CSV columns reconciled with the reference's types)
 * @param segmentKey how rows map to segments, or null without {@code --segment-by}
 * @param segmentKeys the segments compared on their own (keys, most frequent first); "other" follows them
 * @param storedSegmentHistories each stored segment's history (empty maps for none), or null when read from data
 * @param fitState the single pass's state when the whole profile was read off it (no segments, no
 *     per-day learning, no user edges, every categorical sketch exact), for the features compared;
 *     else null. A stored profile keeps it, so that profiles fitted on different data merge.
 */
record Reference(FeaturePlanner.Plan plan, List<FeatureSpec> numeric, Map<String, NumericBinning> numericBins,
        Map<String, CategoricalBinning> categoricalBins, Map<String, String> fitErrors, PendingProfile pending,
        RunSummary.InputInfo info, Map<String, String> skipped, Dataset<Row> frame, InputReader.Input current,
        SchemaInfo schema, Map<String, Map<Metric, double[]>> storedHistory,
        List<Map<String, Map<Metric, double[]>>> storedSegmentHistories, SegmentKey segmentKey, List<String> segmentKeys,
        ReferenceAccumulator fitState) {

    static Reference scanned(SparkSession spark, JobConfig c, InputReader.Input current) {
        InputReader.Input raw = InputReader.read(spark, "reference", c.reference(), c.referenceFilter());
        boolean oneInput = c.reference() == c.current(); // the profile mode's one input is both
        Map<String, StructType> schemas = new LinkedHashMap<>();
        schemas.put(oneInput ? "input" : "reference", raw.frame().schema());
        schemas.putIfAbsent(oneInput ? "input" : "current", current.frame().schema());
        DayOffsets.check(c.offsetFromDay(), c.dateColumn(), schemas);
        InputReader.Input read = c.offsets(raw, oneInput ? "input" : "reference");
        current = c.offsets(current, oneInput ? "input" : "current");
        InputReader.Input ref = read.reconciledWith(current.frame().schema(), c.reference().format());
        InputReader.Input cur = current.reconciledWith(read.frame().schema(), c.current().format());
        Set<String> partitions = new HashSet<>(ref.partitionColumns());
        partitions.addAll(cur.partitionColumns());
        SegmentKey segmentKey = segmentKey(c, ref, cur);
        Map<String, String> notFeatures = notFeatures(c, c.segmentBy());
        FeaturePlanner.Plan plan = skipped(FeaturePlanner.plan(declared(ref), declared(cur), partitions,
                c.features(), c.categorical(), excluded(c, notFeatures), c.edges().keySet()), notFeatures);
        FitSettings settings = c.fitSettings();
        // with segments (and no per-day learning) the pass also keeps each key's rows apart, to read the segments off
        SegmentedReference lanes = segmentKey != null && !c.verdicts().learn()
                ? ProfileScan.referencePassSegmented(ref.frame(), plan.numeric(), plan.categorical(), settings, segmentKey,
                        c.segments())
                : null;
        // learning from the reference's days without segments: the pass keeps each day's state apart, to read the days off
        DailyReference daily = segmentKey == null && c.verdicts().learn() ? ProfileScan.referencePassByDay(ref.frame(),
                plan.numeric(), plan.categorical(), settings, requireDateColumn(c, ref)) : null;
        ReferenceAccumulator pass = lanes != null ? lanes.overall() : daily != null ? daily.overall()
                : segmentKey == null ? ProfileScan.referencePass(ref.frame(), plan.numeric(), plan.categorical(), settings)
                : ProfileScan.referencePass(ref.frame(), plan.numeric(), plan.categorical(), settings, segmentKey);
        if (pass.rows() == 0) {
            throw new InputException("the reference is empty: " + c.reference().location()
                    + (c.referenceFilter() == null ? "" : " where " + c.referenceFilter())
                    + " selects no rows; check --reference, --reference-filter and the dates");
        }
        ReferenceAccumulator.Fit fit = pass.fit();
        ReferenceAccumulator.Fitted all = fit.fitted();
        List<String> segmentKeys = List.of();
        Map<String, CategoricalBinning> categoricalBins = all.categorical();
        if (segmentKey != null) { // the key's vocabulary is the reference's most frequent segments
            List<String> vocabulary = all.categorical().get(segmentKey.keyColumn()).vocabulary();
            segmentKeys = List.copyOf(vocabulary.subList(0, Math.min(c.segments(), vocabulary.size())));
            categoricalBins = new LinkedHashMap<>(all.categorical());
            categoricalBins.remove(segmentKey.keyColumn());
        }
        ReferenceAccumulator.Fitted fitted = new ReferenceAccumulator.Fitted(all.numeric(), categoricalBins, all.errors());
        List<FeatureSpec> numeric = plan.numeric().stream().filter(f -> fitted.numeric().containsKey(f.name())).toList();
        PendingProfile profile;
        // segments are read off the lanes, except for the features the single pass could not profile (a user's edge
        // inside a grid part, a categorical feature past its exact sketch): a scan of their columns alone adds those
        Set<String> left = new HashSet<>();
        List<DatasetProfile> readOff = null;
        if (lanes != null) {
            fit.numericLeft().forEach(f -> left.add(f.name()));
            fit.categoricalLeft().forEach(f -> left.add(f.name()));
            left.remove(segmentKey.keyColumn());
            Map<String, CategoricalBinning> vocabulariesOff = new LinkedHashMap<>(fitted.categorical());
            vocabulariesOff.keySet().removeAll(left);
            readOff = lanes.segments(segmentKeys, fitted.numeric(), vocabulariesOff,
                    numeric.stream().filter(f -> !left.contains(f.name())).toList());
        }
        if (readOff != null && left.isEmpty()) {
            profile = PendingProfile.done(new DatasetProfile(pass.rows(), inColumnOrder(fit.profiles(), Map.of(), numeric,
                    plan.categorical())), readOff);
        } else if (readOff != null) {
            profile = segmentsCompleted(spark, ref.frame(), pass.rows(), fit, readOff, numeric, plan.categorical(), left,
                    segmentKey, segmentKeys);
        } else if (segmentKey != null) {
            List<String> keys = segmentKeys;
            String group = c.verdicts().learn() ? requireDateColumn(c, ref) : null;
            profile = PendingProfile.startSegmented(spark.sparkContext(), "reference profile pass", () -> ProfileScan.profileSegmented(
                    ref.frame(), numeric, plan.categorical(), fitted.numeric(), fitted.categorical(), group, segmentKey, keys));
        } else if (daily != null) {
            profile = ReferenceDays.profile(spark, ref.frame(), pass.rows(), fit, daily, numeric, plan.categorical(), c.dateColumn());
        } else {
            profile = fromSinglePass(spark, ref.frame(), pass.rows(), fit, numeric, plan.categorical());
        }
        // the state serves merges on any edges when every feature was read off it on edges fitted from it
        boolean readOffPass = segmentKey == null && !c.verdicts().learn() && c.edges().isEmpty() && fit.numericLeft().isEmpty()
                && fit.categoricalLeft().isEmpty();
        return new Reference(plan, numeric, fitted.numeric(), fitted.categorical(), fitted.errors(), profile,
                inputInfo(c, ref.frame(), pass.rows()),
                plan.skipped(), ref.frame(), cur, schema(declared(ref), declared(cur), plan, c), null, null,
                segmentKey, segmentKeys, readOffPass ? compared(pass, numeric) : null);
    }

    /**
     * The reference as the run read it; when a window or range chose its days and the date column is
     * a partition column of a file scan, also the days of the window whose partition holds no file
     * (from the listing, read before; a table without its first weeks, a day an upstream job missed).
     */
    private static RunSummary.InputInfo inputInfo(JobConfig c, Dataset<Row> frame, long rows) {
        List<String> present = c.referenceDays().isEmpty() ? null : SelectedFiles.partitionValues(frame, c.dateColumn());
        if (present == null) {
            return new RunSummary.InputInfo(c.reference().location(), c.reference().format(), c.referenceFilter(), rows);
        }
        Set<String> held = new HashSet<>(present); // a date partition as yyyy-MM-dd, others as the column writes a day
        List<java.time.LocalDate> missing = c.referenceDays().stream()
                .filter(d -> !held.contains(c.dateFormat().of(d)) && !held.contains(d.toString())).toList();
        return new RunSummary.InputInfo(c.reference().location(), c.reference().format(), c.referenceFilter(), rows,
                c.referenceDays().size(), missing);
    }

    /** The pass's state for the numeric features compared (those that could be binned) and every categorical one. */
    private static ReferenceAccumulator compared(ReferenceAccumulator pass, List<FeatureSpec> numeric) {
        List<ValueGrid> grids = new java.util.ArrayList<>();
        List<FeatureSpec> all = pass.numericSpecs();
        for (FeatureSpec f : numeric) {
            grids.add(pass.grid(all.indexOf(f)));
        }
        return ReferenceAccumulator.restore(numeric, pass.settings(), grids, pass.vocabulary());
    }

    /**
     * The reference profile of a plain run: read off the single pass, except for the features it
     * could not profile (see {@link ReferenceAccumulator}), which a scan of their columns alone adds.
     */
    private static PendingProfile fromSinglePass(SparkSession spark, Dataset<Row> frame, long rows, ReferenceAccumulator.Fit fit,
            List<FeatureSpec> numeric, List<FeatureSpec> categorical) {
        if (fit.numericLeft().isEmpty() && fit.categoricalLeft().isEmpty()) {
            return PendingProfile.done(new DatasetProfile(rows, inColumnOrder(fit.profiles(), Map.of(), numeric, categorical)));
        }
        Map<String, NumericBinning> numericLeft = binsOf(fit.numericLeft(), fit.numeric());
        Map<String, CategoricalBinning> categoricalLeft = binsOf(fit.categoricalLeft(), fit.categorical());
        return PendingProfile.start(spark.sparkContext(), "reference profile pass", () -> {
            DatasetProfile scanned = ProfileScan.profile(frame, fit.numericLeft(), fit.categoricalLeft(), numericLeft,
                    categoricalLeft);
            return new DatasetProfile(rows, inColumnOrder(fit.profiles(), scanned.features(), numeric, categorical));
        });
    }

    /**
     * A segmented reference profile read off the single pass's lanes but for the features named in
     * {@code left}, which one segmented scan of their columns alone adds, overall and per segment.
     */
    private static PendingProfile segmentsCompleted(SparkSession spark, Dataset<Row> frame, long rows, ReferenceAccumulator.Fit fit,
            List<DatasetProfile> readOff, List<FeatureSpec> numeric, List<FeatureSpec> categorical, Set<String> left,
            SegmentKey key, List<String> keys) {
        List<FeatureSpec> numericLeft = numeric.stream().filter(f -> left.contains(f.name())).toList();
        List<FeatureSpec> categoricalLeft = categorical.stream().filter(f -> left.contains(f.name())).toList();
        Map<String, NumericBinning> numericBins = binsOf(numericLeft, fit.numeric());
        Map<String, CategoricalBinning> categoricalBins = binsOf(categoricalLeft, fit.categorical());
        return PendingProfile.startSegmented(spark.sparkContext(), "reference profile pass", () -> {
            ProfileScan.Segmented scanned = ProfileScan.profileSegmented(frame, numericLeft, categoricalLeft, numericBins,
                    categoricalBins, null, key, keys).get("");
            List<DatasetProfile> segments = new java.util.ArrayList<>();
            for (int s = 0; s < readOff.size(); s++) {
                segments.add(new DatasetProfile(readOff.get(s).rows(), inColumnOrder(readOff.get(s).features(),
                        scanned.segments().get(s).features(), numeric, categorical)));
            }
            DatasetProfile overall = new DatasetProfile(rows, inColumnOrder(fit.profiles(), scanned.overall().features(),
                    numeric, categorical));
            return Map.of("", new ProfileScan.Segmented(overall, segments));
        });
    }

    /** The binnings of {@code features}, in their order. */
    static <B> Map<String, B> binsOf(List<FeatureSpec> features, Map<String, B> all) {
        Map<String, B> out = new LinkedHashMap<>();
        features.forEach(f -> out.put(f.name(), all.get(f.name())));
        return out;
    }

    static Map<String, FeatureProfile> inColumnOrder(Map<String, FeatureProfile> a, Map<String, FeatureProfile> b,
            List<FeatureSpec> numeric, List<FeatureSpec> categorical) {
        Map<String, FeatureProfile> out = new LinkedHashMap<>();
        for (List<FeatureSpec> specs : List.of(numeric, categorical)) {
            for (FeatureSpec f : specs) {
                out.put(f.name(), a.containsKey(f.name()) ? a.get(f.name()) : b.get(f.name()));
            }
        }
        return out;
    }

    private static String requireDateColumn(JobConfig c, InputReader.Input ref) {
        if (!java.util.Arrays.asList(ref.frame().columns()).contains(c.dateColumn())) {
            throw new InputException("--learn-thresholds learns from the reference's days, but the reference has no"
                    + " column '" + c.dateColumn() + "'; name its date column with --date-column");
        }
        return c.dateColumn();
    }

    /** The segment key of --segment-by (checked in both datasets), or null. */
    private static SegmentKey segmentKey(JobConfig c, InputReader.Input ref, InputReader.Input cur) {
        if (c.segmentBy().isEmpty()) {
            return null;
        }
        SegmentKey key = SegmentKey.of(ref.frame(), c.segmentBy(), "reference");
        SegmentKey.of(cur.frame(), c.segmentBy(), "current");
        return key;
    }

    /** Why a segment column is not a feature (within a segment it is constant). */
    private static final String SEGMENT_COLUMN = "segment column";

    /**
     * The columns the run uses otherwise, which are therefore not features, with the reason: the
     * segment columns (within a segment they are constant), and the date column where it chose the
     * days and no --features list names it (every night's days differ from its reference's by
     * construction: it would drift every night).
     */
    private static Map<String, String> notFeatures(JobConfig c, List<String> segmentBy) {
        Map<String, String> out = new LinkedHashMap<>();
        segmentBy.forEach(col -> out.put(col, SEGMENT_COLUMN));
        if (c.daysSelected() && c.features().isEmpty() && !segmentBy.contains(c.dateColumn())) {
            out.put(c.dateColumn(), "date column: it chose the days compared; name it in --features to compare it");
        }
        return out;
    }

    private static List<String> excluded(JobConfig c, Map<String, String> notFeatures) {
        List<String> out = new java.util.ArrayList<>(c.exclude());
        out.addAll(notFeatures.keySet());
        return out;
    }

    /** The plan with those columns listed with their reasons (where the data has them). */
    private static FeaturePlanner.Plan skipped(FeaturePlanner.Plan p, Map<String, String> notFeatures) {
        Map<String, String> skipped = new LinkedHashMap<>(p.skipped());
        notFeatures.forEach((col, why) -> {
            if (why.equals(SEGMENT_COLUMN) || "excluded".equals(skipped.get(col))) { // a partition column stays one
                skipped.put(col, why);
            }
        });
        return new FeaturePlanner.Plan(p.numeric(), p.categorical(), p.notComparable(), p.changes(), skipped);
    }

    /** The segments' labels, in order, "other" last (empty without segments). */
    List<String> segmentLabels() {
        if (segmentKey == null) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>(segmentKeys.stream().map(segmentKey::label).toList());
        out.add(io.sparkdrift.run.SegmentResult.OTHER);
        return out;
    }

    /** The reference profile; waits for its pass to finish, and rethrows what made it fail. */
    DatasetProfile profile() {
        return pending.get();
    }

    /**
     * The reference's history of every metric (each reference day against the rest): from the daily
     * profiles of this run's reference pass, or as the stored profile recorded it.
     *
     * @throws InputException when there are fewer than {@link LearnedThreshold#MIN_DAYS} days
     */
    Map<String, Map<Metric, double[]>> history(FeatureComparator comparator) {
        if (storedHistory != null) {
            if (storedHistory.isEmpty()) {
                throw new InputException("--learn-thresholds: the stored profile " + info.path() + " holds no history; make it"
                        + " with merge-profiles from at least " + LearnedThreshold.MIN_DAYS + " daily profiles");
            }
            return storedHistory;
        }
        List<DatasetProfile> days = pending.days();
        if (days.size() < LearnedThreshold.MIN_DAYS) {
            throw new InputException("--learn-thresholds needs at least " + LearnedThreshold.MIN_DAYS + " reference days;"
                    + " the reference has " + days.size() + "; widen --reference-window or --reference-range");
        }
        return History.leaveOneDayOut(days, comparator);
    }

    /**
     * Each segment's history, in the segments' order: as a stored profile recorded it (merge-profiles
     * of segmented daily profiles), or from this run's reference profiled day by day (learning with
     * segments from the reference data). A segment without one keeps the fixed thresholds.
     */
    List<Map<String, Map<Metric, double[]>>> segmentHistories(FeatureComparator comparator) {
        if (storedSegmentHistories != null) {
            return storedSegmentHistories;
        }
        List<Map<String, Map<Metric, double[]>>> out = new java.util.ArrayList<>();
        for (List<DatasetProfile> days : pending.segmentDays()) {
            out.add(History.leaveOneDayOut(days, comparator));
        }
        return out;
    }

    static Reference stored(SparkSession spark, JobConfig c, InputReader.Input current) {
        return stored(spark, c, current, storedProfile(spark, c));
    }

    /** The stored reference profile a run names: given in code, or read from --reference-profile. */
    static ProfileStore.Stored storedProfile(SparkSession spark, JobConfig c) {
        return c.storedProfile() != null ? c.storedProfile() : ProfileStore.read(spark, c.referenceProfile(), "--reference-profile");
    }

    static Reference stored(SparkSession spark, JobConfig c, InputReader.Input current, ProfileStore.Stored stored) {
        DatasetProfile p = stored.profile();
        StructType held = new StructType(); // the columns whose offsets the stored profile holds, as time columns
        for (String col : c.offsetFromDay()) {
            for (DataType t : List.of(DataTypes.TimestampType, DataTypes.DateType)) {
                if (p.feature(DayOffsets.name(col, t, c.dateColumn())) != null) {
                    held = held.add(col, t);
                }
            }
        }
        Map<String, StructType> schemas = new LinkedHashMap<>();
        schemas.put("current", current.frame().schema());
        schemas.put("reference", held);
        DayOffsets.check(c.offsetFromDay(), c.dateColumn(), schemas);
        current = c.offsets(current, "current");
        StructType curSchema = declared(current);
        StructType schema = new StructType();
        List<String> categorical = new java.util.ArrayList<>();
        for (FeatureProfile f : p.features().values()) {
            schema = schema.add(f.feature(), storedType(f, stored.sourceTypes().get(f.feature()), curSchema));
            if (f instanceof CategoricalProfile) {
                categorical.add(f.feature());
            }
        }
        Map<String, String> unprofiled = new LinkedHashMap<>(); // the profiled data's other columns: not added ones
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(stored.sourceTypes()).entrySet()) {
            if (p.feature(e.getKey()) == null) {
                DataType t = parsedType(e.getValue());
                schema = schema.add(e.getKey(), t);
                unprofiled.put(e.getKey(), "not in the stored profile: "
                        + (FeaturePlanner.kind(t) == null ? "its type " + e.getValue() + " is not compared" : "left out when it was made"));
            }
        }
        for (String named : java.util.stream.Stream.concat(c.features().stream(), c.categorical().stream()).toList()) {
            if (unprofiled.containsKey(named)) {
                throw new InputException("column '" + named + "' is " + unprofiled.get(named) + "; make the profile with it"
                        + " (profile --categorical " + named + " for a type that is not compared) or leave it out of --features"
                        + " and --categorical");
            }
        }
        InputReader.Input cur = current.reconciledWith(schema, c.current().format());
        List<String> segmentBy = stored.segmentBy();
        if (!c.segmentBy().isEmpty() && !c.segmentBy().equals(segmentBy)) {
            throw new InputException("--segment-by " + String.join(",", c.segmentBy()) + ": the stored profile "
                    + (segmentBy.isEmpty() ? "has no segments; make it with profile --segment-by"
                            : "is segmented by " + String.join(",", segmentBy) + "; drop --segment-by to use its segments"));
        }
        Map<String, String> notFeatures = notFeatures(c, segmentBy);
        unprofiled.forEach(notFeatures::putIfAbsent);
        FeaturePlanner.Plan plan = skipped(FeaturePlanner.plan(schema, declared(cur), cur.partitionColumns(),
                c.features(), categorical, excluded(c, notFeatures), Set.of()), notFeatures);
        Map<String, NumericBinning> num = new LinkedHashMap<>();
        Map<String, CategoricalBinning> cat = new LinkedHashMap<>();
        Map<String, FeatureProfile> kept = new LinkedHashMap<>();
        for (FeatureSpec f : plan.all()) {
            FeatureProfile fp = p.feature(f.name());
            kept.put(f.name(), fp);
            if (fp instanceof NumericProfile n) {
                num.put(f.name(), n.binning());
            } else if (fp instanceof CategoricalProfile cp) {
                cat.put(f.name(), cp.binning());
            }
        }
        SegmentKey segmentKey = segmentBy.isEmpty() ? null : SegmentKey.of(cur.frame(), segmentBy, "current");
        List<String> keys = new java.util.ArrayList<>();
        List<DatasetProfile> segments = new java.util.ArrayList<>();
        for (ProfileStore.Segment seg : stored.segments()) {
            if (seg.key() != null) {
                keys.add(seg.key());
            }
            Map<String, FeatureProfile> f = new LinkedHashMap<>();
            plan.all().forEach(x -> f.put(x.name(), seg.profile().feature(x.name())));
            segments.add(new DatasetProfile(seg.profile().rows(), f));
        }
        return new Reference(plan, plan.numeric(), num, cat, Map.of(),
                PendingProfile.done(new DatasetProfile(p.rows(), kept), segments),
                new RunSummary.InputInfo(c.referenceProfile() != null ? c.referenceProfile() : "profile given by code", "profile",
                        "run " + stored.runId(), p.rows()), plan.skipped(),
                null, cur, schema(schema, declared(cur), plan, c), stored.history(),
                stored.segments().stream().map(ProfileStore.Segment::history).toList(), segmentKey, List.copyOf(keys), null);
    }

    /**
     * The Spark type of a stored feature: as the profile recorded it, else (profiles written before
     * schema version 3) the current column's type when it is of the profile's kind — so that an
     * unrecorded type is never reported as a change — else double or string.
     */
    private static DataType storedType(FeatureProfile f, String recorded, StructType current) {
        if (recorded != null) {
            try {
                return DataType.fromDDL(recorded);
            } catch (RuntimeException e) {
                // a type this Spark cannot parse: fall back to the kind
            }
        }
        FeatureType kind = f instanceof NumericProfile ? FeatureType.NUMERIC : FeatureType.CATEGORICAL;
        if (java.util.Arrays.asList(current.fieldNames()).contains(f.feature())) {
            DataType t = current.apply(f.feature()).dataType();
            if (FeaturePlanner.kind(t) == kind) {
                return t;
            }
        }
        return kind == FeatureType.NUMERIC ? DataTypes.DoubleType : DataTypes.StringType;
    }

    /** The input's columns with the types its files declare (a Parquet column read wider: {@link ParquetWidening}). */
    private static StructType declared(InputReader.Input in) {
        return ParquetWidening.declared(in.frame().schema());
    }

    /** A recorded Spark type; binary (a type that is not compared) when this Spark cannot parse it. */
    private static DataType parsedType(String recorded) {
        try {
            return DataType.fromDDL(recorded);
        } catch (RuntimeException e) {
            return DataTypes.BinaryType;
        }
    }

    private static SchemaInfo schema(StructType reference, StructType current, FeaturePlanner.Plan plan, JobConfig c) {
        Map<String, String> ref = new LinkedHashMap<>();
        for (FeatureSpec f : plan.all()) {
            ref.put(f.name(), reference.apply(f.name()).dataType().simpleString());
        }
        for (FeatureSpec f : plan.notComparable()) {
            ref.put(f.name(), reference.apply(f.name()).dataType().simpleString());
        }
        for (StructField f : reference.fields()) { // and the columns that are not features, for stored profiles
            ref.putIfAbsent(f.name(), f.dataType().simpleString());
        }
        Map<String, String> cur = new LinkedHashMap<>();
        for (StructField f : current.fields()) {
            cur.put(f.name(), f.dataType().simpleString());
        }
        return new SchemaInfo(ref, cur, plan.changes(), c.onSchemaChange());
    }
}
