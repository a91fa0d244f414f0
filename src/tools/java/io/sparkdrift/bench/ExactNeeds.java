package io.sparkdrift.bench;

import io.sparkdrift.math.BinnedSample;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.profile.GridFit;
import io.sparkdrift.profile.NumericAccumulator;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.ValueGrid;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * How many values exact W1 and KS would need if they used the profiles wherever the profiles decide
 * them, without Spark: the question behind "W2 as its own option" (README, Not yet). W1 = ∫|F − G|
 * follows from a fine bin's counts and offset sums wherever F − G cannot change sign inside the bin;
 * KS needs a bin's values only where |F − G| inside it could exceed the largest gap at the edges.
 * Inside a bin F − G starts at its value d at the lower edge and can fall by the current sample's
 * share of the bin (its values all first) and rise by the reference's; where one sample's values all
 * lie below the other's (per-bin minimum and maximum), only the order that shows is possible.
 * Reference and current are {@code n} standard normal draws each, the current shifted by each
 * {@code shift} (in standard deviations); the bins are the job's own (its value grid, resolution
 * 1000). Prints, per shift, the shares of fine bins and of values either distance would need.
 *   java -cp target/spark-drift.jar:target/test-classes:$(cat target/classpath.txt) io.sparkdrift.bench.ExactNeeds [N] [SHIFT ...]
 */
public final class ExactNeeds {
    private ExactNeeds() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        double[] shifts = {0, 0.01, 0.1};
        if (args.length > 1) {
            shifts = new double[args.length - 1];
            for (int i = 1; i < args.length; i++) {
                shifts[i - 1] = Double.parseDouble(args[i]);
            }
        }
        Random rnd = new Random(1);
        double[] ref = new double[n];
        ValueGrid grid = new ValueGrid(ValueGrid.budgetFor(1, FitSettings.DEFAULT_RESOLUTION));
        for (int i = 0; i < n; i++) {
            ref[i] = rnd.nextGaussian();
            grid.add(ref[i]);
        }
        NumericBinning binning = GridFit.binning(grid, new FitSettings(FitSettings.DEFAULT_BINS,
                FitSettings.DEFAULT_RESOLUTION, FitSettings.DEFAULT_MAX_CATEGORIES, Map.of()), null);
        BinnedSample r = fold(binning, ref, 0);
        for (double shift : shifts) {
            double[] cur = new double[n];
            for (int i = 0; i < n; i++) {
                cur[i] = rnd.nextGaussian();
            }
            BinnedSample c = fold(binning, cur, shift);
            System.out.println(String.format(Locale.ROOT, "shift %.3f: %s", shift, needs(r, c)));
        }
    }

    private static BinnedSample fold(NumericBinning binning, double[] values, double shift) {
        NumericAccumulator a = new NumericAccumulator(binning);
        for (double v : values) {
            a.add(v + shift);
        }
        return a.snapshot("x").sample();
    }

    /** The shares of bins and values that exact W1 and KS would need the values of. */
    static String needs(BinnedSample r, BinnedSample c) {
        int bins = r.binCount();
        double nr = r.total();
        double nc = c.total();
        double[] d = new double[bins + 1]; // F − G at each bin's lower edge, and past the last
        for (int b = 0; b < bins; b++) {
            d[b + 1] = d[b] + r.count(b) / nr - c.count(b) / nc;
        }
        double gap = 0;
        for (double x : d) {
            gap = Math.max(gap, Math.abs(x));
        }
        int w1Bins = 0;
        int ksBins = 0;
        double w1Mass = 0;
        double eitherMass = 0;
        for (int b = 0; b < bins; b++) {
            double pr = r.count(b) / nr;
            double pc = c.count(b) / nc;
            double lo = Math.min(d[b], d[b + 1]);
            double hi = Math.max(d[b], d[b + 1]);
            boolean refFirst = r.count(b) == 0 || c.count(b) == 0 || r.max(b) < c.min(b);
            boolean curFirst = r.count(b) == 0 || c.count(b) == 0 || c.max(b) < r.min(b);
            if (!refFirst) {
                lo = Math.min(lo, d[b] - pc);
            }
            if (!curFirst) {
                hi = Math.max(hi, d[b] + pr);
            }
            boolean w1 = lo < 0 && hi > 0;
            boolean ks = Math.max(-lo, hi) > gap;
            double mass = (pr + pc) / 2;
            w1Bins += w1 ? 1 : 0;
            ksBins += ks ? 1 : 0;
            w1Mass += w1 ? mass : 0;
            eitherMass += w1 || ks ? mass : 0;
        }
        return String.format(Locale.ROOT, "%d fine bins; W1 needs %.1f %% of them (%.1f %% of the values), "
                + "KS %.1f %%; either %.1f %% of the values (largest gap at the edges %.2e)", bins,
                100.0 * w1Bins / bins, 100 * w1Mass, 100.0 * ksBins / bins, 100 * eitherMass, gap);
    }
}
