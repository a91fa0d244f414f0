package io.sparkdrift.job;

import io.sparkdrift.compare.FeatureComparator;
import io.sparkdrift.compare.FeatureResult;
import io.sparkdrift.compare.LearnedThreshold;
import io.sparkdrift.compare.Metric;
import io.sparkdrift.compare.QuantileShift;
import io.sparkdrift.compare.Verdicts;
import io.sparkdrift.exact.ExactDistances;
import io.sparkdrift.exact.ExactOnProfilingScan;
import io.sparkdrift.exact.core.Exact;
import io.sparkdrift.math.Estimate;
import io.sparkdrift.output.ConsoleTable;
import io.sparkdrift.output.OutputPublisher;
import io.sparkdrift.output.SummaryJson;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.FeatureType;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.report.HtmlReport;
import io.sparkdrift.run.InputException;
import io.sparkdrift.run.RunSummary;
import io.sparkdrift.run.SchemaChange;
import io.sparkdrift.run.SchemaInfo;
import io.sparkdrift.run.SegmentResult;
import io.sparkdrift.run.Spelling;
import io.sparkdrift.scan.InputReader;
import io.sparkdrift.scan.ParquetWidening;
import io.sparkdrift.scan.ProfileScan;
import io.sparkdrift.scan.SelectedFiles;
import io.sparkdrift.scan.SparkSettings;
import io.sparkdrift.store.ProfileStore;
import io.sparkdrift.store.ResultTables;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;

/**
 * One drift run: the reference (a stored profile, or the reference data: one pass to fit bins and
 * one to profile), the current data (one pass for all features — and for all days of a
 * {@code --current-range}), the comparison, and the outputs: appended to {@code --results-table}
 * if given, then published into {@code --out} atomically.
 *
 * <p>Every input check happens before anything is written, so bad input leaves {@code --out} as it
 * was. A feature whose comparison throws becomes a result with status "error".
 */
public final class DriftJob {
    private static final Logger LOG = LogManager.getLogger(DriftJob.class);

    private final SparkSession spark;
    private final PrintStream console;

    public DriftJob(SparkSession spark, PrintStream console) {
        SparkSettings.check(spark.sparkContext().getConf());
        this.spark = spark;
        this.console = console;
    }

    /**
     * Runs the job: {@link #compare}, then {@link #write} into {@code c.out()} (and the results table),
     * then the console table. Returns one summary per compared day.
     */
    public List<RunSummary> run(JobConfig c) {
        List<RunSummary> summaries = compare(c);
        write(summaries, c.out(), c.resultsTable());
        console.print(ConsoleTable.render(summaries, c.days()));
        console.println("outputs: " + c.out() + (c.resultsTable() == null ? "" : ", results table: " + c.resultsTable()));
        return summaries;
    }

    /**
     * Reads, profiles and compares; writes nothing. One summary per compared day (one unless
     * {@code --current-range}). Every input check happens here, before anything could be written.
     */
    public List<RunSummary> compare(JobConfig given) {
        return ParquetWidening.explained(() -> compareInputs(given));
    }

    private List<RunSummary> compareInputs(JobConfig given) {
        String runId = newRunId(given.rangeMode() ? given.days().get(0) : given.runDate());
        long t0 = System.nanoTime();
        boolean fromStore = given.referenceProfile() != null || given.storedProfile() != null;
        // the stored profile is read while Spark opens the current data (both mostly wait on storage
        // and planning); a bad current path is still the error reported first
        java.util.concurrent.CompletableFuture<ProfileStore.Stored> stored = fromStore
                ? java.util.concurrent.CompletableFuture.supplyAsync(() -> Reference.storedProfile(spark, given)) : null;
        InputReader.Input cur = InputReader.read(spark, "current", given.current(), given.currentFilter());
        JobConfig c = given.withOffsetNames(cur.frame().schema());
        if (!fromStore && SelectedFiles.none(cur.frame())) { // the night has not landed: said before the reference is read
            throw emptyCurrent(c); // (against a stored profile the current scan is the first read and finds it as soon)
        }
        Reference ref = fromStore ? Reference.stored(spark, c, cur, PendingProfile.joined(stored)) : Reference.scanned(spark, c, cur);
        LOG.info("comparing {} numeric and {} categorical features (reference binnings ready after {})", ref.numeric().size(),
                ref.plan().categorical().size(), seconds(t0));
        try {
            return compareAll(c, runId, t0, ref, ref.current());
        } catch (RuntimeException e) {
            ref.pending().cancel(); // the reference pass may still run beside the current data's
            throw e;
        }
    }

