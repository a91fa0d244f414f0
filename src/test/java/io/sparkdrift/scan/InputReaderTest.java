package io.sparkdrift.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.testing.SparkTestSession;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Partition columns are found, and a filter on them prunes partitions in the physical plan. */
class InputReaderTest {
    @Test
    void dateFilterPrunesPartitions() {
        InputReader.Input in = InputReader.read(SparkTestSession.get(), "current", "sample-data/events", "parquet",
                "date = '2026-11-08'");
        assertEquals(Set.of("date"), in.partitionColumns());
        String plan = in.frame().queryExecution().executedPlan().toString();
        assertTrue(plan.contains("PartitionFilters: [isnotnull(date"), plan);
        assertTrue(plan.contains("(date#") && plan.contains("= 2026-11-08)"), plan);
        assertEquals(1500, in.frame().count());
    }
}
