package io.sparkdrift.scan;

import io.sparkdrift.run.InputException;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.ScanFileListing;
import org.apache.spark.sql.execution.datasources.FilePartition;
import org.apache.spark.sql.internal.SQLConf;

/**
 * How much of the files one scan task reads. Spark cuts a file scan into tasks of at most
 * {@code spark.sql.files.maxPartitionBytes} (128 MB) of file, a size meant for work whose memory grows
 * with the rows. A profiling task's state does not grow with its rows (a grid or a histogram per
 * feature), but every task builds one from nothing — each value grid climbs to its level — and every
 * task's state is shipped and merged. On a wide table 128 MB is few rows (the benchmark's 1000 double
 * columns: about 21,000), so those fixed costs were about as large as the work on the values.
 *
 * <p>So when Spark's split would hold fewer than {@code spark.drift.scan.minRowsPerTask} rows
 * (default {@value #DEFAULT_MIN_ROWS}; estimated at {@value #BYTES_PER_VALUE} bytes per column of the
 * files; 0 keeps Spark's splits), the scan is planned with larger splits: whole waves of tasks over the
 * cluster's cores (as Spark counts them: {@code spark.sql.files.minPartitionNum} if set, else its
 * default parallelism), each at least that many rows where the data has them and at most about the
 * data's share of one core. Narrow tables (up to 64 columns at the default) keep Spark's splits,
 * and so does the row path (CSV, JSON, filters on data columns: {@link ScanInput.Rows}). Counts and bins
 * do not depend on the split (the states' merge laws), sums only in their last bits; the split is logged.
 */
final class TaskSplits {
    static final String MIN_ROWS = "spark.drift.scan.minRowsPerTask";
    static final long DEFAULT_MIN_ROWS = 250_000;
    static final long BYTES_PER_VALUE = 8;
    static final String MAX_PARTITION_BYTES = "spark.sql.files.maxPartitionBytes";
    static final String MIN_PARTITION_NUM = "spark.sql.files.minPartitionNum";

    private TaskSplits() {
    }

    /** The split size (bytes) to plan {@code scan} with, or −1 to keep Spark's. */
    static long forScan(FileSourceScanExec scan, RuntimeConfig conf) {
        String setting = conf.get(MIN_ROWS, String.valueOf(DEFAULT_MIN_ROWS)).trim();
        long minRows;
        try {
            minRows = Long.parseLong(setting);
        } catch (NumberFormatException e) {
            minRows = -1;
        }
        if (minRows < 0) {
            throw new InputException(MIN_ROWS + " is '" + setting + "': give a number of rows (0 keeps Spark's own task sizes)");
        }
        if (minRows == 0) {
            return -1;
        }
        ScanFileListing files = scan.selectedPartitions();
        long sparkSplit = FilePartition.maxSplitBytes(scan.relation().sparkSession(), files);
        int columns = scan.relation().dataSchema().length();
        if (sparkSplit >= minimum(minRows, columns)) {
            return -1; // a narrow table: no walk over its files
        }
        SQLConf sql = scan.relation().sparkSession().sessionState().conf();
        long openCost = sql.filesOpenCostInBytes();
        // the tasks that run at once, as Spark counts them for its own split
        scala.Option<String> leaf = conf.getOption("spark.sql.leafNodeDefaultParallelism");
        int cores = sql.filesMinPartitionNum().isDefined() ? ((Number) sql.filesMinPartitionNum().get()).intValue()
                : leaf.isDefined() ? Integer.parseInt(leaf.get().trim()) : scan.relation().sparkSession().sparkContext().defaultParallelism();
        long largest = 0;
        for (var partitions = files.filePartitionIterator(); partitions.hasNext(); ) {
            for (var f = partitions.next().files(); f.hasNext(); ) {
                largest = Math.max(largest, f.next().getLen());
            }
        }
        long total = files.totalFileSize() + files.totalNumberOfFiles() * openCost;
        return split(sparkSplit, total, largest + openCost, columns, minRows, cores);
    }

    /**
     * The split for a scan of {@code total} bytes (files plus Spark's open cost each), or −1 when Spark's
     * {@code sparkSplit} already holds {@code minRows} rows of {@code columns} columns. Otherwise the
     * tasks come in w = max(1, ⌊total / (cores · minimum)⌋) waves: the split is total / (cores · w)
     * plus room for the largest file (at most an eighth of that). Spark packs files into a task until
     * the next would not fit, so with room for one more file each task it closes holds more than the
     * average and there are at most cores · w of them; files larger than the room Spark cuts at the
     * split, and their pieces fill tasks of their own.
     */
    static long split(long sparkSplit, long total, long largestFile, int columns, long minRows, int cores) {
        long minimum = minimum(minRows, columns);
        if (sparkSplit >= minimum || total <= 0) {
            return -1;
        }
        int c = Math.max(1, cores);
        long waves = Math.max(1, total / times(c, minimum));
        long perTask = -Math.floorDiv(-total, c * waves);
        return perTask + Math.min(largestFile, perTask / 8);
    }

    /** The bytes of {@code minRows} rows of {@code columns} columns, as estimated (saturating). */
    private static long minimum(long minRows, int columns) {
        return times(minRows, times(BYTES_PER_VALUE, Math.max(1, columns)));
    }

    /** a · b, or Long.MAX_VALUE when that overflows (both ≥ 0). */
    private static long times(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }
}
