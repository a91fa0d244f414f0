package io.sparkdrift.scan;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.sparkdrift.run.InputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StringType;

/**
 * Which segment a row belongs to ({@code --segment-by COL[,COL...]}): one string per row, read by
 * the scans as one more string column. A single string column is read as it is (from the file
 * reader's vector); otherwise a key column {@value #COMPUTED} is added, {@code a=1, b=x}, which the
 * vectorized path evaluates on the batches ({@link BatchProjection}). A row with a null in any segment column has no key: it falls in "other".
 *
 * @param columns the segment columns
 * @param keyColumn the column the scans read the key from
 */
public record SegmentKey(List<String> columns, String keyColumn) implements Serializable {
    /** The name of the computed key column. */
    public static final String COMPUTED = "__spark_drift_segment";

    /** The key of {@code columns} over {@code df}: checks the columns exist in it. */
    public static SegmentKey of(Dataset<Row> df, List<String> columns, String role) {
        for (String c : columns) {
            if (!Arrays.asList(df.columns()).contains(c)) {
                throw new InputException("--segment-by " + String.join(",", columns) + ": the " + role + " has no column '" + c
                        + "'; its columns are " + String.join(", ", df.columns()));
            }
        }
        boolean raw = columns.size() == 1 && df.schema().apply(columns.get(0)).dataType() instanceof StringType;
        return new SegmentKey(List.copyOf(columns), raw ? columns.get(0) : COMPUTED);
    }

    /** {@code df} with the key column when it is computed (else {@code df} itself). */
    public Dataset<Row> keyed(Dataset<Row> df) {
        if (!keyColumn.equals(COMPUTED)) {
            return df;
        }
        List<Column> parts = new ArrayList<>();
        Column anyNull = lit(false);
        for (String c : columns) {
            Column v = col(ScanColumns.quote(c));
            parts.add(lit((parts.isEmpty() ? "" : ", ") + c + "="));
            parts.add(v.cast("string"));
            anyNull = anyNull.or(v.isNull());
        }
        return df.withColumn(COMPUTED, when(anyNull, lit(null).cast("string")).otherwise(concat(parts.toArray(new Column[0]))));
    }

    /** The label the outputs show for a key: {@code col=value} for a single column read as it is. */
    public String label(String key) {
        return keyColumn.equals(COMPUTED) ? key : columns.get(0) + "=" + key;
    }
}
