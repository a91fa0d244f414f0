package io.sparkdrift.profile;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;

/**
 * The most frequent values seen outside a categorical vocabulary, with their counts.
 *
 * @param counts value → count, most frequent first (counts are lower bounds when not exact)
 * @param exact true when the counts are exact (few distinct outside values)
 */
public record OutsideCategories(Map<String, Long> counts, boolean exact) implements Serializable {
    public OutsideCategories {
        counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    static OutsideCategories of(ItemsSketch<String> sketch) {
        Map<String, Long> m = new LinkedHashMap<>();
        ItemsSketch.Row<String>[] rows = sketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES);
        java.util.Arrays.sort(rows, (a, b) -> a.getEstimate() != b.getEstimate()
                ? Long.compare(b.getEstimate(), a.getEstimate()) : a.getItem().compareTo(b.getItem()));
        for (ItemsSketch.Row<String> r : rows) {
            m.put(r.getItem(), r.getLowerBound());
        }
        return new OutsideCategories(m, sketch.getMaximumError() == 0);
    }
}
