package io.sparkdrift.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

/** Binomial draws follow the binomial law: exactly by inversion, and by its normal approximation for many trials. */
class BinomialDrawsTest {
    @Test
    void exactDrawsMatchTheLawsProbabilities() {
        SplittableRandom r = new SplittableRandom(1);
        for (double p : new double[] {0.003, 0.3, 0.5, 0.97}) {
            int trials = 100;
            BinomialDraws b = new BinomialDraws(trials, p);
            int draws = 200_000;
            long[] seen = new long[trials + 1];
            for (int i = 0; i < draws; i++) {
                seen[(int) b.draw(r)]++;
            }
            BinomialDistribution law = new BinomialDistribution(null, trials, p);
            for (int k = 0; k <= trials; k++) {
                double expected = draws * law.probability(k);
                // within five standard deviations of each count's expectation
                assertTrue(Math.abs(seen[k] - expected) <= 5 * Math.sqrt(expected) + 1, "p " + p + ", k " + k + ": " + seen[k]
                        + " vs " + expected);
            }
        }
    }

    @Test
    void manyTrialsFollowTheNormalApproximationAndEdgesAreExact() {
        SplittableRandom r = new SplittableRandom(2);
        long trials = 2_000_000;
        BinomialDraws b = new BinomialDraws(trials, 0.2);
        double sum = 0;
        double squares = 0;
        int draws = 50_000;
        for (int i = 0; i < draws; i++) {
            double x = b.draw(r);
            sum += x;
            squares += x * x;
        }
        double mean = sum / draws;
        double sd = Math.sqrt(squares / draws - mean * mean);
        assertEquals(trials * 0.2, mean, 0.001 * trials * 0.2);
        assertEquals(Math.sqrt(trials * 0.2 * 0.8), sd, 0.02 * Math.sqrt(trials * 0.2 * 0.8));
        assertEquals(0, new BinomialDraws(50, 0).draw(r));
        assertEquals(50, new BinomialDraws(50, 1).draw(r));
        assertEquals(0, new BinomialDraws(0, 0.4).draw(r));
        assertEquals(10_000, new BinomialDraws(10_000, 1).draw(r));
    }
}
