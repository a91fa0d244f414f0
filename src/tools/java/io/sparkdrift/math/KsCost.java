package io.sparkdrift.math;

import java.util.Locale;

/**
 * What the KS p-value's one-sided Smirnov series costs, without Spark: for n (n·m/(n+m) of a
 * two-sample test) from 1,000 to 1,000,000 and n·d² where SciPy sums that series (2.2 to 370: p-values from about 0.02 down to 1e-313), the
 * strided sum the job uses against the sum over every term, microseconds per call, with their
 * relative difference. In the tools (package {@code io.sparkdrift.math}: both sums are package-private).
 *   java -cp target/classes:target/test-classes:CLASSPATH io.sparkdrift.math.KsCost
 */
public final class KsCost {
    private KsCost() {
    }

    public static void main(String[] args) {
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            for (long n : new long[] {1_000, 10_000, 100_000, 1_000_000}) {
                for (double nd2 : new double[] {2.2, 5.0, 13.8, 50.0, 150.0, 360.0}) {
                    double d = Math.sqrt(nd2 / n);
                    long last = (long) Math.ceil(n * (1.0 - d)) - 1;
                    long t = System.nanoTime();
                    double strided = 0;
                    for (int i = 0; i < 20; i++) {
                        strided = KolmogorovDistribution.smirnovSf(n, d);
                    }
                    double stridedMicros = (System.nanoTime() - t) / 20e3;
                    t = System.nanoTime();
                    double every = 0;
                    for (int i = 0; i < 3; i++) {
                        every = KolmogorovDistribution.everyTerm(n, d, last);
                    }
                    double everyMicros = (System.nanoTime() - t) / 3e3;
                    if (round == 1) {
                        System.out.printf(Locale.ROOT, "n=%,d n·d²=%.1f: strided %.1f µs, every term %.1f µs, relative difference %.1e%n",
                                n, nd2, stridedMicros, everyMicros, Math.abs(strided - every) / every);
                    }
                }
            }
        }
    }
}
