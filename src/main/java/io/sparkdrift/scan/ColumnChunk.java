package io.sparkdrift.scan;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Up to {@link #capacity} rows of the scan's features laid out column by column: numeric values as
 * doubles with null flags, categorical values as Spark strings (null for null). The folds work one
 * feature at a time over a chunk, so only that feature's edges and counters are in cache, and the
 * two ways of filling a chunk — from the projection's rows or from the file reader's column vectors
 * — are the only code that differs between the row path and the vectorized path.
 */
public final class ColumnChunk {
    /** Rows per chunk: 4096, fewer for wide scans so a chunk stays near {@value #MAX_CELLS} cells. */
    static final int MAX_ROWS = 4096;
    /**
     * 4M cells (about 38 MB with the null flags): full 4096-row chunks up to 1024 features. Each
     * feature's bin tables (about 100 KB at 1,000 fine bins) are fetched into cache once per chunk, so
     * short chunks on wide scans paid that once per few hundred values: at 1000 features, 256-row
     * chunks made the profiling passes about 1.4× slower than 4096-row ones.
     */
    static final int MAX_CELLS = 1 << 22;

    final int capacity;

    /**
     * The physical type of a vector: of a numeric feature, BYTE … DECIMAL — MICROS is a timestamp's
     * long vector, read as seconds (dates are INT: days); DECIMAL is read as Spark's {@code Decimal}
     * and converted as Spark's cast to double converts it; of a categorical feature, STRING, or
     * BOOLEAN, read as the strings Spark's cast writes ({@code true}, {@code false}).
     */
    enum Kind { BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, MICROS, DECIMAL, STRING, BOOLEAN }

    private static final UTF8String TRUE = UTF8String.fromString("true");
    private static final UTF8String FALSE = UTF8String.fromString("false");

    public final double[][] values;
    public final boolean[][] nulls;
    final UTF8String[][] strings;
    public int size;
    /** The group all rows of the chunk belong to (null when the scan is not grouped). */
    String group;

    ColumnChunk(int numeric, int categorical) {
        capacity = capacityFor(numeric + categorical);
        values = new double[numeric][capacity];
        nulls = new boolean[numeric][capacity];
        strings = new UTF8String[categorical][capacity];
    }

    /** Rows per chunk for a scan of this many features (a power of two from 64 to {@value #MAX_ROWS}). */
    static int capacityFor(int features) {
        int rows = Integer.highestOneBit(Math.max(1, MAX_CELLS / Math.max(1, features)));
        return Math.max(64, Math.min(MAX_ROWS, rows));
    }

    boolean isFull() {
        return size == capacity;
    }

    /** Appends one row of the cast projection (numeric as double first, then categorical as string). */
    void append(InternalRow row) {
        int n = values.length;
        for (int i = 0; i < n; i++) {
            boolean isNull = row.isNullAt(i);
            nulls[i][size] = isNull;
            values[i][size] = isNull ? 0 : row.getDouble(i);
        }
        for (int j = 0; j < strings.length; j++) {
            // a copy: the row's buffer is reused for the next row
            strings[j][size] = row.isNullAt(n + j) ? null : row.getUTF8String(n + j).clone();
        }
        size++;
    }

    /**
     * Replaces the content with rows [from, to) of a batch; {@code ordinals[k]} is the batch column
     * of feature k (numeric first; −1 for a feature the plan computes, left to its
     * {@link BatchProjection}), {@code kinds} the physical type of each feature's vector and
     * {@code decimals} its decimal type where it is DECIMAL. The cast to double is Java's widening
     * conversion for primitives and {@code Decimal.toDouble} for decimals, as Spark's cast does.
     */
    void load(ColumnarBatch batch, int[] ordinals, Kind[] kinds, DecimalType[] decimals, int from, int to) {
        size = to - from;
        for (int i = 0; i < values.length; i++) {
            if (ordinals[i] < 0) {
                continue; // computed: filled by the plan's projection
            }
            ColumnVector v = batch.column(ordinals[i]);
            double[] out = values[i];
            boolean[] isNull = nulls[i];
            if (v.hasNull()) {
                for (int r = from; r < to; r++) {
                    isNull[r - from] = v.isNullAt(r);
                }
            } else {
                java.util.Arrays.fill(isNull, 0, size, false);
            }
            switch (kinds[i]) {
                case DOUBLE -> {
                    for (int r = from; r < to; r++) {
                        out[r - from] = isNull[r - from] ? 0 : v.getDouble(r);
                    }
                }
                case FLOAT -> {
                    for (int r = from; r < to; r++) {
                        out[r - from] = isNull[r - from] ? 0 : v.getFloat(r);
                    }
                }
                case LONG -> {
                    for (int r = from; r < to; r++) {
                        out[r - from] = isNull[r - from] ? 0 : v.getLong(r);
                    }
                }
                case MICROS -> {
                    for (int r = from; r < to; r++) {
                        out[r - from] = isNull[r - from] ? 0 : (double) v.getLong(r) / 1e6;
                    }
                }
                case INT -> {
                    for (int r = from; r < to; r++) {
                        out[r - from] = isNull[r - from] ? 0 : v.getInt(r);
                    }
                }
                case SHORT -> {
                    for (int r = from; r < to; r++) {
                        out[r - from] = isNull[r - from] ? 0 : v.getShort(r);
                    }
                }
                case BYTE -> {
                    for (int r = from; r < to; r++) {
                        out[r - from] = isNull[r - from] ? 0 : v.getByte(r);
                    }
                }
                case DECIMAL -> {
                    int precision = decimals[i].precision();
                    int scale = decimals[i].scale();
                    for (int r = from; r < to; r++) {
                        out[r - from] = isNull[r - from] ? 0 : v.getDecimal(r, precision, scale).toDouble();
                    }
                }
                default -> throw new IllegalStateException("not a numeric vector kind: " + kinds[i]);
            }
        }
        for (int j = 0; j < strings.length; j++) {
            if (ordinals[values.length + j] < 0) {
                continue;
            }
            ColumnVector v = batch.column(ordinals[values.length + j]);
            UTF8String[] out = strings[j];
            boolean bool = kinds[values.length + j] == Kind.BOOLEAN;
            for (int r = from; r < to; r++) {
                out[r - from] = stringAt(v, bool, r);
            }
        }
    }

    /**
     * As {@link #load}, for the rows {@code rows[from .. to)} of a batch (those a filter kept, in
     * order), each value converted as there.
     */
    void loadRows(ColumnarBatch batch, int[] ordinals, Kind[] kinds, DecimalType[] decimals, int[] rows, int from, int to) {
        size = to - from;
        for (int i = 0; i < values.length; i++) {
            if (ordinals[i] < 0) {
                continue; // computed: filled by the plan's projection
            }
            ColumnVector v = batch.column(ordinals[i]);
            double[] out = values[i];
            boolean[] isNull = nulls[i];
            for (int k = from; k < to; k++) {
                int r = rows[k];
                boolean nul = v.isNullAt(r);
                isNull[k - from] = nul;
                out[k - from] = nul ? 0 : valueAt(v, kinds[i], decimals[i], r);
            }
        }
        for (int j = 0; j < strings.length; j++) {
            if (ordinals[values.length + j] < 0) {
                continue;
            }
            ColumnVector v = batch.column(ordinals[values.length + j]);
            UTF8String[] out = strings[j];
            boolean bool = kinds[values.length + j] == Kind.BOOLEAN;
            for (int k = from; k < to; k++) {
                out[k - from] = stringAt(v, bool, rows[k]);
            }
        }
    }

    /**
     * Row r of a categorical vector: a string as it is — no copy: the vector's buffers stay valid
     * until the next batch, and a loaded chunk is folded before the next batch is read — or a
     * boolean as Spark's cast writes it; null for null.
     */
    private static UTF8String stringAt(ColumnVector v, boolean bool, int r) {
        return v.isNullAt(r) ? null : bool ? (v.getBoolean(r) ? TRUE : FALSE) : v.getUTF8String(r);
    }

    /** Row r of a numeric vector as a double, converted as {@link #load} converts it. */
    private static double valueAt(ColumnVector v, Kind kind, DecimalType decimal, int r) {
        return switch (kind) {
            case DOUBLE -> v.getDouble(r);
            case FLOAT -> v.getFloat(r);
            case LONG -> v.getLong(r);
            case MICROS -> (double) v.getLong(r) / 1e6;
            case INT -> v.getInt(r);
            case SHORT -> v.getShort(r);
            case BYTE -> v.getByte(r);
            case DECIMAL -> v.getDecimal(r, decimal.precision(), decimal.scale()).toDouble();
            case STRING, BOOLEAN -> throw new IllegalStateException("not a numeric vector kind: " + kind);
        };
    }
}
