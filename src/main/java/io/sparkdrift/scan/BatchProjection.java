package io.sparkdrift.scan;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Features the plan computes from the scanned columns — {@code --offset-from-day}'s offsets, a
 * segment key built from several columns — evaluated on the column batches of the vectorized path,
 * so such an input is still read as batches: Spark's own projection of those expressions (generated
 * code, falling back to interpretation, as Spark's project runs them) is evaluated row by row on the
 * batch's row view, for the rows a chunk takes, and fills only the computed features' columns of
 * the chunk; every other feature is still copied from its vector. The values are those Spark's
 * projection gives the row path, to the last bit (tested). Expressions that are not deterministic or
 * hold a subquery are not taken ({@link #of} gives null and the row path is used).
 *
 * <p>Cost: the projection's per-row work for the computed features only (for an offset, about the
 * row path's cost for that one column), instead of the row path for every feature.
 */
final class BatchProjection implements Serializable {
    private final Seq<Expression> expressions;
    private final Seq<Attribute> input;
    /** For each expression, the chunk column it fills: numeric feature i as i, categorical j as numeric + j. */
    private final int[] targets;
    private final int numeric;
    private transient UnsafeProjection projection;

    private BatchProjection(Seq<Expression> expressions, Seq<Attribute> input, int[] targets, int numeric) {
        this.expressions = expressions;
        this.input = input;
        this.targets = targets;
        this.numeric = numeric;
    }

    /**
     * The projection of {@code expressions} (double-valued for numeric features, strings for
     * categorical ones) over batches of {@code input}'s columns, filling chunk columns {@code targets}
     * (see the field), or null when an expression is not one this path evaluates.
     */
    static BatchProjection of(List<Expression> expressions, Seq<Attribute> input, int[] targets, int numeric) {
        for (Expression e : expressions) {
            if (!e.deterministic() || BatchFilter.holdsSubquery(e)) {
                return null;
            }
        }
        return new BatchProjection(CollectionConverters.asScala(expressions).toList(), input, targets, numeric);
    }

    /**
     * Fills the computed columns of {@code chunk} (already sized) from rows [from, to) of the batch,
     * or from rows {@code rows[from .. to)} when {@code rows} is not null (those a filter kept).
     */
    void load(ColumnarBatch batch, ColumnChunk chunk, int[] rows, int from, int to) {
        if (projection == null) {
            projection = UnsafeProjection.create(expressions, input);
        }
        for (int k = from; k < to; k++) {
            UnsafeRow out = projection.apply(batch.getRow(rows == null ? k : rows[k]));
            int at = k - from;
            for (int e = 0; e < targets.length; e++) {
                int t = targets[e];
                boolean isNull = out.isNullAt(e);
                if (t < numeric) {
                    chunk.nulls[t][at] = isNull;
                    chunk.values[t][at] = isNull ? 0 : out.getDouble(e);
                } else {
                    // a copy: the projection's row is reused for the next row
                    chunk.strings[t - numeric][at] = isNull ? null : out.getUTF8String(e).clone();
                }
            }
        }
    }
}
