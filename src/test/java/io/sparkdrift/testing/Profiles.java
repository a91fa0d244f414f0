package io.sparkdrift.testing;

import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.FeatureType;
import io.sparkdrift.profile.FitAccumulator;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.profile.NumericAccumulator;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import java.util.List;
import java.util.Map;

/** Profiles plain arrays through the product's own fitting and profiling code (no Spark). */
public final class Profiles {
    private Profiles() {
    }

    /** Bins fitted on {@code reference} with the job's default settings. */
    public static NumericBinning fitDefault(double[] reference) {
        FitSettings settings = new FitSettings(FitSettings.DEFAULT_BINS, FitSettings.DEFAULT_RESOLUTION, 10, Map.of(),
                FitSettings.sampleCapacityFor(1));
        FitAccumulator fit = new FitAccumulator(List.of(new FeatureSpec("x", FeatureType.NUMERIC)), List.of(), settings);
        for (int i = 0; i < reference.length; i++) {
            fit.addNumeric(0, i, reference[i]);
        }
        return fit.fit().numeric().get("x");
    }

    public static NumericProfile profile(NumericBinning binning, double[] values) {
        NumericAccumulator acc = new NumericAccumulator(binning);
        for (double v : values) {
            acc.add(v);
        }
        return acc.snapshot("x");
    }
}
