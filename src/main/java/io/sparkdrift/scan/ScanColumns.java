package io.sparkdrift.scan;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.unix_micros;

import io.sparkdrift.profile.FeatureSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The projection every scan reads: numeric features as double ({@link #asNumber}), then categorical
 * features cast to string, in that order. Scans loop over Spark's internal rows of this projection, which avoids
 * converting each row to a Java {@code Row}.
 */
final class ScanColumns {
    private ScanColumns() {
    }

    /** The projection, plus {@code group} cast to string as the last column when it is not null. */
    static JavaRDD<InternalRow> rows(Dataset<Row> df, List<FeatureSpec> numeric, List<FeatureSpec> categorical,
            String group) {
        List<Column> cols = new ArrayList<>();
        for (FeatureSpec f : numeric) {
            cols.add(asNumber(df, f.name()));
        }
        for (FeatureSpec f : categorical) {
            cols.add(col(quote(f.name())).cast("string"));
        }
        if (group != null) {
            cols.add(col(quote(group)).cast("string"));
        }
        return df.select(cols.toArray(new Column[0])).queryExecution().toRdd().toJavaRDD();
    }

    /**
     * A numeric feature's values as doubles: numbers cast (Java's widening conversion), dates as days
     * since 1970-01-01, timestamps as seconds since 1970-01-01 00:00:00 UTC (microseconds ÷ 10^6, one
     * rounding; a timestamp without time zone counts its wall clock as UTC). {@link ColumnChunk#load}
     * computes the same from the file reader's vectors, bit for bit.
     */
    static Column asNumber(Dataset<Row> df, String name) {
        org.apache.spark.sql.types.DataType t = df.schema().apply(name).dataType();
        Column c = col(quote(name));
        if (t instanceof org.apache.spark.sql.types.DateType) {
            return unix_date(c).cast("double");
        }
        if (t instanceof org.apache.spark.sql.types.TimestampType) {
            return unix_micros(c).cast("double").divide(lit(1e6));
        }
        if (t instanceof org.apache.spark.sql.types.TimestampNTZType) {
            return expr("timestampdiff(MICROSECOND, TIMESTAMP_NTZ'1970-01-01 00:00:00', " + quote(name) + ")")
                    .cast("double").divide(lit(1e6));
        }
        return c.cast("double");
    }

    /** A column name quoted so that dots and spaces are taken literally. */
    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

}
