package io.sparkdrift.scan;

import static org.apache.spark.sql.functions.col;

import io.sparkdrift.profile.FeatureSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The projection every scan reads: numeric features cast to double, then categorical features cast
 * to string, in that order. Scans loop over Spark's internal rows of this projection, which avoids
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
            cols.add(col(quote(f.name())).cast("double"));
        }
        for (FeatureSpec f : categorical) {
            cols.add(col(quote(f.name())).cast("string"));
        }
        if (group != null) {
            cols.add(col(quote(group)).cast("string"));
        }
        return df.select(cols.toArray(new Column[0])).queryExecution().toRdd().toJavaRDD();
    }

    /** A column name quoted so that dots and spaces are taken literally. */
    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

}
