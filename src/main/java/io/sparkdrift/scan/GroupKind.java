package io.sparkdrift.scan;

import java.time.LocalDate;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;

/**
 * The types a group column — the date column a scan groups by, a partition column whose values a
 * listing reports — is read as without Spark's cast: a date (days), a string, or an integer such as
 * a {@code dt=20261108} partition; each value written as Spark's cast to string writes it.
 */
enum GroupKind {
    STRING, DATE, INT, LONG;

    /** The kind of a column of type {@code t}, or null when it is none of these. */
    static GroupKind of(DataType t) {
        return t.equals(DataTypes.DateType) ? DATE : t instanceof StringType ? STRING
                : t.equals(DataTypes.IntegerType) ? INT : t.equals(DataTypes.LongType) ? LONG : null;
    }

    /** Field {@code ordinal} of {@code row} (not null) as Spark's cast to string writes it: dates yyyy-MM-dd, integers in digits. */
    String name(InternalRow row, int ordinal) {
        return switch (this) {
            case DATE -> LocalDate.ofEpochDay(row.getInt(ordinal)).toString();
            case INT -> Integer.toString(row.getInt(ordinal));
            case LONG -> Long.toString(row.getLong(ordinal));
            case STRING -> row.getUTF8String(ordinal).toString();
        };
    }
}
