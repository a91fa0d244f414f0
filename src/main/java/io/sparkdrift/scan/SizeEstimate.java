package io.sparkdrift.scan;

import java.math.BigInteger;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;

/**
 * How two inputs compare in size before either is read, from the sizes Spark's optimizer estimates
 * for their plans (planning only, no read of the data): the files' bytes of file tables (Parquet,
 * ORC, CSV, Delta's Parquet files) — the files a file scan selects after partition pruning, so one day of a
 * partitioned table is one day's bytes —, else the optimizer's estimate: the statistics of catalog
 * tables, the rows of local data. Bytes of different formats do not compare (a CSV file holds a
 * double in about twice the bytes Parquet does), so inputs read through different sources have no
 * ratio. Filters on data columns are not seen, so callers treat the ratio as a hint to size work
 * by, never as a count.
 */
public final class SizeEstimate {
    private static final org.apache.logging.log4j.Logger LOG = org.apache.logging.log4j.LogManager.getLogger(SizeEstimate.class);

    private SizeEstimate() {
    }

    /**
     * The estimated size of {@code b} over that of {@code a}; NaN when either is unknown (Spark's
     * default estimate, a source without statistics) or the two are read through different sources.
     */
    public static double ratio(Dataset<Row> a, Dataset<Row> b) {
        try {
            Size sa = size(a);
            Size sb = size(b);
            return sa == null || sb == null || !sa.sources().equals(sb.sources()) ? Double.NaN : sb.bytes() / sa.bytes();
        } catch (RuntimeException e) { // a source that cannot estimate: no ratio, nothing else depends on it
            LOG.debug("no size estimate of the inputs: {}", e.toString());
            return Double.NaN;
        }
    }

    /** An input's estimated bytes and what it reads them through. */
    private record Size(double bytes, TreeSet<String> sources) {
    }

    /**
     * The bytes of the files a file scan selects, after partition pruning, when the input is file
     * scans only; else the optimizer's estimate of the logical plan (null: unknown).
     */
    private static Size size(Dataset<Row> d) {
        SparkPlan physical = d.queryExecution().executedPlan();
        List<SparkPlan> scans = scala.jdk.javaapi.CollectionConverters.asJava(physical.collectLeaves());
        if (!scans.isEmpty() && scans.stream().allMatch(FileSourceScanExec.class::isInstance)) {
            double bytes = 0;
            TreeSet<String> sources = new TreeSet<>();
            for (SparkPlan leaf : scans) {
                FileSourceScanExec scan = (FileSourceScanExec) leaf;
                bytes += scan.selectedPartitions().totalFileSize();
                sources.add(scan.relation().fileFormat().getClass().getName());
            }
            return bytes > 0 ? new Size(bytes, sources) : null;
        }
        LogicalPlan logical = d.queryExecution().optimizedPlan();
        BigInteger unknown = BigInteger.valueOf(d.sparkSession().sessionState().conf().defaultSizeInBytes());
        BigInteger bytes = logical.stats().sizeInBytes().bigInteger();
        if (bytes.signum() <= 0 || bytes.compareTo(unknown) >= 0) {
            return null;
        }
        TreeSet<String> sources = new TreeSet<>();
        for (LogicalPlan leaf : scala.jdk.javaapi.CollectionConverters.asJava(logical.collectLeaves())) {
            sources.add(leaf instanceof LogicalRelation r && r.relation() instanceof HadoopFsRelation h
                    ? h.fileFormat().getClass().getName() : leaf.getClass().getName());
        }
        return new Size(bytes.doubleValue(), sources);
    }
}
