package io.sparkdrift.profile;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of the single pass over the reference: per numeric feature a {@link ValueGrid}, per
 * categorical feature the sketches of {@link VocabularyFit}. From it come both the binnings
 * and the reference's profile on them ({@link #fit}), so the reference is read once. Mergeable, with
 * a fresh accumulator as identity (the grids' and sketches' merge laws).
 *
 * <p>What still needs a scan of the reference: a categorical feature with more distinct values than
 * its sketch counts exactly (about 3 × --max-categories), and a numeric feature whose --edges split
 * a grid bucket. {@link Fit#numericLeft()} and {@link Fit#categoricalLeft()} list them.
 */
public final class ReferenceAccumulator implements Serializable {
    private final List<FeatureSpec> numeric;
    private final FitSettings settings;
    private final ValueGrid[] grids;
    private final VocabularyFit categorical;

    public ReferenceAccumulator(List<FeatureSpec> numeric, List<FeatureSpec> categorical, FitSettings settings) {
        this(numeric, categorical, settings, false);
    }

    /** @param laned whether the grids keep lanes ({@link LanedGrid}, for {@link SegmentedReference}) */
    ReferenceAccumulator(List<FeatureSpec> numeric, List<FeatureSpec> categorical, FitSettings settings, boolean laned) {
        this.numeric = List.copyOf(numeric);
        this.settings = settings;
        int budget = ValueGrid.budgetFor(numeric.size(), settings.resolution());
        grids = new ValueGrid[numeric.size()];
        for (int i = 0; i < grids.length; i++) {
            grids[i] = laned ? new LanedGrid(budget) : new ValueGrid(budget);
        }
        this.categorical = new VocabularyFit(categorical, settings);
    }

    /**
     * The state a stored profile kept ({@link #grid}, {@link #vocabulary()}): merges and fits as the
     * pass's own state did, so that profiles fitted on different data merge into what one pass over
     * all of it gives.
     *
     * @param grids the numeric features' grids, in the order of {@code numeric}
     */
    public static ReferenceAccumulator restore(List<FeatureSpec> numeric, FitSettings settings, List<ValueGrid> grids,
            VocabularyFit vocabulary) {
        return new ReferenceAccumulator(numeric, settings, grids.toArray(new ValueGrid[0]), vocabulary);
    }

    private ReferenceAccumulator(List<FeatureSpec> numeric, FitSettings settings, ValueGrid[] grids, VocabularyFit categorical) {
        if (grids.length != numeric.size()) {
            throw new IllegalArgumentException(numeric.size() + " numeric features but " + grids.length + " grids");
        }
        this.numeric = List.copyOf(numeric);
        this.settings = settings;
        this.grids = grids;
        this.categorical = categorical;
    }

    /** The categorical features' sketches and filters. */
    public VocabularyFit vocabulary() {
        return categorical;
    }

    public FitSettings settings() {
        return settings;
    }

    /**
     * A fresh state with this one's features, settings and grid budgets: the identity of merges with
     * it (a stored state's budgets are the ones it was made with, whatever the features now number).
     */
    public ReferenceAccumulator emptyLike() {
        ValueGrid[] empty = new ValueGrid[grids.length];
        for (int i = 0; i < grids.length; i++) {
            empty[i] = new ValueGrid(grids[i].budget());
        }
        return new ReferenceAccumulator(numeric, settings, empty, new VocabularyFit(categorical.categoricalFeatures(), settings));
    }

    /**
     * This state's profile on binnings fitted elsewhere — from a merge of this state with others, whose
     * grid parts contain this one's and whose sketches count this one's values — or null for a feature
     * whose edges split one of this grid's parts or whose sketch is not exact.
     */
    public Map<String, FeatureProfile> profilesOn(Map<String, NumericBinning> numericBins,
            Map<String, CategoricalBinning> categoricalBins) {
        Map<String, FeatureProfile> out = new LinkedHashMap<>();
        for (int i = 0; i < grids.length; i++) {
            String f = numeric.get(i).name();
            NumericBinning b = numericBins.get(f);
            out.put(f, b == null ? null : GridFit.profile(f, b, grids[i]));
        }
        List<FeatureSpec> cats = categorical.categoricalFeatures();
        for (int j = 0; j < cats.size(); j++) {
            CategoricalBinning b = categoricalBins.get(cats.get(j).name());
            out.put(cats.get(j).name(), b == null ? null : categorical.categoricalProfile(j, b));
        }
        return out;
    }

    /** Counts {@code k} rows of the dataset. */
    public void countRows(long k) {
        categorical.countRows(k);
    }

    public long rows() {
        return categorical.rows();
    }

    /** Numeric feature {@code i}'s grid (the hot loop adds column chunks to it). */
    public ValueGrid grid(int i) {
        return grids[i];
    }

    /** Offers categorical feature {@code j}'s non-null value. */
    public void addCategorical(int j, String value) {
        categorical.addCategorical(j, value);
    }

    public ReferenceAccumulator merge(ReferenceAccumulator other) {
        return merge(other, null);
    }

    /** Merges; with {@code laneMap}, the laned grids' lane l of {@code other} into lane laneMap[l] of this. */
    ReferenceAccumulator merge(ReferenceAccumulator other, int[] laneMap) {
        for (int i = 0; i < grids.length; i++) {
            if (laneMap == null) {
                grids[i].merge(other.grids[i]);
            } else {
                ((LanedGrid) grids[i]).merge((LanedGrid) other.grids[i], laneMap);
            }
        }
        categorical.merge(other.categorical);
        return this;
    }

    int numericFeatures() {
        return grids.length;
    }

    /** The numeric features, in the order of their grids. */
    public List<FeatureSpec> numericSpecs() {
        return numeric;
    }

    /**
     * The binnings, the reference profiles read off this state (column order: numeric, then
     * categorical), and the features whose reference profile needs a scan.
     */
    /** The binnings, keyed by feature in column order; numeric features that cannot be binned map to an error message instead. */
    public record Fitted(Map<String, NumericBinning> numeric, Map<String, CategoricalBinning> categorical,
            Map<String, String> errors) {
    }

    public record Fit(Fitted fitted, Map<String, FeatureProfile> profiles, List<FeatureSpec> numericLeft,
            List<FeatureSpec> categoricalLeft) {
        public Map<String, NumericBinning> numeric() {
            return fitted.numeric();
        }

        public Map<String, CategoricalBinning> categorical() {
            return fitted.categorical();
        }
    }

    public Fit fit() {
        Map<String, CategoricalBinning> vocabularies = categorical.vocabularies();
        Map<String, NumericBinning> bins = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, FeatureProfile> profiles = new LinkedHashMap<>();
        List<FeatureSpec> numericLeft = new ArrayList<>();
        for (int i = 0; i < grids.length; i++) {
            String f = numeric.get(i).name();
            double[] user = settings.userEdges().get(f);
            if (grids[i].size() == 0 && user == null) {
                errors.put(f, "the reference has no finite values, so no bins can be fitted;"
                        + " give --edges " + f + "=... or exclude the feature");
                continue;
            }
            NumericBinning b = grids[i].size() == 0 ? NumericBinning.of(user) : GridFit.binning(grids[i], settings, user);
            bins.put(f, b);
            NumericProfile p = GridFit.profile(f, b, grids[i]);
            if (p == null) {
                numericLeft.add(numeric.get(i));
            } else {
                profiles.put(f, p);
            }
        }
        List<FeatureSpec> categoricalLeft = new ArrayList<>();
        List<FeatureSpec> cats = categorical.categoricalFeatures();
        for (int j = 0; j < cats.size(); j++) {
            String f = cats.get(j).name();
            CategoricalProfile p = categorical.categoricalProfile(j, vocabularies.get(f));
            if (p == null) {
                categoricalLeft.add(cats.get(j));
            } else {
                profiles.put(f, p);
            }
        }
        return new Fit(new Fitted(bins, vocabularies, errors), profiles, numericLeft, categoricalLeft);
    }
}
