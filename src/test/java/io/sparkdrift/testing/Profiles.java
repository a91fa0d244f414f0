package io.sparkdrift.testing;

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
}
