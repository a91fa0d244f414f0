package io.sparkdrift.spark;

import static org.apache.spark.sql.functions.col;

import io.sparkdrift.profile.FeatureSpec;
import java.io.Serializable;
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
final class ScanColumns implements Serializable {
    final int numeric;
    final int categorical;

    private ScanColumns(int numeric, int categorical) {
        this.numeric = numeric;
        this.categorical = categorical;
    }

    static ScanColumns of(List<FeatureSpec> numeric, List<FeatureSpec> categorical) {
        return new ScanColumns(numeric.size(), categorical.size());
    }

    static JavaRDD<InternalRow> rows(Dataset<Row> df, List<FeatureSpec> numeric, List<FeatureSpec> categorical) {
        return rows(df, numeric, categorical, null);
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

    /** A 64-bit hash of the row's projected content (the sampling key of the fitting pass). */
    long rowHash(InternalRow row) {
        long h = 0x243F6A8885A308D3L;
        for (int i = 0; i < numeric; i++) {
            long v = row.isNullAt(i) ? 0x6A09E667F3BCC909L : Double.doubleToLongBits(row.getDouble(i));
            h = mix(h ^ v);
        }
        for (int j = numeric; j < numeric + categorical; j++) {
            long v = 0x3C6EF372FE94F82BL;
            if (!row.isNullAt(j)) {
                org.apache.spark.unsafe.types.UTF8String s = row.getUTF8String(j);
                v = ((long) s.hashCode() << 32) ^ s.numBytes();
            }
            h = mix(h ^ v);
        }
        return h;
    }

    private static long mix(long z) {
        z *= 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        return z ^ (z >>> 31);
    }
}
