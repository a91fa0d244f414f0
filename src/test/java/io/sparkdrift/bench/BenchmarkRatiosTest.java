package io.sparkdrift.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The benchmark's round-by-round ratios: each run against its own round's base, and their median. */
class BenchmarkRatiosTest {

    private static Benchmark.Phase phase(double... seconds) {
        Benchmark.Phase p = new Benchmark.Phase("p", 1, () -> null);
        for (double s : seconds) {
            p.seconds.add(s);
        }
        return p;
    }

    @Test
    void eachRoundIsDividedByItsOwnRoundsBaseNotByTheBestBase() {
        Benchmark.Phase nightly = phase(3.0, 2.0, 4.4);
        Benchmark.Phase floor = phase(2.0, 2.5, 4.0);
        // ratio of bests would be 2.0 / 2.0 = 1.00; round by round 1.50, 0.80, 1.10
        assertEquals("nightly_vs_floor=1.50/0.80/1.10(median 1.10)", Benchmark.perRound("nightly_vs_floor", nightly, floor, null));
    }

    @Test
    void theDriftRunOfARoundIsComparedWithBothFloorsOfThatRound() {
        Benchmark.Phase drift = phase(6.0, 5.0);
        Benchmark.Phase reference = phase(2.0, 3.0);
        Benchmark.Phase current = phase(1.0, 2.0);
        assertEquals("drift_vs_floor=2.00/1.00(median 1.50)", Benchmark.perRound("drift_vs_floor", drift, reference, current));
    }

    @Test
    void medianIsTheMiddleValueOrTheMeanOfTheMiddleTwoAndNaNWhenEmpty() {
        assertEquals(2.0, Benchmark.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Benchmark.median(new double[] {4, 1, 3, 2}));
        assertTrue(Double.isNaN(Benchmark.median(new double[0])));
    }
}
