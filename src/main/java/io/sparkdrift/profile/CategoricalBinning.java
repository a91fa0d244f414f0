package io.sparkdrift.profile;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The categories one categorical feature is counted on, fitted once from the reference (its most
 * frequent categories, at most {@code --max-categories}) and persisted with the profile. Every
 * other value is counted in one pooled "other" bin, the last bin.
 *
 * @param vocabulary the kept categories, most frequent in the reference first
 * @param complete true when the vocabulary holds every category the reference has, so that a value
 *     outside it in another dataset is certainly a new category
 * @param referenceValues when not complete: every value the reference has, as a Bloom filter, so that a
 *     value outside the vocabulary can still be told new from rare (null when complete, or for
 *     profiles stored before schema version 2)
 */
public record CategoricalBinning(List<String> vocabulary, boolean complete, ReferenceValues referenceValues)
        implements Serializable {
    public CategoricalBinning(List<String> vocabulary, boolean complete) {
        this(vocabulary, complete, null);
    }

    public CategoricalBinning {
        vocabulary = List.copyOf(vocabulary);
        if (vocabulary.size() != new java.util.HashSet<>(vocabulary).size()) {
            throw new IllegalArgumentException("categories must be distinct: " + vocabulary);
        }
    }

    /** Number of bins: the categories plus the pooled "other" bin. */
    public int bins() {
        return vocabulary.size() + 1;
    }

    /** Index of the "other" bin. */
    public int otherBin() {
        return vocabulary.size();
    }

    /** Category → bin index. */
    public Map<String, Integer> index() {
        Map<String, Integer> m = new HashMap<>(vocabulary.size() * 2);
        for (int i = 0; i < vocabulary.size(); i++) {
            m.put(vocabulary.get(i), i);
        }
        return m;
    }

    @Override
    public String toString() {
        return "CategoricalBinning" + Arrays.toString(vocabulary.toArray()) + (complete ? "" : "+other");
    }
}
