package io.sparkdrift.profile;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Map;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Mutable per-task state of one categorical feature: exact counts per vocabulary category, one
 * pooled "other" count, nulls, and a small frequent-items sketch of the values outside the
 * vocabulary (to name new categories; exact while fewer than {@value #NEW_CATEGORY_SLOTS}·¾
 * distinct values fall outside). A fresh accumulator is the identity of merge.
 */
public final class CategoricalAccumulator implements Serializable {
    /** Map size of the sketch of values outside the vocabulary. */
    public static final int NEW_CATEGORY_SLOTS = 64;

    private final CategoricalBinning binning;
    private transient Map<String, Integer> index;
    private long rows;
    private long nulls;
    private final long[] counts;
    private long novel;
    private transient ItemsSketch<String> outside;

    public CategoricalAccumulator(CategoricalBinning binning) {
        this.binning = binning;
        this.counts = new long[binning.bins()];
        this.outside = new ItemsSketch<>(NEW_CATEGORY_SLOTS);
    }

    /**
     * An accumulator holding the state of {@code p} (to merge stored profiles). Counts are exact;
     * the values outside the vocabulary are restored as far as the profile kept them.
     */
    public static CategoricalAccumulator of(CategoricalProfile p) {
        CategoricalAccumulator a = new CategoricalAccumulator(p.binning());
        a.rows = p.rows();
        a.nulls = p.nulls();
        System.arraycopy(p.counts(), 0, a.counts, 0, a.counts.length);
        a.novel = p.novel();
        p.outside().counts().forEach(a.outside::update);
        return a;
    }

    public void addNull() {
        rows++;
        nulls++;
    }

    /** Adds one non-null value. */
    public void add(String value) {
        if (index == null) {
            index = binning.index();
        }
        Integer bin = index.get(value);
        if (bin == null) {
            addOutside(value);
        } else {
            addToBin(bin);
        }
    }

    /** Adds one value already resolved to its vocabulary bin (a fast path for callers that map keys themselves). */
    public void addToBin(int bin) {
        rows++;
        counts[bin]++;
    }

    /** Adds one value known to be outside the vocabulary (counted novel when the reference certainly never had it). */
    public void addOutside(String value) {
        rows++;
        counts[binning.otherBin()]++;
        outside.update(value);
        if (binning.referenceValues() != null && !binning.referenceValues().mightContain(value)) {
            novel++;
        }
    }

    public CategoricalAccumulator merge(CategoricalAccumulator other) {
        if (!binning.equals(other.binning)) {
            throw new IllegalArgumentException("cannot merge categorical profiles with different categories");
        }
        rows += other.rows;
        nulls += other.nulls;
        novel += other.novel;
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        outside.merge(other.outside);
        return this;
    }

    public CategoricalProfile snapshot(String feature) {
        return new CategoricalProfile(feature, binning, rows, nulls, counts,
                OutsideCategories.of(outside), novel);
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        byte[] bytes = outside.toByteArray(new ArrayOfStringsSerDe());
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        outside = ItemsSketch.getInstance(Memory.wrap(bytes), new ArrayOfStringsSerDe());
    }
}
