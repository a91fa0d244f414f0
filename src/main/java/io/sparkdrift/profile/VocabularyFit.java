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

    private static int mapSize(int maxCategories) {
        return Integer.highestOneBit(Math.max(64, maxCategories * 4) - 1) << 1;
    }

    /** Distinct values a feature's sketch counts exactly (¾ of its map: it purges only past that). */
    static int exactCapacity(int maxCategories) {
        return mapSize(maxCategories) / 4 * 3;
    }

    @SuppressWarnings("unchecked")
    private static ItemsSketch<String>[] newSketches(int n, int maxCategories) {
        ItemsSketch<String>[] s = new ItemsSketch[n];
        int mapSize = mapSize(maxCategories);
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

    /**
     * A state as a stored profile keeps it ({@link #sketchBytes}, {@link #values}): {@code rows} rows
     * and per categorical feature its sketch and its filter of every value (null while the feature
     * had at most the vocabulary's size); merges and fits as the state that was stored.
     */
    public static VocabularyFit restore(List<FeatureSpec> categorical, FitSettings settings, long rows, List<byte[]> sketches,
            List<ReferenceValues> values) {
        VocabularyFit v = new VocabularyFit(categorical, settings);
        v.rows = rows;
        for (int i = 0; i < categorical.size(); i++) {
            v.sketches[i] = ItemsSketch.getInstance(Memory.wrap(sketches.get(i)), new ArrayOfStringsSerDe());
            v.values[i] = values.get(i) == null ? null : ReferenceValues.of(values.get(i).toBytes()); // merges add to it
        }
        return v;
    }

    /** Categorical feature {@code j}'s frequent-items sketch, serialized as DataSketches writes it. */
    public byte[] sketchBytes(int j) {
        return sketches[j].toByteArray(new ArrayOfStringsSerDe());
    }

    /** Categorical feature {@code j}'s filter of every value, or null while it had at most the vocabulary's size. */
    public ReferenceValues values(int j) {
        return values[j];
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
        List<Map.Entry<String, Long>> items = new ArrayList<>();
        for (ItemsSketch.Row<String> r : sketch.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
            items.add(Map.entry(r.getItem(), r.getEstimate()));
        }
        return fromExactCounts(categorical.get(j).name(), binning, rows, items);
    }

    /**
     * The profile on {@code binning} of {@code rows} rows whose non-null values have these exact
     * counts (each value once, any order; the rest of the rows are null). The values outside the
     * vocabulary go into the profile's outside sketch largest first, ties by value, so the result
     * does not depend on the order the counts came in.
     */
    static CategoricalProfile fromExactCounts(String feature, CategoricalBinning binning, long rows,
            List<Map.Entry<String, Long>> counts) {
        List<Map.Entry<String, Long>> items = new ArrayList<>(counts);
        items.sort((a, b) -> !a.getValue().equals(b.getValue())
                ? Long.compare(b.getValue(), a.getValue()) : a.getKey().compareTo(b.getKey()));
        Map<String, Integer> index = binning.index();
        long[] bins = new long[binning.bins()];
        long nonNull = 0;
        ItemsSketch<String> outside = new ItemsSketch<>(CategoricalAccumulator.NEW_CATEGORY_SLOTS);
        for (Map.Entry<String, Long> r : items) {
            Integer bin = index.get(r.getKey());
            nonNull += r.getValue();
            if (bin == null) {
                bins[binning.otherBin()] += r.getValue();
                outside.update(r.getKey(), r.getValue());
            } else {
                bins[bin] += r.getValue();
            }
        }
        return new CategoricalProfile(feature, binning, rows, rows - nonNull, bins, OutsideCategories.of(outside), 0);
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
