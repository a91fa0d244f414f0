package io.sparkdrift.scan;

import static org.apache.spark.sql.functions.col;

import io.sparkdrift.profile.FeatureSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.FilterExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The vectorized path: when the physical plan of the features' columns is nothing but a columnar
 * file scan (Parquet or ORC with Spark's vectorized reader; partition filters are part of the scan)
 * or a catalog's own columnar scan (a {@code BatchScanExec}: Iceberg's vectorized reader), under
 * filters on data columns at most ({@link BatchFilter} picks the rows they keep) and one projection
 * computing features from those columns ({@link BatchProjection} fills them), the scan's own
 * {@code RDD<ColumnarBatch>} is read directly and chunks are filled from primitive column vectors,
 * with no per-row conversion. Anything else — a filter or computed feature that is not deterministic
 * or holds a subquery, a computed numeric feature that is not a double, CSV/JSON, a type other than
 * byte/short/int/long/float/double/decimal/date/timestamp for numeric features, the vectorized
 * reader turned off — gives {@code null} and the row path is used. Categorical features that are not
 * strings (booleans, numbers named in {@code --categorical}) are cast to strings as the row path casts
 * them, a computed feature like the others.
 *
 * <p>Spark turns the vectorized reader off above {@code spark.sql.codegen.maxFields} (100) columns,
 * a limit that exists for generated code, not for the reader; this path lifts it while planning its
 * own scan so that wide tables are read as batches too.
 */
final class VectorizedPlan extends ScanInput<ColumnarBatch> {
    private static final org.apache.logging.log4j.Logger LOG = org.apache.logging.log4j.LogManager.getLogger(VectorizedPlan.class);
    private static final String MAX_FIELDS = "spark.sql.codegen.maxFields";

    private final transient JavaRDD<ColumnarBatch> rdd;
    private final int[] ordinals;
    private final ColumnChunk.Kind[] kinds;
    /** The decimal type of each numeric feature read as DECIMAL, else null. */
    private final DecimalType[] decimals;
    private final int groupOrdinal;
    private final GroupKind groupKind;
    /** The plan's filter on data columns, evaluated on the batches; null when the plan has none. */
    private final BatchFilter filter;
    /** The features the plan computes from the columns, evaluated on the batches; null when it computes none. */
    private final BatchProjection projection;

    private VectorizedPlan(JavaRDD<ColumnarBatch> rdd, int numeric, int categorical, int[] ordinals,
            ColumnChunk.Kind[] kinds, DecimalType[] decimals, int groupOrdinal, GroupKind groupKind, BatchFilter filter,
            BatchProjection projection) {
        super(numeric, categorical, groupOrdinal >= 0);
        this.rdd = rdd;
        this.ordinals = ordinals;
        this.kinds = kinds;
        this.decimals = decimals;
        this.groupOrdinal = groupOrdinal;
        this.groupKind = groupKind;
        this.filter = filter;
        this.projection = projection;
    }

    /** The batches of a plain columnar scan of these columns, or null when the plan is anything else. */
    static VectorizedPlan batches(Dataset<Row> df, List<FeatureSpec> numeric, List<FeatureSpec> categorical, String group) {
        ColumnChunk.Kind[] kinds = new ColumnChunk.Kind[numeric.size() + categorical.size()];
        DecimalType[] decimals = new DecimalType[numeric.size()];
        List<Column> cols = new ArrayList<>();
        for (int i = 0; i < numeric.size(); i++) {
            DataType t = df.schema().apply(numeric.get(i).name()).dataType();
            kinds[i] = kindOf(t);
            if (kinds[i] == null) {
                return null;
            }
            decimals[i] = t instanceof DecimalType d ? d : null;
            cols.add(col(ScanColumns.quote(numeric.get(i).name())));
        }
        for (int j = 0; j < categorical.size(); j++) { // strings and booleans from their vectors; others (numbers named in
            // --categorical) cast to strings as the row path casts them, computed on the batches
            DataType t = df.schema().apply(categorical.get(j).name()).dataType();
            Column c = col(ScanColumns.quote(categorical.get(j).name()));
            boolean read = t instanceof StringType || t.equals(DataTypes.BooleanType);
            kinds[numeric.size() + j] = t.equals(DataTypes.BooleanType) ? ColumnChunk.Kind.BOOLEAN : ColumnChunk.Kind.STRING;
            cols.add(read ? c : c.cast("string"));
        }
        GroupKind groupKind = null;
        if (group != null) {
            DataType t = df.schema().apply(group).dataType();
            groupKind = GroupKind.of(t);
            if (groupKind == null) {
                return null;
            }
            cols.add(col(ScanColumns.quote(group)));
        }
        return planned(df, cols, numeric, categorical, kinds, decimals, group, groupKind);
    }

