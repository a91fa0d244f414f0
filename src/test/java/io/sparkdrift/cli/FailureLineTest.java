package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/**
 * The one line a runtime failure prints: an out-of-memory failure, in the shape a local Spark run
 * reports it (the task's OutOfMemoryError named inside a MatchError, under the job's SparkException,
 * under the job's own wrapper), says what memory to give, and to which JVM: this one (the driver,
 * where a local run's tasks run too), an executor, or an executor's container (the texts YARN and
 * Kubernetes give the driver); other failures get no advice; a cause that says no more than the
 * failure is not printed twice.
 */
class FailureLineTest {
    private static final long HEAP = 600L << 20;

    @Test
    void anOutOfMemoryFailureNamesTheSettingThatGivesTheJobMore() {
        String spark = "Job aborted due to stage failure: Task 1 in stage 2.0 failed 1 times, most recent failure: "
                + "scala.MatchError: java.lang.OutOfMemoryError: Java heap space (of class java.lang.OutOfMemoryError)";
        Exception e = new IllegalStateException("org.apache.spark.SparkException: " + spark, new SparkException(spark,
                new scala.MatchError(new OutOfMemoryError("Java heap space"))));
        String line = Main.failureLine(e, HEAP, true);
        assertTrue(line.startsWith("runtime failure: java.lang.OutOfMemoryError: Java heap space"), line);
        assertTrue(line.contains("in this JVM (heap 600 MB, which runs the tasks too)") && line.contains("DRIFT_DRIVER_MEMORY"), line);
        assertEquals(1, line.split("Java heap space", -1).length - 1, "the message once, not again as its cause: " + line);
        assertTrue(Main.failureLine(new RuntimeException("task failed", new OutOfMemoryError("Java heap space")), HEAP, true)
                .contains("DRIFT_DRIVER_MEMORY"), "the error itself in the chain");
        assertFalse(line.contains("\n"), "one line");
    }

    @Test
    void onAClusterADriverOutOfMemoryNamesTheDriversHeapAndATasksNamesTheExecutors() {
        String driver = Main.failureLine(new IllegalStateException("collect failed", new OutOfMemoryError("Java heap space")),
                HEAP, false);
        assertTrue(driver.contains("in this JVM (heap 600 MB, the driver's)") && driver.contains("--driver-memory"), driver);
        assertFalse(driver.contains("--executor-memory"), driver);
        String task = "Job aborted due to stage failure: Task 3 in stage 4.0 failed 4 times, most recent failure: Lost task 3.3 in"
                + " stage 4.0 (TID 41) (10.0.0.7 executor 2): java.lang.OutOfMemoryError: Java heap space";
        String executor = Main.failureLine(new IllegalStateException("exact distances", new SparkException(task)), HEAP, false);
        assertTrue(executor.contains("an executor ran out of heap") && executor.contains("--executor-memory"), executor);
        assertFalse(executor.contains("600 MB") || executor.contains("DRIFT_DRIVER_MEMORY"), "not this JVM's heap: " + executor);
        assertTrue(Main.failureLine(new SparkException(task), HEAP, true).contains("which runs the tasks too"),
                "in a local run the task's heap is this JVM's");
    }

    @Test
    void aContainerTheClusterKilledForItsMemoryNamesTheMemoryOutsideTheHeap() {
        String yarn = "Job aborted due to stage failure: Task 0 in stage 1.0 failed 4 times, most recent failure: Lost task 0.3"
                + " in stage 1.0 (TID 7) (worker-3 executor 4): ExecutorLostFailure (executor 4 exited caused by one of the"
                + " running tasks) Reason: Container killed by YARN for exceeding physical memory limits. 5.5 GB of 5.5 GB"
                + " physical memory used. Consider boosting spark.executor.memoryOverhead.";
        String kubernetes = "Job aborted due to stage failure: Task 2 in stage 3.0 failed 4 times, most recent failure: Lost task"
                + " 2.3 in stage 3.0 (TID 19) (10.1.2.3 executor 6): ExecutorLostFailure (executor 6 exited caused by one of"
                + " the running tasks) Reason: The executor with id 6 exited with exit code 137(SIGKILL, possible container OOM).";
        for (String text : new String[] {yarn, kubernetes}) {
            String line = Main.failureLine(new IllegalStateException("profiling", new SparkException(text)), HEAP, false);
            assertTrue(line.contains("spark.executor.memoryOverhead") && line.contains("killed an executor"), line);
            assertFalse(line.contains("DRIFT_DRIVER_MEMORY") || line.contains("\n"), line);
        }
    }

    @Test
    void otherFailuresGetNoMemoryAdvice() {
        String line = Main.failureLine(new IllegalStateException("wrapper", new java.io.IOException("disk full")), HEAP, false);
        assertEquals("runtime failure: disk full", line);
        String lost = "Job aborted due to stage failure: Task 1 in stage 2.0 failed 4 times, most recent failure: Lost task 1.3"
                + " in stage 2.0 (TID 12) (worker-1 executor 3): java.io.FileNotFoundException: part-0001.parquet";
        assertEquals(Main.MemoryFailure.NONE, Main.memoryFailure(new SparkException(lost), false), lost);
    }
}
