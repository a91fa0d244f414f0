package io.sparkdrift.scan;

import io.sparkdrift.profile.FeatureSpec;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * What one scan reads, as a stream of {@link ColumnChunk}s per partition: the vectorized file
 * reader's column batches when the plan is a plain columnar file scan ({@link VectorizedPlan}),
 * otherwise the rows of the cast projection (any format, any filter). Both give the same chunks in
 * the same order, so the profiles are identical bit for bit (tested); only the speed differs.
 *
 * <p>With a group column (e.g. the date partition), every chunk holds rows of one group; rows whose
 * group is null come in chunks of their own, with a null group (passes by group leave them out, the
 * reference's pass by day counts them in the whole reference only).
 *
 * @param <I> the element type of the underlying RDD
 */
public abstract class ScanInput<I> implements Serializable {
    /** Spark conf key that turns the vectorized path off ({@code false}); it is on by default. */
    static final String VECTORIZED_CONF = "spark.drift.scan.vectorized";
    /**
     * Held while a scan is planned: the vectorized path sets session settings for a moment (the fields
     * limit, the task split, {@link TaskSplits}), and the job plans its passes on more than one thread.
     */
    private static final Object PLANNING = new Object();

    /** Receives the chunks of one partition; the chunk is reused after the call returns. */
    interface ChunkSink {
        void accept(String group, ColumnChunk chunk) throws Exception;
    }

    final int numeric;
    final int categorical;
    final boolean grouped;

    ScanInput(int numeric, int categorical, boolean grouped) {
        this.numeric = numeric;
        this.categorical = categorical;
        this.grouped = grouped;
    }

    /** The RDD whose partitions {@link #forEach} reads (driver side only). */
    public abstract JavaRDD<I> rdd();

    /**
     * One partition's rows as chunks. The iterator returns the same chunk object each time, refilled:
     * use it before asking for the next.
     */
    public abstract Iterator<ColumnChunk> chunks(Iterator<I> partition);

    /** Pushes one partition's rows to {@code sink} as chunks. */
    final void forEach(Iterator<I> partition, ChunkSink sink) throws Exception {
        Iterator<ColumnChunk> it = chunks(partition);
        while (it.hasNext()) {
            ColumnChunk chunk = it.next();
            sink.accept(chunk.group, chunk);
        }
    }

    /** Base of the chunk iterators: {@link #fill} loads the next chunk, or leaves it empty at the end. */
    abstract static class ChunkIterator implements Iterator<ColumnChunk> {
        final ColumnChunk chunk;
        private boolean ready;

        ChunkIterator(ColumnChunk chunk) {
            this.chunk = chunk;
        }

        abstract void fill();

        @Override
        public boolean hasNext() {
            if (!ready) {
                chunk.size = 0;
                fill();
                ready = true;
            }
            return chunk.size > 0;
        }

        @Override
        public ColumnChunk next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            ready = false;
            return chunk;
        }
    }

    ColumnChunk newChunk() {
        return new ColumnChunk(numeric, categorical);
    }

    /**
     * The input of a scan of {@code numeric} (as double) and {@code categorical} (as string)
     * features, plus {@code group} (as string) when not null.
     */
    public static ScanInput<?> of(Dataset<Row> df, List<FeatureSpec> numeric, List<FeatureSpec> categorical, String group) {
        synchronized (PLANNING) {
            if (!"false".equalsIgnoreCase(df.sparkSession().conf().get(VECTORIZED_CONF, "true"))) {
                ScanInput<ColumnarBatch> batches = VectorizedPlan.batches(df, numeric, categorical, group);
                if (batches != null) {
                    return batches;
                }
            }
            return new Rows(df, numeric, categorical, group);
        }
    }

    /** The row path: Spark's internal rows of the cast projection (see {@link ScanColumns}). */
    static final class Rows extends ScanInput<InternalRow> {
        private final transient JavaRDD<InternalRow> rdd;

        Rows(Dataset<Row> df, List<FeatureSpec> numeric, List<FeatureSpec> categorical, String group) {
            super(numeric.size(), categorical.size(), group != null);
            this.rdd = ScanColumns.rows(df, numeric, categorical, group);
        }

        @Override
        public JavaRDD<InternalRow> rdd() {
            return rdd;
        }

        @Override
        public Iterator<ColumnChunk> chunks(Iterator<InternalRow> rows) {
            int groupCol = numeric + categorical;
            return new ChunkIterator(newChunk()) {
                private InternalRow held; // first row of the next group; valid until rows.next()
                private boolean started;
                private UTF8String key; // null: rows without a group
                private String group;

                @Override
                void fill() {
                    if (held != null) {
                        chunk.append(held);
                        held = null;
                    }
                    while (!chunk.isFull() && rows.hasNext()) {
                        InternalRow row = rows.next();
                        if (grouped) {
                            UTF8String g = row.isNullAt(groupCol) ? null : row.getUTF8String(groupCol);
                            if (!started || !java.util.Objects.equals(g, key)) {
                                String previous = group;
                                started = true;
                                key = g == null ? null : g.clone();
                                group = key == null ? null : key.toString();
                                if (chunk.size > 0) {
                                    held = row;
                                    chunk.group = previous;
                                    return;
                                }
                            }
                        }
                        chunk.append(row);
                    }
                    chunk.group = group;
                }
            };
        }
    }
}
