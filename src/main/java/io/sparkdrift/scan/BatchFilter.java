package io.sparkdrift.scan;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.BasePredicate;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Predicate$;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.execution.ExecSubqueryExpression;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A filter on data columns (e.g. {@code --current-filter "country = 'US'"}) evaluated on the column
 * batches of the vectorized path, so a filtered input is read as batches too instead of row by row:
 * Spark's own predicate over the filter conditions of the plan (generated code, as Spark's filter
 * runs it, falling back to interpretation), evaluated row by row on the batch's row view, gives the
 * rows a chunk takes, in order. The rows kept and their order are those of Spark's filter, so the
 * profiles are the row path's to the last bit (tested). Conditions that are not deterministic or
 * hold a subquery are not taken ({@link #of} gives null and the row path is used).
 */
final class BatchFilter implements Serializable {
    private final Expression condition;
    private final Seq<Attribute> input;
    private transient BasePredicate predicate;
    private transient int[] selected;

    private BatchFilter(Expression condition, Seq<Attribute> input) {
        this.condition = condition;
        this.input = input;
    }

    /**
     * The filter of {@code conditions} (ANDed) over batches of {@code input}'s columns, or null when a
     * condition is not one this path evaluates.
     */
    static BatchFilter of(List<Expression> conditions, Seq<Attribute> input) {
        Expression all = null;
        for (Expression c : conditions) {
            if (!c.deterministic() || holdsSubquery(c)) {
                return null;
            }
            all = all == null ? c : new And(all, c);
        }
        return new BatchFilter(all, input);
    }

    /** Whether {@code e} holds a subquery anywhere in its tree. */
    static boolean holdsSubquery(Expression e) {
        if (e instanceof SubqueryExpression || e instanceof ExecSubqueryExpression) {
            return true;
        }
        for (Expression child : CollectionConverters.asJava(e.children())) {
            if (holdsSubquery(child)) {
                return true;
            }
        }
        return false;
    }

    /** Selects the rows of {@code batch} the filter keeps; {@link #rows} holds them, in order. Returns their number. */
    int select(ColumnarBatch batch) {
        if (predicate == null) {
            predicate = Predicate$.MODULE$.create(condition, input);
            TaskContext task = TaskContext.get();
            predicate.initialize(task == null ? 0 : task.partitionId());
        }
        int n = batch.numRows();
        if (selected == null || selected.length < n) {
            selected = new int[Math.max(n, 1024)];
        }
        int kept = 0;
        for (int r = 0; r < n; r++) {
            if (predicate.eval(batch.getRow(r))) {
                selected[kept++] = r;
            }
        }
        return kept;
    }

    /** The rows of the last {@link #select}ed batch that the filter kept (the first as many as it returned). */
    int[] rows() {
        return selected;
    }
}