    /** Plans the scan; {@link ScanInput#of} holds its lock, since the settings changed here for a moment are the session's. */
    private static VectorizedPlan planned(Dataset<Row> df, List<Column> cols, List<FeatureSpec> numeric,
            List<FeatureSpec> categorical, ColumnChunk.Kind[] kinds, DecimalType[] decimals, String group, GroupKind groupKind) {
        var conf = df.sparkSession().conf();
        String before = conf.get(MAX_FIELDS);
        try {
            if (cols.size() >= Integer.parseInt(before)) {
                conf.set(MAX_FIELDS, String.valueOf(cols.size() + 1));
            }
            SparkPlan plan = df.select(cols.toArray(new Column[0])).queryExecution().executedPlan();
            List<Attribute> wanted = new ArrayList<>(CollectionConverters.asJava(plan.output()));
            SparkPlan p = plan;
            List<Expression> conditions = new ArrayList<>();
            java.util.Map<ExprId, Expression> computed = null; // the one computing projection's expressions, by output
            while (!(p instanceof FileSourceScanExec) && !(p instanceof BatchScanExec)) {
                if (p instanceof WholeStageCodegenExec w) {
                    p = w.child();
                } else if (p instanceof InputAdapter a) {
                    p = a.child();
                } else if (p instanceof ColumnarToRowExec c) {
                    p = c.child();
                } else if (p instanceof ProjectExec pr && onlyAttributes(pr)) {
                    p = pr.child();
                } else if (p instanceof ProjectExec pr && computed == null) { // features computed from the columns
                    computed = new java.util.HashMap<>();
                    for (NamedExpression e : CollectionConverters.asJava(pr.projectList())) {
                        if (e instanceof Alias a) {
                            computed.put(a.exprId(), a.child());
                        }
                    }
                    p = pr.child();
                } else if (p instanceof FilterExec f) {
                    conditions.add(f.condition());
                    p = f.child();
                } else {
                    return null;
                }
            }
            SparkPlan scan = p;
            if (!scan.supportsColumnar()) {
                return null;
            }
            // by expression id through a map: the plan's outputs are Scala lists, whose get(i) and size() walk
            // the list (quadratic and worse at a thousand columns)
            java.util.Map<Object, Integer> scanned = new java.util.HashMap<>();
            int s = 0;
            for (Attribute a : new ArrayList<>(CollectionConverters.asJava(scan.output()))) {
                scanned.put(a.exprId(), s++);
            }
            int features = numeric.size() + categorical.size();
            int[] ordinals = new int[wanted.size()];
            List<Expression> expressions = new ArrayList<>();
            List<Integer> targets = new ArrayList<>();
            for (int k = 0; k < ordinals.length; k++) {
                Integer at = scanned.get(wanted.get(k).exprId());
                Expression e = at == null && computed != null && k < features ? computed.get(wanted.get(k).exprId()) : null;
                if (e != null && e.dataType().equals(k < numeric.size() ? DataTypes.DoubleType : DataTypes.StringType)
                        && readsOnly(e, scanned)) {
                    expressions.add(e); // a computed feature: filled by the projection, not from a vector
                    targets.add(k);
                    ordinals[k] = -1;
                } else if (at == null) {
                    return null;
                } else {
                    ordinals[k] = at;
                }
            }
            for (Expression c : conditions) {
                if (!readsOnly(c, scanned)) {
                    return null;
                }
            }
            BatchFilter filter = conditions.isEmpty() ? null : BatchFilter.of(conditions, scan.output());
            if (!conditions.isEmpty() && filter == null) {
                return null;
            }
            BatchProjection projection = expressions.isEmpty() ? null : BatchProjection.of(expressions, scan.output(),
                    targets.stream().mapToInt(Integer::intValue).toArray(), numeric.size());
            if (!expressions.isEmpty() && projection == null) {
                return null;
            }
            JavaRDD<ColumnarBatch> batches = scan instanceof FileSourceScanExec files ? batchesOf(files, conf)
                    : tableBatches((BatchScanExec) scan); // a catalog's own columnar reader (Iceberg, ...)
            return new VectorizedPlan(batches,
                    numeric.size(), categorical.size(), java.util.Arrays.copyOf(ordinals, features), kinds, decimals,
                    group == null ? -1 : ordinals[features], groupKind, filter, projection);
        } finally {
            conf.set(MAX_FIELDS, before);
        }
    }

    /** The scan's batches, its files cut into tasks as {@link TaskSplits} decides (Spark reads the split when the RDD is made). */
    private static JavaRDD<ColumnarBatch> batchesOf(FileSourceScanExec scan, RuntimeConfig conf) {
        long split = TaskSplits.forScan(scan, conf);
        if (split < 0) {
            return scan.executeColumnar().toJavaRDD();
        }
        scala.Option<String> maxBytes = conf.getOption(TaskSplits.MAX_PARTITION_BYTES);
        scala.Option<String> minNum = conf.getOption(TaskSplits.MIN_PARTITION_NUM);
        try {
            conf.set(TaskSplits.MAX_PARTITION_BYTES, split);
            conf.set(TaskSplits.MIN_PARTITION_NUM, 1L); // else Spark caps the split at the data over its parallelism
            JavaRDD<ColumnarBatch> rdd = scan.executeColumnar().toJavaRDD();
            LOG.info("wide scan of {} files ({} MB): {} tasks of up to {} MB, for {} rows or more a task ({})",
                    scan.selectedPartitions().totalNumberOfFiles(), scan.selectedPartitions().totalFileSize() >> 20,
                    rdd.getNumPartitions(), split >> 20, conf.get(TaskSplits.MIN_ROWS, String.valueOf(TaskSplits.DEFAULT_MIN_ROWS)),
                    TaskSplits.MIN_ROWS);
            return rdd;
        } finally {
            restore(conf, TaskSplits.MAX_PARTITION_BYTES, maxBytes);
            restore(conf, TaskSplits.MIN_PARTITION_NUM, minNum);
        }
    }

