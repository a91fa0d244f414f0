package io.sparkdrift.testing;

import java.util.Random;

/** Random draws the tests and the data generators share. */
public final class Draws {
    private Draws() {
    }

    /** A Poisson count with the given mean (Knuth's product of uniforms; fine for small means). */
    public static long poisson(Random rnd, double mean) {
        return poisson((java.util.random.RandomGenerator) rnd, mean);
    }

    /** As {@link #poisson(Random, double)}, from any generator (a {@code SplittableRandom}, say). */
    public static long poisson(java.util.random.RandomGenerator rnd, double mean) {
        double limit = Math.exp(-mean);
        double p = 1.0;
        long k = 0;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > limit);
        return k - 1;
    }
}
