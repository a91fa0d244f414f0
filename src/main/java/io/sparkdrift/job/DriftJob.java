package io.sparkdrift.job;

import io.sparkdrift.compare.FeatureComparator;
import io.sparkdrift.compare.FeatureResult;
import io.sparkdrift.output.ConsoleTable;
import io.sparkdrift.output.OutputPublisher;
import io.sparkdrift.output.SummaryJson;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.FitAccumulator;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.spark.FeaturePlanner;
import io.sparkdrift.spark.InputReader;
import io.sparkdrift.spark.ProfileScan;
import io.sparkdrift.spark.ResultTables;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;

/**
 * One drift run: read both inputs, plan the features, fit binnings on the reference (one pass),
 * profile the reference and the current data (one pass each, all features at once), compare, and
 * publish summary.json, results/ and profiles/ into {@code --out} atomically.
 *
 * <p>Every input check happens before anything is written, so bad input leaves {@code --out} as it
 * was. A feature whose comparison throws becomes a result with status "error".
 */
public final class DriftJob {
    private static final Logger LOG = LogManager.getLogger(DriftJob.class);
    public static final List<String> OUTPUTS = List.of("results", "profiles", "summary.json");

    private final SparkSession spark;
    private final PrintStream console;

    public DriftJob(SparkSession spark, PrintStream console) {
        this.spark = spark;
        this.console = console;
    }

    /** Runs the job; returns the summary (outputs are published when this returns). */
    public RunSummary run(JobConfig c) {
        String runId = newRunId(c);
        InputReader.Input ref = InputReader.read(spark, "reference", c.reference(), c.format(), c.referenceFilter());
        InputReader.Input cur = InputReader.read(spark, "current", c.current(), c.format(), c.currentFilter());
        Set<String> partitions = new HashSet<>(ref.partitionColumns());
        partitions.addAll(cur.partitionColumns());
        FeaturePlanner.Plan plan = FeaturePlanner.plan(ref.frame().schema(), cur.frame().schema(), partitions,
                c.features(), c.categorical(), c.exclude(), c.edges().keySet());
        LOG.info("comparing {} numeric and {} categorical features", plan.numeric().size(), plan.categorical().size());

        FitSettings fitSettings = c.fitSettings(plan.numeric().size());
        FitAccumulator fit = ProfileScan.fit(ref.frame(), plan.numeric(), plan.categorical(), fitSettings);
        if (fit.rows() == 0) {
            throw new InputException("the reference is empty: " + c.reference()
                    + (c.referenceFilter() == null ? "" : " where " + c.referenceFilter())
                    + " selects no rows; check --reference and --reference-filter");
        }
        FitAccumulator.Fitted fitted = fit.fit();
        List<FeatureSpec> numeric = plan.numeric().stream().filter(f -> fitted.numeric().containsKey(f.name())).toList();
        DatasetProfile refProfile = ProfileScan.profile(ref.frame(), numeric, plan.categorical(), fitted.numeric(),
                fitted.categorical());
        DatasetProfile curProfile = ProfileScan.profile(cur.frame(), numeric, plan.categorical(), fitted.numeric(),
                fitted.categorical());
        if (curProfile.rows() == 0) {
            throw new InputException("the current data is empty: " + c.current()
                    + (c.currentFilter() == null ? "" : " where " + c.currentFilter())
                    + " selects no rows; check --current and --current-filter");
        }
        List<FeatureResult> results = compare(c, plan, fitted.errors(), refProfile, curProfile);
        RunSummary summary = new RunSummary(runId, c.runDate(), Instant.now(),
                new RunSummary.InputInfo(c.reference(), c.format(), c.referenceFilter(), refProfile.rows()),
                new RunSummary.InputInfo(c.current(), c.format(), c.currentFilter(), curProfile.rows()),
                c, results, plan.skipped());
        publish(c, summary);
        console.print(ConsoleTable.render(summary));
        console.println("outputs: " + c.out() + "/{summary.json,results,profiles}");
        return summary;
    }

    private List<FeatureResult> compare(JobConfig c, FeaturePlanner.Plan plan, Map<String, String> fitErrors,
            DatasetProfile ref, DatasetProfile cur) {
        FeatureComparator comparator = new FeatureComparator(c.smoothing(), c.policy());
        List<FeatureResult> out = new ArrayList<>();
        for (FeatureSpec f : plan.all()) {
            String fitError = fitErrors.get(f.name());
            if (fitError != null) {
                out.add(comparator.failed(f.name(), f.type(), fitError));
                continue;
            }
            FeatureProfile r = ref.feature(f.name());
            FeatureProfile q = cur.feature(f.name());
            try {
                out.add(comparator.compare(r, q));
            } catch (RuntimeException e) {
                LOG.error("comparing feature {} failed", f.name(), e);
                out.add(comparator.failed(f.name(), f.type(), "comparison failed: " + InputReader.firstLine(e)));
            }
        }
        return out;
    }

    private void publish(JobConfig c, RunSummary summary) {
        OutputPublisher out = new OutputPublisher(spark.sparkContext().hadoopConfiguration(), c.out(), summary.runId());
        try {
            ResultTables.writeResults(spark, summary, out.stagingPath("results"));
            ResultTables.writeProfiles(spark, summary, out.stagingPath("profiles"));
            out.writeFile("summary.json", SummaryJson.render(summary));
            out.publish(OUTPUTS);
        } catch (Exception e) {
            out.abort();
            throw new IllegalStateException("writing the outputs to " + c.out() + " failed: " + InputReader.firstLine(e), e);
        }
    }

    private static String newRunId(JobConfig c) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        return c.runDate() + "_" + stamp + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Feature → result, for tests and callers that look features up by name. */
    public static Map<String, FeatureResult> byFeature(RunSummary s) {
        Map<String, FeatureResult> m = new LinkedHashMap<>();
        s.features().forEach(f -> m.put(f.feature(), f));
        return m;
    }
}