    /**
     * Appends the summaries to {@code resultsTable} (if not null), then publishes every output into
     * {@code out} atomically. The table first: if its write fails, {@code out} still holds the
     * previous run (exit 3 promise).
     */
    public void write(List<RunSummary> summaries, String out, String resultsTable) {
        long t0 = System.nanoTime();
        if (resultsTable != null) {
            ResultTables.replaceRunDates(spark, summaries, resultsTable);
        }
        publish(out, summaries);
        LOG.info("outputs written in {}", seconds(t0));
    }

    /**
     * Profiles the current data (one scan; one profile per day in range mode, and per segment with
     * --segment-by) and compares it with the reference.
     */
    private List<RunSummary> compareAll(JobConfig c, String runId, long t0, Reference ref, InputReader.Input cur) {
        checkThresholdScopes(c, ref);
        // exact mode on one current profile reads the current data once: its scan routes the values too
        boolean oneScan = c.exact() && ref.segmentKey() == null && !c.rangeMode();
        DatasetProfile refProfile = oneScan ? ref.profile() : null;
        ExactOnProfilingScan.Profiled profiled = oneScan ? ExactOnProfilingScan.profileAndCompute(ref.frame(), cur.frame(), ref.numeric(),
                ref.plan().categorical(), ref.numericBins(), ref.categoricalBins(), refProfile) : null;
        Map<LocalDate, ProfileScan.Segmented> currents = oneScan
                ? nonEmpty(c.runDate(), new ProfileScan.Segmented(profiled.current(), List.of())) : profileCurrent(c, ref, cur);
        if (currents.isEmpty()) {
            throw emptyCurrent(c);
        }
        LOG.info("current data profiled after {}", seconds(t0));
        refProfile = ref.profile(); // a failed reference pass fails the run here
        LOG.info("reference profiled after {}", seconds(t0));
        List<DatasetProfile> refSegments = ref.pending().segments();
        Map<String, Exact> exact = oneScan ? profiled.exact() : c.exact()
                ? ExactDistances.compute(ref.frame(), cur.frame(), ref.numeric(), ref.numericBins(), refProfile,
                        currents.values().iterator().next().overall()) : Map.of();
        // every list judged together (--fdr counts features × segments × days); overall lists first
        List<List<FeatureResult>> results = new ArrayList<>();
        for (ProfileScan.Segmented day : currents.values()) {
            results.add(compare(c, ref, refProfile, day.overall(), exact));
        }
        for (ProfileScan.Segmented day : currents.values()) {
            for (int s = 0; s < day.segments().size(); s++) {
                DatasetProfile curSeg = day.segments().get(s);
                results.add(curSeg.rows() == 0 ? List.of() : compare(c, ref, refSegments.get(s), curSeg, Map.of()));
            }
        }
        FeatureComparator comparator = new FeatureComparator(c.smoothing(), c.policy());
        // learned thresholds: the overall history's for the overall lists, each segment's own for its lists
        List<Map<String, Map<Metric, LearnedThreshold>>> learned = learned(c, ref, comparator);
        List<Map<String, Map<Metric, LearnedThreshold>>> perList = new ArrayList<>();
        for (int d = 0; d < currents.size(); d++) {
            perList.add(learned.isEmpty() ? Map.of() : learned.get(0));
        }
        for (ProfileScan.Segmented day : currents.values()) {
            for (int s = 0; s < day.segments().size(); s++) {
                perList.add(s + 1 < learned.size() ? learned.get(s + 1) : Map.of());
            }
        }
        Verdicts.Rules rules = new Verdicts.Rules(c.verdicts().fdr(), c.verdicts().minRows(), Map.of(), // learned: per list
                c.verdicts().chance());
        results = Verdicts.apply(comparator, c.policy(), results, rules, perList);
        LOG.info("features compared after {}", seconds(t0));
        List<String> labels = ref.segmentLabels();
        List<RunSummary> summaries = new ArrayList<>();
        int i = 0;
        int next = currents.size();
        for (Map.Entry<LocalDate, ProfileScan.Segmented> day : currents.entrySet()) {
            List<SegmentResult> segments = new ArrayList<>();
            for (int s = 0; s < day.getValue().segments().size(); s++) {
                segments.add(new SegmentResult(labels.get(s), s < ref.segmentKeys().size() ? ref.segmentKeys().get(s) : null,
                        refSegments.get(s).rows(), day.getValue().segments().get(s).rows(), results.get(next++)));
            }
            String filter = c.rangeMode() ? DateWindow.day(c.dateColumn(), c.dateFormat(), day.getKey()) : c.currentFilter();
            summaries.add(new RunSummary(runId, day.getKey(), Instant.now(), ref.info(),
                    new RunSummary.InputInfo(c.current().location(), c.current().format(), filter, day.getValue().overall().rows()),
                    c.runSettings(ref.segmentKey() == null ? List.of() : ref.segmentKey().columns()), results.get(i++),
                    ref.skipped(), ref.schema(), segments));
        }
        return summaries;
    }

