package io.sparkdrift.scan;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.run.InputException;
import io.sparkdrift.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** A segmented pass whose per-task state cannot fit is refused before the scan, with the options to change. */
class SegmentMemoryTest {
    private static final long MB = 1L << 20;

    @Test
    void aStateWithinAThirdOfATasksMemoryIsAccepted() {
        // 1000 features × 1,001 fine bins × 40 B ≈ 40 MB a state; 20 segments + "other" + overall = 22 states ≈ 880 MB
        long state = 1000L * 1001 * 40;
        assertDoesNotThrow(() -> SegmentedScan.checkMemory(state, 20, 1000, 3 * 900 * MB));
    }

    @Test
    void aStateBeyondAThirdOfATasksMemoryIsRefusedNamingTheOptions() {
        long state = 1000L * 1001 * 40;
        InputException e = assertThrows(InputException.class, () -> SegmentedScan.checkMemory(state, 20, 1000, 2048 * MB));
        String m = e.getMessage();
        assertTrue(m.startsWith("--segment-by: 20 segments, \"other\" and the overall profile"), m);
        assertTrue(m.contains("22 states of 1000 features") && m.contains("840 MB per task") && m.contains("2048 MB"), m);
        assertTrue(m.contains("--segments") && m.contains("--resolution"), m);
        assertEquals(1, m.lines().count());
    }

    @Test
    void locallyATaskHasTheJvmsHeapDividedByItsThreads() {
        org.apache.spark.SparkContext sc = SparkTestSession.get().sparkContext();
        assertEquals(Runtime.getRuntime().maxMemory() / sc.defaultParallelism(), SegmentedScan.taskMemory(sc));
    }
}
