package io.sparkdrift.profile;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The categorical half of the single pass over the reference: per categorical feature a
 * frequent-items sketch (exact while the feature has fewer distinct values than ¾ of its map size),
 * and once a feature has more distinct values than the vocabulary keeps, a {@link ReferenceValues}
 * filter of all of them. Mergeable, with a fresh state as identity; {@link #vocabularies} gives the
 * categories every dataset is counted on, and {@link #categoricalProfile} the reference's own
 * profile on them while the sketch is exact.
 */
public final class VocabularyFit implements Serializable {
    private final List<FeatureSpec> categorical;
    private final FitSettings settings;
    private transient ItemsSketch<String>[] sketches;
    /** Per categorical feature: every value, once there are more than the vocabulary keeps (else null). */
    private final ReferenceValues[] values;
    private long rows;

    public VocabularyFit(List<FeatureSpec> categorical, FitSettings settings) {
        this.categorical = List.copyOf(categorical);
        this.settings = settings;
        sketches = newSketches(categorical.size(), settings.maxCategories());
        values = new ReferenceValues[categorical.size()];
    }

    @SuppressWarnings("unchecked")
    private static ItemsSketch<String>[] newSketches(int n, int maxCategories) {
        ItemsSketch<String>[] s = new ItemsSketch[n];
        int mapSize = Integer.highestOneBit(Math.max(64, maxCategories * 4) - 1) << 1;
        for (int i = 0; i < n; i++) {
            s[i] = new ItemsSketch<>(mapSize);
        }
        return s;
    }

    /** The categorical features, in column order. */
    public List<FeatureSpec> categoricalFeatures() {
        return categorical;
    }

    /** Counts {@code k} rows of the dataset. */
    public void countRows(long k) {
        rows += k;
    }

    /** Rows seen. */
    public long rows() {
        return rows;
    }

    /**
     * Offers categorical feature {@code i}'s non-null value. Once the feature has more distinct values
     * than the vocabulary keeps, every value also goes into a {@link ReferenceValues} filter, seeded
     * with the values seen so far (the sketch still holds them all then: it purges only past three
     * times the vocabulary size).
     */
    public void addCategorical(int i, String value) {
        sketches[i].update(value);
        if (values[i] != null) {
            values[i].add(value);
        } else if (sketches[i].getNumActiveItems() > settings.maxCategories()) {
            values[i] = filterOf(sketches[i]);
        }
    }

    /** A filter holding every item of a sketch that never purged. */
    private static ReferenceValues filterOf(ItemsSketch<String> sketch) {
        ReferenceValues v = ReferenceValues.empty();
        for (ItemsSketch.Row<String> r : sketch.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
            v.add(r.getItem());
        }
        return v;
    }

    public VocabularyFit merge(VocabularyFit other) {
        rows += other.rows;
        for (int i = 0; i < sketches.length; i++) {
            // a side without a filter never had more than the vocabulary's size: its sketch is exact
            if (values[i] != null || other.values[i] != null) {
                ReferenceValues mine = values[i] != null ? values[i] : filterOf(sketches[i]);
                values[i] = mine.union(other.values[i] != null ? other.values[i] : filterOf(other.sketches[i]));
            }
            sketches[i].merge(other.sketches[i]);
            if (values[i] == null && sketches[i].getNumActiveItems() > settings.maxCategories()) {
                values[i] = filterOf(sketches[i]); // both at most the vocabulary's size: the union is exact
            }
        }
        return this;
    }

    /** The categories each categorical feature is counted on, in column order. */
    public Map<String, CategoricalBinning> vocabularies() {
        Map<String, CategoricalBinning> cat = new LinkedHashMap<>();
        for (int i = 0; i < categorical.size(); i++) {
            cat.put(categorical.get(i).name(), vocabulary(sketches[i], settings.maxCategories(), values[i]));
        }
        return cat;
    }

    /**
     * Categorical feature {@code j}'s profile in the data this state has seen, on {@code binning}
     * (fitted from it), read off its frequent-items sketch — possible only while the sketch never
     * purged (fewer distinct values than ¾ of its map: every count exact); null otherwise. The values
     * outside the vocabulary go into the profile's outside sketch largest first, ties by value, so
     * the result does not depend on the order rows were seen.
     */
    public CategoricalProfile categoricalProfile(int j, CategoricalBinning binning) {
        ItemsSketch<String> sketch = sketches[j];
        if (sketch.getMaximumError() != 0) {
            return null;
        }
        ItemsSketch.Row<String>[] items = sketch.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES);
        Arrays.sort(items, (a, b) -> a.getEstimate() != b.getEstimate()
                ? Long.compare(b.getEstimate(), a.getEstimate()) : a.getItem().compareTo(b.getItem()));
        Map<String, Integer> index = binning.index();
        long[] counts = new long[binning.bins()];
        ItemsSketch<String> outside = new ItemsSketch<>(CategoricalAccumulator.NEW_CATEGORY_SLOTS);
        for (ItemsSketch.Row<String> r : items) {
            Integer bin = index.get(r.getItem());
            if (bin == null) {
                counts[binning.otherBin()] += r.getEstimate();
                outside.update(r.getItem(), r.getEstimate());
            } else {
                counts[bin] += r.getEstimate();
            }
        }
        return new CategoricalProfile(categorical.get(j).name(), binning, rows, rows - sketch.getStreamLength(), counts,
                OutsideCategories.of(outside), 0);
    }

    private static CategoricalBinning vocabulary(ItemsSketch<String> sketch, int maxCategories, ReferenceValues all) {
        ItemsSketch.Row<String>[] rows = sketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES);
        Arrays.sort(rows, (a, b) -> a.getEstimate() != b.getEstimate()
                ? Long.compare(b.getEstimate(), a.getEstimate()) : a.getItem().compareTo(b.getItem()));
        List<String> vocab = new ArrayList<>();
        for (int i = 0; i < rows.length && i < maxCategories; i++) {
            vocab.add(rows[i].getItem());
        }
        boolean complete = sketch.getMaximumError() == 0 && rows.length <= maxCategories;
        return new CategoricalBinning(vocab, complete, complete ? null : all);
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        ArrayOfStringsSerDe serde = new ArrayOfStringsSerDe();
        for (ItemsSketch<String> s : sketches) {
            byte[] b = s.toByteArray(serde);
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        sketches = newSketches(categorical.size(), settings.maxCategories());
        for (int i = 0; i < sketches.length; i++) {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            sketches[i] = ItemsSketch.getInstance(Memory.wrap(b), new ArrayOfStringsSerDe());
        }
    }
}
