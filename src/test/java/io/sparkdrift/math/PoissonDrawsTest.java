package io.sparkdrift.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Poisson draws on both sides of the switch from inversion to rejection, and far beyond it. */
class PoissonDrawsTest {
    @Test
    void poissonDrawsHaveTheirMeanAndVariance() {
        SplittableRandom random = new SplittableRandom(5);
        for (double lambda : new double[] {0.3, 3, 9.9, 10, 50, 1e6}) {
            int n = 200_000;
            PoissonDraws poisson = new PoissonDraws(lambda);
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                long k = poisson.draw(random);
                sum += k;
                squares += (double) k * k;
            }
            double mean = sum / n;
            double var = squares / n - mean * mean;
            assertEquals(lambda, mean, 5 * Math.sqrt(lambda / n), "mean at " + lambda);
            assertEquals(lambda, var, 6 * lambda * Math.sqrt(2.0 / n) + 5 * Math.sqrt(lambda / n), "variance at " + lambda);
        }
    }
}
