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
import java.util.TreeSet;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The state of the fitting pass over the reference: per numeric feature a deterministic
 * {@link HashSample}, the exact minimum and maximum and the exact {@link DistinctValues} while there
 * are at most {@code resolution} of them; per categorical feature a frequent-items
 * sketch (exact while the feature has fewer distinct values than ¾ of its map size). Mergeable, with
 * a fresh accumulator as identity; {@link #fit} turns it into the binnings every dataset is
 * profiled on.
 */
public final class FitAccumulator implements Serializable {
    private final List<FeatureSpec> numeric;
    private final List<FeatureSpec> categorical;
    private final FitSettings settings;
    private final HashSample[] samples;
    private final DistinctValues[] distinct;
    private final double[] mins;
    private final double[] maxs;
    private transient ItemsSketch<String>[] sketches;
    /** Per categorical feature: every value, once there are more than the vocabulary keeps (else null). */
    private final ReferenceValues[] values;
    private long rows;

    public FitAccumulator(List<FeatureSpec> numeric, List<FeatureSpec> categorical, FitSettings settings) {
        this.numeric = List.copyOf(numeric);
        this.categorical = List.copyOf(categorical);
        this.settings = settings;
        samples = new HashSample[numeric.size()];
        distinct = new DistinctValues[numeric.size()];
        mins = new double[numeric.size()];
        maxs = new double[numeric.size()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = new HashSample(settings.sampleCapacity());
            distinct[i] = new DistinctValues(settings.resolution());
        }
        Arrays.fill(mins, Double.POSITIVE_INFINITY);
        Arrays.fill(maxs, Double.NEGATIVE_INFINITY);
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

    /** Counts {@code k} rows of the dataset. */
    public void countRows(long k) {
        rows += k;
    }

    /** Rows seen. */
    public long rows() {
        return rows;
    }

    /**
     * Offers numeric feature {@code i}'s value in a row whose content hashes to {@code rowKey};
     * non-finite values are ignored, and -0.0 is taken as 0.0.
     */
    public void addNumeric(int i, long rowKey, double x) {
        if (x - x != 0.0) {
            return;
        }
        x += 0.0; // -0.0 becomes 0.0: one value, so never two edges
        samples[i].add(HashSample.keyOf(rowKey, i), x);
        distinct[i].add(x);
        if (x < mins[i]) {
            mins[i] = x;
        }
        if (x > maxs[i]) {
            maxs[i] = x;
        }
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

    public FitAccumulator merge(FitAccumulator other) {
        rows += other.rows;
        for (int i = 0; i < samples.length; i++) {
            samples[i].merge(other.samples[i]);
            distinct[i].merge(other.distinct[i]);
            mins[i] = Math.min(mins[i], other.mins[i]);
            maxs[i] = Math.max(maxs[i], other.maxs[i]);
        }
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

    /** The binnings, keyed by feature; features that cannot be fitted map to an error message instead. */
    public record Fitted(Map<String, NumericBinning> numeric, Map<String, CategoricalBinning> categorical,
            Map<String, String> errors) {
    }

    public Fitted fit() {
        Map<String, NumericBinning> num = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (int i = 0; i < numeric.size(); i++) {
            String f = numeric.get(i).name();
            double[] user = settings.userEdges().get(f);
            if (samples[i].isEmpty()) {
                if (user != null) {
                    num.put(f, NumericBinning.of(user));
                } else {
                    errors.put(f, "the reference has no finite values, so no bins can be fitted;"
                            + " give --edges " + f + "=... or exclude the feature");
                }
                continue;
            }
            num.put(f, quantileBinning(i, user));
        }
        Map<String, CategoricalBinning> cat = new LinkedHashMap<>();
        for (int i = 0; i < categorical.size(); i++) {
            cat.put(categorical.get(i).name(), vocabulary(sketches[i], settings.maxCategories(), values[i]));
        }
        return new Fitted(num, cat, errors);
    }

    /**
     * Coarse edges: the user's as given, or min, nextUp(max) and the {@link QuantileGrid} edges for
     * {@code bins} (atoms in bins of their own, quantiles of the remaining mass), so that the
     * reference fills exactly the inner bins and underflow/overflow mean "outside the reference
     * range". Fine edges: the coarse ones, min, nextUp(max), and either every distinct value with its
     * nextUp (when the reference has at most {@code resolution} distinct values: discrete) or the
     * {@link QuantileGrid} edges for {@code resolution}. Atoms and quantiles come from the exact
     * distinct counts when complete, else from the sample.
     */
    private NumericBinning quantileBinning(int i, double[] user) {
        boolean discrete = distinct[i].complete();
        WeightedValues values = discrete ? distinct[i].values() : samples[i].weightedValues();
        TreeSet<Double> coarse = new TreeSet<>();
        if (user != null) {
            for (double e : user) {
                coarse.add(e + 0.0);
            }
        } else {
            addRange(coarse, mins[i], maxs[i]);
            coarse.addAll(QuantileGrid.edges(values, settings.bins()));
        }
        TreeSet<Double> fine = new TreeSet<>(coarse);
        addRange(fine, mins[i], maxs[i]);
        fine.addAll(discrete ? QuantileGrid.everyValue(values) : QuantileGrid.edges(values, settings.resolution()));
        double[] edges = fine.stream().mapToDouble(Double::doubleValue).toArray();
        int[] idx = coarse.stream().mapToInt(e -> Arrays.binarySearch(edges, e)).toArray();
        return new NumericBinning(edges, idx, discrete);
    }

    /** min and nextUp(max) (left out when max is the largest double: the overflow bin then holds max alone). */
    private static void addRange(TreeSet<Double> edges, double min, double max) {
        edges.add(min);
        if (max < Double.MAX_VALUE) {
            edges.add(Math.nextUp(max) + 0.0);
        }
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
