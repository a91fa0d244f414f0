package io.sparkdrift.profile;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mutable per-task profile of a whole dataset: one accumulator per feature, filled by one pass over
 * the rows. Mergeable, with a fresh accumulator as identity.
 */
public final class ProfileAccumulator implements Serializable {
    private final List<String> numericNames;
    private final List<String> categoricalNames;
    private final NumericAccumulator[] numeric;
    private final CategoricalAccumulator[] categorical;
    private long rows;

    /** @param numeric binning per numeric feature, in column order; likewise categorical */
    public ProfileAccumulator(Map<String, NumericBinning> numeric, Map<String, CategoricalBinning> categorical) {
        this.numericNames = List.copyOf(numeric.keySet());
        this.categoricalNames = List.copyOf(categorical.keySet());
        this.numeric = numeric.values().stream().map(NumericAccumulator::new).toArray(NumericAccumulator[]::new);
        this.categorical = categorical.values().stream().map(CategoricalAccumulator::new)
                .toArray(CategoricalAccumulator[]::new);
    }

    public NumericAccumulator numeric(int i) {
        return numeric[i];
    }

    public CategoricalAccumulator categorical(int i) {
        return categorical[i];
    }

    /** Counts {@code k} rows of the dataset (besides the per-feature updates). */
    public void countRows(long k) {
        rows += k;
    }

    public ProfileAccumulator merge(ProfileAccumulator other) {
        rows += other.rows;
        for (int i = 0; i < numeric.length; i++) {
            numeric[i].merge(other.numeric[i]);
        }
        for (int i = 0; i < categorical.length; i++) {
            categorical[i].merge(other.categorical[i]);
        }
        return this;
    }

    public DatasetProfile snapshot() {
        Map<String, FeatureProfile> features = new LinkedHashMap<>();
        for (int i = 0; i < numeric.length; i++) {
            features.put(numericNames.get(i), numeric[i].snapshot(numericNames.get(i)));
        }
        for (int i = 0; i < categorical.length; i++) {
            features.put(categoricalNames.get(i), categorical[i].snapshot(categoricalNames.get(i)));
        }
        return new DatasetProfile(rows, features);
    }
}
