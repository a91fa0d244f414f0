package io.sparkdrift.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkdrift.math.BinnedSample;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.profile.GridFit;
import io.sparkdrift.profile.NumericAccumulator;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.profile.ValueGrid;
import java.util.Map;

/** Profiles plain arrays through the product's own fitting and profiling code (no Spark). */
public final class Profiles {
    private Profiles() {
    }

    /** Bins fitted on {@code reference} with the job's default settings, as a one-feature run fits them. */
    public static NumericBinning fitDefault(double[] reference) {
        FitSettings settings = new FitSettings(FitSettings.DEFAULT_BINS, FitSettings.DEFAULT_RESOLUTION, 10, Map.of());
        ValueGrid grid = new ValueGrid(ValueGrid.budgetFor(1, settings.resolution()));
        for (double x : reference) {
            grid.add(x);
        }
        return GridFit.binning(grid, settings, null);
    }

    public static NumericProfile profile(NumericBinning binning, double[] values) {
        NumericAccumulator acc = new NumericAccumulator(binning);
        for (double v : values) {
            acc.add(v);
        }
        return acc.snapshot("x");
    }

    /**
     * Two profiles of the same values on the same bins: rows, nulls, NaN, ±∞, counts, minima and
     * maxima exactly; offset sums and squares, mean and standard deviation to {@code relative}
     * (0: exactly), as their rounding depends on the order values were added in.
     */
    public static void assertSameProfile(NumericProfile e, NumericProfile a, String where, double relative) {
        assertEquals(e.rows(), a.rows(), where);
        assertEquals(e.nulls(), a.nulls(), where);
        assertEquals(e.nan(), a.nan(), where);
        assertEquals(e.posInf(), a.posInf(), where);
        assertEquals(e.negInf(), a.negInf(), where);
        BinnedSample x = e.sample();
        BinnedSample y = a.sample();
        assertArrayEquals(x.counts(), y.counts(), where);
        assertArrayEquals(x.mins(), y.mins(), where);
        assertArrayEquals(x.maxs(), y.maxs(), where);
        close(x.offsetSums(), y.offsetSums(), where + " offset sums", relative);
        close(x.offsetSquares(), y.offsetSquares(), where + " offset squares", relative);
        close(new double[] {x.mean(), x.std()}, new double[] {y.mean(), y.std()}, where + " mean, std", relative);
    }

    private static void close(double[] a, double[] b, String where, double relative) {
        assertEquals(a.length, b.length, where);
        for (int i = 0; i < a.length; i++) {
            if (Double.compare(a[i], b[i]) != 0) {
                assertEquals(a[i], b[i], relative * Math.max(Math.abs(a[i]), Math.abs(b[i])), where + " [" + i + "]");
            }
        }
    }
}
