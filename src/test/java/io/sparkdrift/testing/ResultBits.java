package io.sparkdrift.testing;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The values of a results table as bits, for "equal to the last bit" comparisons between runs. */
public final class ResultBits {
    private ResultBits() {
    }

    /** feature|metric → the value's raw bits, over a results table's metric rows. */
    public static Map<String, Long> of(Dataset<Row> results) {
        return of(results, false);
    }

    /** run date|feature|metric → the value's raw bits (a range run's results hold several days). */
    public static Map<String, Long> byRunDate(Dataset<Row> results) {
        return of(results, true);
    }

    private static Map<String, Long> of(Dataset<Row> results, boolean byDay) {
        Map<String, Long> out = new TreeMap<>();
        for (Row r : results.collectAsList()) {
            if (r.getAs("metric") != null) {
                Double v = r.getAs("value");
                out.put((byDay ? r.getAs("run_date") + "|" : "") + r.getAs("feature") + "|" + r.getAs("metric"),
                        v == null ? null : Double.doubleToRawLongBits(v));
            }
        }
        return out;
    }
}
