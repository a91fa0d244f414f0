package io.sparkdrift.profile;

import java.io.Serializable;
import java.util.Map;

/**
 * How binnings are fitted.
 *
 * @param bins number of coarse bins between the reference minimum and maximum, at reference
 *     quantiles (used by KL, JS, PSI, Hellinger)
 * @param resolution number of fine bins at reference quantiles (used by Wasserstein and KS)
 * @param maxCategories categories kept per categorical feature; the rest share one "other" bin
 * @param userEdges explicit coarse edges per feature, replacing the quantile edges
 */
public record FitSettings(int bins, int resolution, int maxCategories, Map<String, double[]> userEdges)
        implements Serializable {
    public static final int DEFAULT_BINS = 20;
    public static final int DEFAULT_RESOLUTION = 1000;
    public static final int DEFAULT_MAX_CATEGORIES = 200;

    public FitSettings {
        if (bins < 1 || resolution < 1 || maxCategories < 1) {
            throw new IllegalArgumentException("bins, resolution and max categories must be >= 1");
        }
        userEdges = Map.copyOf(userEdges);
        userEdges.forEach((f, e) -> NumericBinning.validateEdges(e, "--edges " + f));
    }
}
