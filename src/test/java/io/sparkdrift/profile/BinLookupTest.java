package io.sparkdrift.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The guide-table lookup against plain bisection, on edges that stress its cell arithmetic. */
class BinLookupTest {
    @Test
    void equalsBisectionOnEveryEdgeNeighbourAndRandomValue() {
        Random r = new Random(3);
        double[][] cases = {
            {0.0},
            {-1.0, 1.0},
            {-0.0, 1e-300, 2e-300},
            {-Double.MAX_VALUE, 0, Double.MAX_VALUE}, // range overflows to ∞: plain bisection
            quantiles(r, 1000, () -> Math.exp(r.nextGaussian() * 3)), // heavy tail: crowded cells
            quantiles(r, 1000, r::nextGaussian),
            quantiles(r, 300, () -> r.nextDouble() < 0.001 ? 1e12 : r.nextDouble()), // one far outlier
            quantiles(r, 50, () -> Math.floor(r.nextDouble() * 20)), // integer edges
        };
        for (double[] edges : cases) {
            BinLookup lookup = new BinLookup(edges);
            for (double e : edges) {
                for (double x : new double[] {e, Math.nextUp(e), Math.nextDown(e), e + 1e-9, e - 1e-9}) {
                    assertEquals(NumericBinning.binOf(edges, x), lookup.bin(x), () -> "x=" + x + " edges=" + edges.length);
                }
            }
            double lo = edges[0];
            double hi = edges[edges.length - 1];
            for (int i = 0; i < 100_000; i++) {
                double x = lo + (hi - lo) * (r.nextDouble() * 1.2 - 0.1);
                if (!Double.isFinite(x)) {
                    x = r.nextGaussian() * 1e300;
                }
                assertEquals(NumericBinning.binOf(edges, x), lookup.bin(x), "x=" + x);
            }
        }
    }

    private static double[] quantiles(Random r, int count, java.util.function.DoubleSupplier draw) {
        double[] sample = new double[20_000];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = draw.getAsDouble();
        }
        Arrays.sort(sample);
        TreeSet<Double> edges = new TreeSet<>();
        for (int i = 0; i <= count; i++) {
            edges.add(sample[Math.min(sample.length - 1, i * sample.length / count)]);
        }
        return edges.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