    /**
     * The current data's profiles in one scan: per day in range mode (days without rows are left out),
     * else under the run date; with segments, each segment's too (on the reference's segment keys).
     */
    private Map<LocalDate, ProfileScan.Segmented> profileCurrent(JobConfig c, Reference ref, InputReader.Input cur) {
        String group = c.rangeMode() ? c.dateColumn() : null;
        Map<String, ProfileScan.Segmented> byGroup;
        if (ref.segmentKey() != null) {
            byGroup = ProfileScan.profileSegmented(cur.frame(), ref.numeric(), ref.plan().categorical(), ref.numericBins(),
                    ref.categoricalBins(), group, ref.segmentKey(), ref.segmentKeys());
        } else if (group != null) {
            byGroup = new LinkedHashMap<>();
            ProfileScan.profileByGroup(cur.frame(), ref.numeric(), ref.plan().categorical(), ref.numericBins(),
                    ref.categoricalBins(), group).forEach((g, p) -> byGroup.put(g, new ProfileScan.Segmented(p, List.of())));
        } else {
            byGroup = Map.of("", new ProfileScan.Segmented(ProfileScan.profile(cur.frame(), ref.numeric(), ref.plan().categorical(),
                    ref.numericBins(), ref.categoricalBins()), List.of()));
        }
        Map<LocalDate, ProfileScan.Segmented> out = new LinkedHashMap<>();
        if (c.rangeMode()) {
            for (LocalDate d : c.days()) {
                ProfileScan.Segmented p = byGroup.get(c.dateFormat().of(d));
                if (p == null) {
                    LOG.info("no current rows for {}; that day is not reported", d);
                } else {
                    out.put(d, p);
                }
            }
        } else {
            out.putAll(nonEmpty(c.runDate(), byGroup.get("")));
        }
        return out;
    }

    /** The run date's profiles, or none when its data has no rows. */
    private static Map<LocalDate, ProfileScan.Segmented> nonEmpty(LocalDate day, ProfileScan.Segmented profiles) {
        return profiles.overall().rows() > 0 ? Map.of(day, profiles) : Map.of();
    }

    /**
     * Thresholds learned from the reference's history (--learn-thresholds): the overall comparison's
     * first, then each segment's from its own history where the run has one; empty when not learning.
     */
    private static List<Map<String, Map<Metric, LearnedThreshold>>> learned(JobConfig c, Reference ref,
            FeatureComparator comparator) {
        if (!c.verdicts().learn()) {
            return List.of();
        }
        Map<String, FeatureType> types = new LinkedHashMap<>();
        ref.plan().all().forEach(f -> types.put(f.name(), f.type()));
        List<Map<String, Map<Metric, double[]>>> histories = new ArrayList<>();
        histories.add(ref.history(comparator));
        histories.addAll(ref.segmentHistories(comparator));
        return Verdicts.learn(histories, types, c.policy(), c.verdicts().alpha());
    }