    /** The batches of a catalog's own columnar scan, in the tasks its source plans (TaskSplits applies to files only). */
    private static JavaRDD<ColumnarBatch> tableBatches(BatchScanExec scan) {
        JavaRDD<ColumnarBatch> rdd = scan.executeColumnar().toJavaRDD();
        LOG.info("columnar scan of {}: {} tasks as the source plans them", scan.table().name(), rdd.getNumPartitions());
        return rdd;
    }

    private static void restore(RuntimeConfig conf, String key, scala.Option<String> value) {
        if (value.isDefined()) {
            conf.set(key, value.get());
        } else {
            conf.unset(key);
        }
    }

    /** Whether {@code e} reads only columns the scan outputs (keys: their expression ids). */
    private static boolean readsOnly(Expression e, java.util.Map<Object, Integer> scanned) {
        for (Attribute a : CollectionConverters.asJava(e.references().toSeq())) {
            if (!scanned.containsKey(a.exprId())) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlyAttributes(ProjectExec p) {
        for (NamedExpression e : CollectionConverters.asJava(p.projectList())) {
            if (!(e instanceof Attribute)) {
                return false;
            }
        }
        return true;
    }

    private static ColumnChunk.Kind kindOf(DataType t) {
        if (t.equals(DataTypes.DoubleType)) {
            return ColumnChunk.Kind.DOUBLE;
        } else if (t.equals(DataTypes.FloatType)) {
            return ColumnChunk.Kind.FLOAT;
        } else if (t.equals(DataTypes.LongType)) {
            return ColumnChunk.Kind.LONG;
        } else if (t.equals(DataTypes.IntegerType) || t.equals(DataTypes.DateType)) {
            return ColumnChunk.Kind.INT; // a date's vector holds days since 1970-01-01
        } else if (t.equals(DataTypes.TimestampType) || t.equals(DataTypes.TimestampNTZType)) {
            return ColumnChunk.Kind.MICROS;
        } else if (t.equals(DataTypes.ShortType)) {
            return ColumnChunk.Kind.SHORT;
        } else if (t.equals(DataTypes.ByteType)) {
            return ColumnChunk.Kind.BYTE;
        } else if (t instanceof DecimalType) {
            return ColumnChunk.Kind.DECIMAL;
        }
        return null;
    }

    @Override
    public JavaRDD<ColumnarBatch> rdd() {
        return rdd;
    }

    @Override
    public Iterator<ColumnChunk> chunks(Iterator<ColumnarBatch> batches) {
        return new ChunkIterator(newChunk()) {
            private ColumnarBatch batch;
            /** The batch's rows the chunks take: all, or those the filter kept ({@code kept} of {@code filter.rows()}). */
            private int[] kept;
            private int size;
            /** The next of those rows, as a position among them. */
            private int next;

            private int row(int position) {
                return kept == null ? position : kept[position];
            }

            @Override
            void fill() {
                while (batch == null || next >= size) {
                    if (!batches.hasNext()) {
                        return;
                    }
                    batch = batches.next();
                    size = filter == null ? batch.numRows() : filter.select(batch);
                    kept = filter == null ? null : filter.rows();
                    next = 0;
                }
                ColumnVector g = grouped ? batch.column(groupOrdinal) : null;
                int end = Math.min(size, next + chunk.capacity);
                if (g != null) {
                    int first = row(next);
                    int run = next + 1;
                    while (run < end && sameGroup(g, first, row(run))) {
                        run++;
                    }
                    end = run;
                }
                if (kept == null) {
                    chunk.load(batch, ordinals, kinds, decimals, next, end);
                } else {
                    chunk.loadRows(batch, ordinals, kinds, decimals, kept, next, end);
                }
                if (projection != null) {
                    projection.load(batch, chunk, kept, next, end);
                }
                chunk.group = g == null || g.isNullAt(row(next)) ? null : groupKind.name(batch.getRow(row(next)), groupOrdinal);
                next = end;
            }
        };
    }

    /** Whether rows a and b have the same group (rows without one are a group of their own). */
    private boolean sameGroup(ColumnVector g, int a, int b) {
        if (g.isNullAt(a) || g.isNullAt(b)) {
            return g.isNullAt(a) && g.isNullAt(b);
        }
        return switch (groupKind) {
            case DATE, INT -> g.getInt(a) == g.getInt(b);
            case LONG -> g.getLong(a) == g.getLong(b);
            case STRING -> g.getUTF8String(a).equals(g.getUTF8String(b));
        };
    }
}
