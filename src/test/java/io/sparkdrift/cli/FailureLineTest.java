package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/**
 * The one line a runtime failure prints: an out-of-memory failure, in the shape a local Spark run
 * reports it (the task's OutOfMemoryError named inside a MatchError, under the job's SparkException,
 * under the job's own wrapper), says what memory to give; other failures do not; a cause that says
 * no more than the failure is not printed twice.
 */
class FailureLineTest {
    private static final long HEAP = 600L << 20;

    @Test
    void anOutOfMemoryFailureNamesTheSettingThatGivesTheJobMore() {
        String spark = "Job aborted due to stage failure: Task 1 in stage 2.0 failed 1 times, most recent failure: "
                + "scala.MatchError: java.lang.OutOfMemoryError: Java heap space (of class java.lang.OutOfMemoryError)";
        Exception e = new IllegalStateException("org.apache.spark.SparkException: " + spark, new SparkException(spark,
                new scala.MatchError(new OutOfMemoryError("Java heap space"))));
        String line = Main.failureLine(e, HEAP);
        assertTrue(line.startsWith("runtime failure: java.lang.OutOfMemoryError: Java heap space"), line);
        assertTrue(line.contains("ran out of memory (heap 600 MB)") && line.contains("DRIFT_DRIVER_MEMORY"), line);
        assertEquals(1, line.split("Java heap space", -1).length - 1, "the message once, not again as its cause: " + line);
        assertTrue(Main.failureLine(new RuntimeException("task failed", new OutOfMemoryError("Java heap space")), HEAP)
                .contains("DRIFT_DRIVER_MEMORY"), "the error itself in the chain");
        assertFalse(line.contains("\n"), "one line");
    }

    @Test
    void otherFailuresGetNoMemoryAdvice() {
        String line = Main.failureLine(new IllegalStateException("wrapper", new java.io.IOException("disk full")), HEAP);
        assertEquals("runtime failure: disk full", line);
    }
}