    private static String seconds(long since) {
        return String.format(java.util.Locale.ROOT, "%.2f s", (System.nanoTime() - since) / 1e9);
    }

    private List<FeatureResult> compare(JobConfig c, Reference ref, DatasetProfile refProfile, DatasetProfile cur,
            Map<String, Exact> exact) {
        FeatureComparator comparator = new FeatureComparator(c.smoothing(), c.policy());
        // features are independent and the comparison is pure (exact KS p-values cost up to a few hundred
        // ms on small samples): compared side by side, collected in plan order
        List<FeatureResult> out = new ArrayList<>(ref.plan().all().parallelStream()
                .map(f -> noted(compareOne(comparator, f, ref, refProfile, cur, exact), ref.schema()))
                .toList());
        boolean counts = c.onSchemaChange() != SchemaChange.Rule.WARN;
        for (FeatureSpec f : ref.plan().notComparable()) {
            SchemaChange change = ref.schema().changes().stream().filter(x -> x.column().equals(f.name())).findFirst().orElseThrow();
            out.add(comparator.schemaChanged(f.name(), f.type(), change.describe(), counts));
        }
        return out;
    }

    /** Integer column types: an identifier or a counter among them grows with the days. */
    private static final Set<String> INTEGER_TYPES = Set.of("tinyint", "smallint", "int", "bigint");

    /**
     * The result with its unit in the details (days, seconds) when the feature is a date or a
     * timestamp, and its type change when the type changed within its kind — and a warning when every
     * current value lies above the reference's largest in a date, timestamp or integer column: event
     * times that follow the day, identifiers and counters do so on every night, and drift each time
     * (a categorical column all new is warned of where it is compared, {@code FeatureComparator}).
     */
    private static FeatureResult noted(FeatureResult r, SchemaInfo schema) {
        String unit = schema.unit(r.feature());
        FeatureResult out = unit == null ? r : r.withDetail("unit", unit);
        boolean integer = INTEGER_TYPES.contains(schema.referenceTypes().get(r.feature()));
        if ((unit != null || integer) && r.reference() instanceof NumericProfile ref && r.current() instanceof NumericProfile cur
                && ref.sample().total() > 0 && cur.sample().total() > 0 && cur.sample().min() > ref.sample().max()) {
            out = out.withWarning(unit != null
                    ? "every current value lies after the reference's last: a column of times that follows the day (event"
                            + " times in a daily partition) does so on every night and drifts each time; compare its offset"
                            + " from the row's day instead with --offset-from-day " + r.feature() + " (and --date-column)"
                    : "every current value lies above the reference's largest: an identifier or a counter that grows with"
                            + " the days does so on every night and drifts each time; --exclude it if that is all it says");
        }
        for (SchemaChange change : schema.changes()) {
            if (change.column().equals(r.feature()) && change.comparable()) {
                out = out.withTypeChange(change.describe());
            }
        }
        return out;
    }

    private static FeatureResult compareOne(FeatureComparator comparator, FeatureSpec f, Reference ref,
            DatasetProfile refProfile, DatasetProfile cur, Map<String, Exact> exact) {
        String fitError = ref.fitErrors().get(f.name());
        if (fitError != null) {
            return comparator.failed(f.name(), f.type(), fitError);
        }
        try {
            FeatureResult r = comparator.compare(refProfile.feature(f.name()), cur.feature(f.name()), ref.schema().unit(f.name()));
            Exact e = exact.get(f.name());
            return e == null ? r : comparator.withExact(r, e.w1(), e.w2(), e.ks(), e.n(), e.m(), exactQuantiles(e));
        } catch (RuntimeException e) {
            LOG.error("comparing feature {} failed", f.name(), e);
            return comparator.failed(f.name(), f.type(), "comparison failed: " + InputReader.firstLine(e));
        }
    }

