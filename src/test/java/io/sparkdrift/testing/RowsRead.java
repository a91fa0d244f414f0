package io.sparkdrift.testing;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;

/** Counts the input rows Spark's tasks read while some work runs (a listener on the task metrics). */
public final class RowsRead {
    private RowsRead() {
    }

    /** The rows every task read while {@code work} ran (the listener bus drained before and after). */
    public static long during(SparkSession spark, Callable<?> work) throws Exception {
        AtomicLong records = new AtomicLong();
        org.apache.spark.scheduler.SparkListener counter = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
                if (end.taskMetrics() != null) {
                    records.addAndGet(end.taskMetrics().inputMetrics().recordsRead());
                }
            }
        };
        spark.sparkContext().listenerBus().waitUntilEmpty();
        spark.sparkContext().addSparkListener(counter);
        try {
            work.call();
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(counter);
        }
        return records.get();
    }
}
