package io.sparkdrift.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.ListingPartition;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.types.StructType;

/**
 * What an input's file scan selects, known from the listing Spark makes when it plans the scan
 * (partition pruning included), without reading a row: whether it selects any file, and which
 * values of a partition column its files carry. Only for an input that is one file scan (Parquet,
 * ORC, CSV, JSON, a Delta table, Spark's own tables); for anything else (a catalog's own scan, a
 * union) the answers are "unknown", and the callers fall back to what the scans find.
 */
public final class SelectedFiles {
    private SelectedFiles() {
    }

    /** True when {@code df} is a file scan whose partition filters select no file (a night that has not landed). */
    public static boolean none(Dataset<Row> df) {
        FileSourceScanExec scan = scanOf(df);
        return scan != null && scan.selectedPartitions().totalNumberOfFiles() == 0;
    }

    /**
     * The values of partition column {@code column} that the selected files carry, sorted, as Spark's
     * cast to string writes them (a date as yyyy-MM-dd, an integer in digits; a null partition left
     * out); null when {@code df} is not a file scan, {@code column} is not one of its partition
     * columns, or its type is not a date, string or integer.
     */
    public static List<String> partitionValues(Dataset<Row> df, String column) {
        FileSourceScanExec scan = scanOf(df);
        if (scan == null) {
            return null;
        }
        StructType partitions = scan.relation().partitionSchema();
        if (!List.of(partitions.fieldNames()).contains(column)) {
            return null;
        }
        int at = partitions.fieldIndex(column);
        GroupKind kind = GroupKind.of(partitions.apply(column).dataType());
        if (kind == null) {
            return null;
        }
        TreeSet<String> values = new TreeSet<>();
        scala.collection.Iterator<ListingPartition> it = scan.selectedPartitions().filePartitionIterator();
        while (it.hasNext()) {
            ListingPartition p = it.next();
            if (p.numFiles() > 0 && !p.values().isNullAt(at)) {
                values.add(kind.name(p.values(), at));
            }
        }
        return new ArrayList<>(values);
    }

    /** The file scan {@code df} is, under projections and filters; null when it is anything else. */
    private static FileSourceScanExec scanOf(Dataset<Row> df) {
        SparkPlan plan = df.queryExecution().executedPlan();
        while (!(plan instanceof FileSourceScanExec) && plan.children().size() == 1) {
            plan = plan.children().head();
        }
        return plan instanceof FileSourceScanExec scan ? scan : null;
    }
}