    private static InputException emptyCurrent(JobConfig c) {
        return new InputException("the current data is empty: " + c.current().location()
                + (c.currentFilter() == null ? "" : " where " + c.currentFilter())
                + " selects no rows; check --current, --current-filter and the dates");
    }

    /**
     * A per-feature threshold must name a compared feature: a typo ({@code numerc:psi=0.1}) would
     * otherwise be accepted without a word and never apply.
     */
    private static void checkThresholdScopes(JobConfig c, Reference ref) {
        List<String> features = new ArrayList<>(ref.plan().all().stream().map(FeatureSpec::name).toList());
        ref.plan().notComparable().forEach(f -> features.add(f.name()));
        for (String scope : c.policy().perFeature().keySet()) {
            if (features.contains(scope)) {
                continue;
            }
            List<String> known = new ArrayList<>(List.of("numeric", "categorical"));
            known.addAll(features);
            List<String> near = Spelling.closest(scope, known);
            String skipped = ref.skipped().get(scope);
            throw new InputException("--threshold " + scope + ":...: '" + scope + "' is "
                    + (skipped != null ? "a column that is not compared (" + skipped + ")"
                            : "neither numeric, categorical nor a compared feature"
                                    + (near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?")));
        }
    }

    /** The exact quantiles of both sides, bounds 0. */
    private static List<QuantileShift> exactQuantiles(Exact e) {
        double[] r = e.referenceQuantiles();
        double[] c = e.currentQuantiles();
        List<QuantileShift> out = new ArrayList<>();
        for (int j = 0; j < r.length; j++) {
            out.add(new QuantileShift(QuantileShift.LEVELS.get(j), new Estimate(r[j], r[j], r[j]), new Estimate(c[j], c[j], c[j])));
        }
        return out;
    }

    /** The names a run publishes into --out: one summary per day in range mode. */
    static List<String> outputs(List<RunSummary> summaries) {
        List<String> names = new ArrayList<>(List.of("results", "profiles", "contributions"));
        for (RunSummary s : summaries) {
            names.add(summaryName(s));
            names.add(reportName(s));
        }
        return names;
    }

    /** summary.json, or summary-DATE.json for each day of a range. */
    static String summaryName(RunSummary s) {
        return s.settings().rangeMode() ? "summary-" + s.runDate() + ".json" : "summary.json";
    }

    /** report.html, or report-DATE.html for each day of a range. */
    static String reportName(RunSummary s) {
        return s.settings().rangeMode() ? "report-" + s.runDate() + ".html" : "report.html";
    }

    private void publish(String dir, List<RunSummary> summaries) {
        OutputPublisher out = OutputPublisher.open(spark.sparkContext().hadoopConfiguration(), dir,
                summaries.get(0).runId());
        try {
            // two lanes, about even at any width: the profiles table and the summaries on a side thread,
            // the results and contributions tables and the reports here (the profile rows wrap the
            // profiles' own arrays, so writing them side by side adds no copy of the profiles)
            java.util.concurrent.CompletableFuture<Void> side = java.util.concurrent.CompletableFuture.runAsync(() -> {
                ResultTables.writeProfiles(spark, summaries, out.stagingPath("profiles"));
                for (RunSummary s : summaries) {
                    writeFile(out, summaryName(s), SummaryJson.render(s));
                }
            });
            try {
                ResultTables.writeResults(spark, summaries, out.stagingPath("results"));
                ResultTables.writeContributions(spark, summaries, out.stagingPath("contributions"));
                for (RunSummary s : summaries) {
                    out.writeFile(reportName(s), HtmlReport.render(s));
                }
            } finally {
                try {
                    side.join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw e.getCause() instanceof Exception x ? x : e;
                }
            }
            out.publish(outputs(summaries));
        } catch (Exception e) {
            out.abort();
            throw new IllegalStateException("writing the outputs to " + dir + " failed: " + InputReader.firstLine(e), e);
        }
    }

    private static void writeFile(OutputPublisher out, String name, byte[] content) {
        try {
            out.writeFile(name, content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String newRunId(LocalDate runDate) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        return runDate + "_" + stamp + "_" + UUID.randomUUID().toString().substring(0, 8);
    }
}
