package io.sparkdrift.job;

import io.sparkdrift.profile.CategoricalBinning;
import io.sparkdrift.profile.DailyReference;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.ReferenceAccumulator;
import io.sparkdrift.run.InputException;
import io.sparkdrift.scan.ProfileScan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The reference profile of a run that learns its thresholds from the reference's days, and each day's
 * profile on the same bins, from the reference's one pass by day ({@link DailyReference}): read off
 * the days' states where they can be; a scan of the reference adds the features (or, past the days a
 * pass keeps apart, the days) that cannot — a second read of their columns only.
 */
final class ReferenceDays {
    private ReferenceDays() {
    }

    /**
     * @param fit the fit on the whole reference's state ({@link DailyReference#overall()})
     * @param numeric the numeric features compared (binned), in column order
     */
    static PendingProfile profile(SparkSession spark, Dataset<Row> frame, long rows, ReferenceAccumulator.Fit fit,
            DailyReference daily, List<FeatureSpec> numeric, List<FeatureSpec> categorical, String dateColumn) {
        Map<String, ReferenceAccumulator> states = daily.days();
        Set<String> compared = new HashSet<>();
        numeric.forEach(f -> compared.add(f.name()));
        categorical.forEach(f -> compared.add(f.name()));
        // features whose whole-reference profile needs a scan, and those whose days need one
        Set<String> overallLeft = new HashSet<>();
        fit.numericLeft().forEach(f -> overallLeft.add(f.name()));
        fit.categoricalLeft().forEach(f -> overallLeft.add(f.name()));
        Set<String> daysLeft = new HashSet<>(overallLeft);
        Map<String, Map<String, FeatureProfile>> readOff = new LinkedHashMap<>();
        if (states == null) {
            daysLeft.addAll(compared);
        } else {
            states.forEach((day, state) -> {
                Map<String, FeatureProfile> own = new LinkedHashMap<>();
                state.profilesOn(fit.numeric(), fit.categorical()).forEach((f, p) -> {
                    if (!compared.contains(f)) {
                        return;
                    }
                    if (p == null) {
                        daysLeft.add(f); // a user's edge inside one of the day's parts; a categorical sketch not exact
                    } else {
                        own.put(f, p);
                    }
                });
                readOff.put(day, own);
            });
        }
        DatasetProfile whole = new DatasetProfile(rows, Reference.inColumnOrder(fit.profiles(), Map.of(), numeric, categorical));
        if (daysLeft.isEmpty()) {
            return PendingProfile.done(new PendingProfile.Daily(whole, days(readOff, states, Map.of(), numeric, categorical)));
        }
        List<FeatureSpec> numericLeft = numeric.stream().filter(f -> daysLeft.contains(f.name())).toList();
        List<FeatureSpec> categoricalLeft = categorical.stream().filter(f -> daysLeft.contains(f.name())).toList();
        Map<String, NumericBinning> numericBins = Reference.binsOf(numericLeft, fit.numeric());
        Map<String, CategoricalBinning> categoricalBins = Reference.binsOf(categoricalLeft, fit.categorical());
        return PendingProfile.startDaily(spark.sparkContext(), "reference profile pass", () -> {
            // one scan of those features by day, the rows without a day too: the whole reference's profile
            // of a feature the pass could not profile is the merge of them all
            ProfileScan.ByDay byDay = ProfileScan.profileByDay(frame, numericLeft, categoricalLeft, numericBins, categoricalBins,
                    dateColumn);
            if (states != null && !states.keySet().equals(byDay.days().keySet())) {
                throw new InputException("the reference's days changed between its two reads (" + states.size() + " days, then "
                        + byDay.days().size() + "); run again once nothing writes to the reference");
            }
            DatasetProfile overall = whole;
            if (!overallLeft.isEmpty()) {
                DatasetProfile merged = null; // the days in day order, then the rows without a day (as the pass merges them)
                List<DatasetProfile> parts = new ArrayList<>(byDay.days().values());
                if (byDay.undated() != null) {
                    parts.add(byDay.undated());
                }
                for (DatasetProfile part : parts) {
                    merged = merged == null ? part : merged.merge(part);
                }
                overall = new DatasetProfile(rows, Reference.inColumnOrder(fit.profiles(), merged.features(), numeric, categorical));
            }
            return new PendingProfile.Daily(overall, days(readOff, states, byDay.days(), numeric, categorical));
        });
    }

    /**
     * Each day's profile in day order: the features read off its state, then those scanned. The days
     * are the pass's (the scan sees the same rows, so the same days), or the scan's when the pass pooled.
     */
    private static List<DatasetProfile> days(Map<String, Map<String, FeatureProfile>> readOff,
            Map<String, ReferenceAccumulator> states, Map<String, DatasetProfile> scanned, List<FeatureSpec> numeric,
            List<FeatureSpec> categorical) {
        List<DatasetProfile> out = new ArrayList<>();
        for (String day : states != null ? states.keySet() : scanned.keySet()) {
            DatasetProfile s = scanned.get(day);
            Map<String, FeatureProfile> own = readOff.getOrDefault(day, Map.of());
            long rows = states != null ? states.get(day).rows() : s.rows();
            out.add(new DatasetProfile(rows, Reference.inColumnOrder(own, s == null ? Map.of() : s.features(), numeric,
                    categorical)));
        }
        return out;
    }
}
