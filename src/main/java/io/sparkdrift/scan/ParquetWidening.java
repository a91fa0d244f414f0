package io.sparkdrift.scan;

import io.sparkdrift.run.InputException;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet files of one table written before and after a column was widened — an {@code int} id
 * that became {@code bigint}, a {@code float} amount that became {@code double}, the commonest
 * schema change of a long-lived table — read as one.
 *
 * <h2>Why</h2>
 * Spark reads a Parquet path with the schema of one file (the first it lists, usually the oldest
 * partition's) unless asked to merge every footer, which costs a read of every file's footer and
 * still refuses {@code int} beside {@code bigint} (CANNOT_MERGE_SCHEMAS). A file whose column is
 * wider than that schema then fails the scan ("Data type mismatches when reading Parquet column"):
 * a table whose ids outgrew {@code int} a year ago failed every night, whatever days were read. So
 * data columns are read at the widest width of their kind — byte, short and int as {@code bigint},
 * float as {@code double} — which Spark's Parquet readers widen narrower files to exactly (an
 * integer is the same number in 64 bits, a float the same number as a double), so every value
 * compared is what the files hold, bit for bit as if they had been written wide.
 *
 * <h2>What is reported</h2>
 * A widened column keeps the type its first file declares in its metadata ({@link #declared}): schema
 * changes and stored profiles name the types as the data declares them, so a current table written
 * {@code bigint} against a reference written {@code int} is still reported as retyped within its kind.
 *
 * <h2>What is left</h2>
 * Files whose types cannot be read as one (a number column that became {@code double}, a string)
 * still fail the scan; {@link #mismatch} makes that one line naming the column, the file and the fix.
 * ORC needs none of this (its reader converts between number types itself); CSV and JSON infer
 * their types from the data.
 */
public final class ParquetWidening {
    /** Metadata key of a column read wider than its first file wrote it: the type that file declares. */
    static final String DECLARED = "spark_drift_declared_type";

    private ParquetWidening() {
    }

    /**
     * The schema to read {@code inferred} with: its data columns of type byte, short or int as
     * bigint and float as double, each marked with the type it had; partition columns as they are.
     *
     * @return null when no column widens
     */
    static StructType widened(StructType inferred, Set<String> partitionColumns) {
        StructField[] fields = inferred.fields().clone();
        boolean any = false;
        for (int i = 0; i < fields.length; i++) {
            StructField f = fields[i];
            DataType wide = partitionColumns.contains(f.name()) ? null : wider(f.dataType());
            if (wide != null) {
                Metadata m = new MetadataBuilder().withMetadata(f.metadata()).putString(DECLARED, f.dataType().simpleString())
                        .build();
                fields[i] = new StructField(f.name(), wide, f.nullable(), m);
                any = true;
            }
        }
        return any ? new StructType(fields) : null;
    }

    private static DataType wider(DataType t) {
        if (t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType) {
            return DataTypes.LongType;
        }
        return t instanceof FloatType ? DataTypes.DoubleType : null;
    }

    /** {@code read} as its inputs declare it: every widened column with the type its files' first declared. */
    public static StructType declared(StructType read) {
        StructField[] fields = read.fields().clone();
        for (int i = 0; i < fields.length; i++) {
            StructField f = fields[i];
            if (f.metadata().contains(DECLARED)) {
                fields[i] = new StructField(f.name(), DataType.fromDDL(f.metadata().getString(DECLARED)), f.nullable(),
                        new MetadataBuilder().withMetadata(f.metadata()).remove(DECLARED).build());
            }
        }
        return new StructType(fields);
    }

    /**
     * {@code work}'s result; a scan in it that failed on files of disagreeing types ({@link #mismatch})
     * becomes an {@link InputException} with that line, any other failure passes as it is.
     */
    public static <T> T explained(Supplier<T> work) {
        try {
            return work.get();
        } catch (Exception e) { // Spark's checked exceptions, thrown from Scala
            String mismatch = mismatch(e);
            if (mismatch != null && !(e instanceof InputException)) {
                throw new InputException(mismatch, e);
            }
            throw e;
        }
    }

    /**
     * One line for a scan that failed on a Parquet file whose column cannot be read with the table's
     * type (Spark's FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH, anywhere in {@code e}'s causes),
     * naming the column, the two types, the file and the fix; null when {@code e} is no such failure.
     */
    public static String mismatch(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SparkThrowable st && "FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH".equals(st.getCondition())) {
                Map<String, String> p = st.getMessageParameters();
                String column = p.getOrDefault("column", "?").replaceAll("^\\[|\\]$", "");
                return "the Parquet files disagree on the type of column '" + column + "': " + p.get("path") + " holds "
                        + p.get("actualType") + ", which Spark cannot read as " + p.get("expectedType")
                        + ", the type it reads the column with (its first file's, widened); leave the column out with"
                        + " --exclude " + column + ", or rewrite the older files with the new type";
            }
        }
        return null;
    }
}
