package io.sparkdrift.output;

import io.sparkdrift.compare.FeatureResult;
import io.sparkdrift.compare.Metric;
import io.sparkdrift.run.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain-text table of the features, worst drift first, for the console and the job log. Bounded
 * whatever the number of features, and saying what it left out: the first {@value #MAX_ROWS} rows, what
 * moved in the first {@value #MAX_EXPLAINED} drifted features and the first {@value #MAX_NAMES} drifted
 * features of each segment; every feature is in summary.json, results/ and report.html.
 */
public final class ConsoleTable {
    private static final Metric[] COLUMNS = {Metric.WASSERSTEIN_NORMED, Metric.JS_DISTANCE, Metric.PSI,
        Metric.KS_STATISTIC, Metric.NULL_RATE_DELTA};
    /** Feature rows shown. */
    static final int MAX_ROWS = 100;
    /** Drifted features whose "what moved" line is shown. */
    static final int MAX_EXPLAINED = 20;
    /** Drifted features named on a segment's line. */
    static final int MAX_NAMES = 20;

    private ConsoleTable() {
    }

    /**
     * The console text of a run: each compared day's table, then a line for each day of
     * {@code rangeDays} (a {@code --current-range}; empty otherwise) that had no current rows.
     */
    public static String render(List<RunSummary> summaries, List<java.time.LocalDate> rangeDays) {
        StringBuilder sb = new StringBuilder();
        summaries.forEach(s -> sb.append(render(s)));
        daysWithoutRows(summaries, rangeDays).forEach(d -> sb.append("no current rows for ").append(d).append(": not compared\n"));
        return sb.toString();
    }

    /** The days of {@code rangeDays} no summary was made for: they had no current rows. */
    public static List<java.time.LocalDate> daysWithoutRows(List<RunSummary> summaries, List<java.time.LocalDate> rangeDays) {
        java.util.Set<java.time.LocalDate> compared = new java.util.HashSet<>();
        summaries.forEach(s -> compared.add(s.runDate()));
        return rangeDays.stream().filter(d -> !compared.contains(d)).toList();
    }

    public static String render(RunSummary s) {
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("feature", "type", "drift"));
        for (Metric m : COLUMNS) {
            header.add(m.key());
        }
        header.add("note");
        rows.add(header.toArray(new String[0]));
        List<FeatureResult> shown = s.features().subList(0, Math.min(MAX_ROWS, s.features().size()));
        for (FeatureResult r : shown) {
            List<String> row = new ArrayList<>(List.of(r.feature(), r.type().label(),
                    !r.ok() ? r.status().key().toUpperCase(Locale.ROOT) : r.drifted() ? "DRIFT" : "ok"));
            for (Metric m : COLUMNS) {
                Double v = r.metrics().get(m);
                row.add(v == null ? "-" : format(v));
            }
            String note = r.ok() ? "" : r.error();
            if (r.drifted()) {
                note = (note.isEmpty() ? "" : note + "; ") + "triggered: "
                        + String.join(", ", r.triggered().stream().map(Metric::key).toList());
            }
            row.add(note);
            rows.add(row.toArray(new String[0]));
        }
        int[] width = new int[header.size()];
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Drift report %s (run %s): %d of %d features drifted (%.0f%%), dataset drift: %s%n",
                s.runDate(), s.runId(), s.driftedCount(), s.features().size(), 100 * s.driftedShare(),
                s.datasetDrift() ? "YES" : "no"));
        sb.append(String.format(Locale.ROOT, "reference: %s (%d rows)   current: %s (%d rows)%n",
                describe(s.reference()), s.reference().rows(), describe(s.current()), s.current().rows()));
        if (!s.reference().missingDays().isEmpty()) {
            sb.append("warning: the reference window is short: ").append(s.reference().missingDaysText()).append('\n');
        }
        for (io.sparkdrift.run.SegmentResult seg : s.segments()) {
            sb.append(String.format(Locale.ROOT, "segment %s (%d reference, %d current rows): %s%n", seg.segment(),
                    seg.referenceRows(), seg.currentRows(), seg.currentRows() == 0 ? "not in the current data"
                            : seg.driftedCount() + " of " + seg.features().size() + " features drifted"
                            + (seg.driftedCount() == 0 ? "" : " (" + names(seg.features()) + ")")));
        }
        if (!s.schema().changes().isEmpty()) {
            sb.append("schema changes (on-schema-change ").append(s.schema().rule().key()).append("): ").append(String.join("; ",
                    s.schema().changes().stream().map(c -> c.column() + " " + c.describe()).toList())).append(System.lineSeparator());
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                sb.append(i == row.length - 1 ? cell : pad(cell, width[i], i >= 3)).append(i == row.length - 1 ? "" : "  ");
            }
            sb.append(System.lineSeparator());
        }
        List<FeatureResult> left = s.features().subList(shown.size(), s.features().size());
        if (!left.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "... %d more features not shown (%d drifted, %d not ok); every feature is in"
                    + " summary.json, results/ and report.html%n", left.size(), left.stream().filter(FeatureResult::drifted).count(),
                    left.stream().filter(r -> !r.ok()).count()));
        }
        int explained = 0;
        int unexplained = 0;
        for (FeatureResult r : s.features()) {
            if (r.drifted() && r.explanation() != null) {
                if (explained++ < MAX_EXPLAINED) {
                    sb.append("what moved in ").append(r.feature()).append(": ").append(r.explanation().text())
                            .append(System.lineSeparator());
                    for (String w : r.warnings()) { // what qualifies the verdict: the column may be an identifier, a time of the day
                        sb.append("  warning: ").append(w).append(System.lineSeparator());
                    }
                } else {
                    unexplained++;
                }
            }
        }
        if (unexplained > 0) {
            sb.append("... what moved in ").append(unexplained).append(" more drifted features: see summary.json or report.html")
                    .append(System.lineSeparator());
        }
        if (!s.skipped().isEmpty()) {
            sb.append("not compared: ");
            sb.append(String.join("; ", s.skipped().entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList()));
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** The drifted features' names, the first {@value #MAX_NAMES}, and how many more. */
    private static String names(List<FeatureResult> features) {
        List<String> drifted = features.stream().filter(FeatureResult::drifted).map(FeatureResult::feature).toList();
        String first = String.join(", ", drifted.subList(0, Math.min(MAX_NAMES, drifted.size())));
        return drifted.size() <= MAX_NAMES ? first : first + " and " + (drifted.size() - MAX_NAMES) + " more";
    }

    private static String describe(RunSummary.InputInfo in) {
        return in.path() + (in.filter() == null ? "" : " where " + in.filter());
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.2e", v) : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(Math.max(0, w - s.length()));
        return right ? fill + s : s + fill;
    }
}
