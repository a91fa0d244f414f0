package io.sparkdrift.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The guide-table lookup against plain bisection, on edges that stress its cell arithmetic, and which table it builds. */
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
            quantiles(r, 1000, () -> -Math.exp(r.nextGaussian() * 3)), // heavy negative tail
            quantiles(r, 1000, () -> r.nextGaussian() * Math.exp(r.nextGaussian() * 4)), // both tails, across zero
            {-1e300, -1e-300, -0.0, 1e-300, 1e300}, // range overflows: cells by binade only
            {Double.MIN_VALUE, 2 * Double.MIN_VALUE, Double.MIN_NORMAL, 1.0}, // subnormal edges
            {0.0, Math.nextUp(0.0), 1.0, Math.nextUp(1.0), Math.nextUp(Math.nextUp(1.0)), 2.0}, // atoms an ulp apart
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

    @Test
    void edgesCrowdedByAFarTailGetCellsByBinadeThatHoldAFewEdgesEach() {
        Random r = new Random(5);
        java.util.function.DoubleSupplier lognormal = () -> Math.exp(r.nextGaussian() * 3);
        java.util.function.DoubleSupplier outlier = () -> r.nextDouble() < 0.001 ? 1e12 * r.nextDouble() : r.nextDouble();
        for (java.util.function.DoubleSupplier draw : List.of(lognormal, outlier)) {
            double[] edges = quantiles(r, 1000, draw);
            BinLookup lookup = new BinLookup(edges);
            assertTrue(lookup.byBinade(), "cells by binade for " + edges[0] + " .. " + edges[edges.length - 1]);
            assertTrue(lookup.expectedSteps() < 1, "steps past the cell's first edge: " + lookup.expectedSteps());
            long steps = 0; // and the values of the column, looked up, land that close to their bins
            int values = 100_000;
            for (int i = 0; i < values; i++) {
                double x = draw.getAsDouble();
                if (x >= edges[0] && x < edges[edges.length - 1]) {
                    int bin = NumericBinning.binOf(edges, x);
                    assertTrue(lookup.tableBin(x) <= bin, "the table never passes the bin");
                    steps += bin - lookup.tableBin(x);
                }
            }
            assertTrue(steps < values, "steps walked per value: " + (double) steps / values);
        }
        double[] logistic = new double[1000];
        for (int i = 0; i < logistic.length; i++) {
            double u = (i + 0.5) / logistic.length;
            logistic[i] = Math.log(u / (1 - u));
        }
        BinLookup smooth = new BinLookup(logistic);
        assertFalse(smooth.byBinade(), "smooth edges keep the equal-width cells (one multiplication a lookup)");
        assertTrue(smooth.expectedSteps() < 1, "steps: " + smooth.expectedSteps());
    }

    @Test
    void randomMixturesOfScalesSignsAndAtomsEqualBisectionWithEitherTable() {
        Random r = new Random(11);
        int[] built = new int[2];
        for (int trial = 0; trial < 200; trial++) {
            int scales = 1 + r.nextInt(4); // components of very different magnitudes, either sign, some atoms
            double[] scale = new double[scales];
            boolean[] negative = new boolean[scales];
            boolean[] atom = new boolean[scales];
            for (int k = 0; k < scales; k++) {
                scale[k] = Math.scalb(1.0, r.nextInt(600) - 300);
                negative[k] = r.nextInt(3) == 0;
                atom[k] = r.nextInt(4) == 0;
            }
            java.util.function.DoubleSupplier draw = () -> {
                int k = r.nextInt(scales);
                double v = atom[k] ? scale[k] : scale[k] * Math.exp(r.nextGaussian() * (1 + r.nextInt(4)));
                return negative[k] ? -v : v;
            };
            double[] edges = quantiles(r, 10 + r.nextInt(2000), draw);
            BinLookup lookup = new BinLookup(edges);
            built[lookup.byBinade() ? 1 : 0]++;
            for (int i = 0; i < 2000; i++) {
                double x = i % 4 == 0 ? Math.nextUp(edges[r.nextInt(edges.length)]) : i % 4 == 1
                        ? Math.nextDown(edges[r.nextInt(edges.length)]) : draw.getAsDouble();
                assertEquals(NumericBinning.binOf(edges, x), lookup.bin(x), "trial " + trial + ", x=" + x);
            }
        }
        assertTrue(built[0] > 0 && built[1] > 0, "both tables built: " + Arrays.toString(built));
    }

    @Test
    void negativeZeroFindsTheBinOfZero() {
        for (double[] edges : new double[][] {{0.0, 1.0}, {-0.0, 1.0}, {-1.0, -0.0}, {-1.0, 0.0}, {-1.0, 0.0, 1.0}}) {
            BinLookup lookup = new BinLookup(edges);
            for (double x : new double[] {-0.0, 0.0, -Double.MIN_VALUE, Double.MIN_VALUE}) {
                assertEquals(NumericBinning.binOf(edges, x), lookup.bin(x), () -> "x=" + x + " edges=" + Arrays.toString(edges));
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
