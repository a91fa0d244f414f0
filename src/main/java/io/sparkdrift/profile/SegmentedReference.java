package io.sparkdrift.profile;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The single pass over the reference with segments: the whole reference's {@link ReferenceAccumulator}
 * (bins and the overall profile, as without segments, to the last bit) whose grids also keep each
 * segment key's rows in a lane of their own ({@link LanedGrid}), and per key the categorical features'
 * exact value counts ({@link LaneCategories}). Which keys are the segments (the most frequent) is known only after the pass, so every
 * key gets a lane — up to {@code maxLanes} of them; past that the lanes are dropped ("pooled") and
 * the segments are profiled by a second scan of the reference instead. Whether a state pools depends
 * only on how many distinct keys the data has, not on the partitioning.
 *
 * <p>Each segment's profile is read off its lane on the overall bins ({@link #segments}): counts,
 * minima and maxima exactly those of profiling the segment's rows alone on those bins; offset sums
 * equal up to rounding (to the bit where every part holds one value, as on discrete columns).
 *
 * <p>Mergeable: lanes are matched by key; a fresh state is the identity; a pooled state absorbs.
 */
public final class SegmentedReference implements Serializable {
    private final List<FeatureSpec> categorical;
    private final int maxLanes;
    private final ReferenceAccumulator overall;
    /** Lane → its segment key (null: rows with no key); empty once pooled. */
    private final List<String> keys = new ArrayList<>();
    private final LaneCategories laneCategorical;
    /** Rows per lane. */
    private long[] laneRows = new long[0];
    private boolean pooled;

    /**
     * @param categorical the categorical features (without the key column)
     * @param keyColumn the segment key column, counted as one more categorical column in the overall state
     * @param maxLanes keys kept apart at most
     */
    public SegmentedReference(List<FeatureSpec> numeric, List<FeatureSpec> categorical, FeatureSpec keyColumn,
            FitSettings settings, int maxLanes) {
        this.categorical = List.copyOf(categorical);
        this.maxLanes = maxLanes;
        List<FeatureSpec> withKey = new ArrayList<>(categorical);
        withKey.add(keyColumn);
        this.overall = new ReferenceAccumulator(numeric, withKey, settings, true);
        this.laneCategorical = new LaneCategories(categorical.size(), VocabularyFit.exactCapacity(settings.maxCategories()));
        pooled = maxLanes < 1;
    }

    /** The whole reference's state (bins and the overall profile come from it). */
    public ReferenceAccumulator overall() {
        return overall;
    }

    public boolean pooled() {
        return pooled;
    }

    /** The lane of {@code key} (null: no key), added if new; −1 once the state pools (then it keeps no lanes). */
    public int lane(String key) {
        if (pooled) {
            return -1;
        }
        int l = keys.indexOf(key);
        if (l >= 0) {
            return l;
        }
        if (keys.size() == maxLanes) {
            pool();
            return -1;
        }
        return addLane(key);
    }

    private int addLane(String key) {
        keys.add(key);
        laneCategorical.addLane();
        laneRows = java.util.Arrays.copyOf(laneRows, keys.size());
        for (int i = 0; i < overall.numericFeatures(); i++) {
            grid(i).addLane();
        }
        return keys.size() - 1;
    }

    private void pool() {
        pooled = true;
        keys.clear();
        laneCategorical.dropLanes();
        laneRows = new long[0];
        for (int i = 0; i < overall.numericFeatures(); i++) {
            grid(i).dropLanes();
        }
    }

    /** Numeric feature i's grid. */
    public LanedGrid grid(int i) {
        return (LanedGrid) overall.grid(i);
    }

    /** The rows of the chunk being added, grouped by lane; null while a chunk is added without lanes. */
    private transient LanedGrid.RowsByLane chunk;

    /**
     * Starts a chunk of {@code size} rows: row r in lane {@code laneOf[r]}, or, with {@code laneOf}
     * null (the state pooled, maybe while this chunk's keys were looked up), in no lane. Its columns
     * follow through {@link #addColumn} and {@link #addCategorical}.
     */
    public void startChunk(int size, int[] laneOf) {
        overall.countRows(size);
        if (laneOf == null || pooled) {
            chunk = null;
            return;
        }
        if (chunk == null) {
            chunk = new LanedGrid.RowsByLane();
        }
        chunk.group(laneOf, size, keys.size());
        for (int l = 0; l < keys.size(); l++) {
            laneRows[l] += chunk.rows(l);
        }
    }

    /** Numeric feature i's column of the current chunk (the hot loop). */
    public void addColumn(int i, double[] values, boolean[] isNull, int size) {
        if (chunk != null) {
            grid(i).addColumn(values, isNull, size, chunk);
        } else {
            overall.grid(i).addColumn(values, isNull, size);
        }
    }

    /**
     * Categorical column j's non-null value of a row of the current chunk in lane {@code lane} (j =
     * the number of categorical features: the key column, counted in the whole state only).
     */
    public void addCategorical(int j, int lane, String value) {
        overall.addCategorical(j, value);
        if (chunk != null && j < categorical.size()) {
            laneCategorical.add(j, lane, value);
        }
    }

    public SegmentedReference merge(SegmentedReference other) {
        if (!pooled && !other.pooled) {
            int[] map = new int[other.keys.size()];
            int added = (int) other.keys.stream().filter(k -> !keys.contains(k)).count();
            if (keys.size() + added <= maxLanes) {
                for (int l = 0; l < map.length; l++) {
                    int mine = keys.indexOf(other.keys.get(l));
                    map[l] = mine >= 0 ? mine : addLane(other.keys.get(l));
                }
                overall.merge(other.overall, map);
                laneCategorical.merge(other.laneCategorical, map);
                for (int l = 0; l < map.length; l++) {
                    laneRows[map[l]] += other.laneRows[l];
                }
                return this;
            }
        }
        pool();
        other.pool();
        overall.merge(other.overall);
        return this;
    }

    /**
     * Each segment's profile on the overall binnings: the keys {@code top} in order, then "other"
     * (every other key's lane, in key order, and the rows with no key), for the {@code numeric}
     * features and the categorical features named in {@code vocabularies}, in column order; null when
     * pooled or when one cannot be read off (an edge splits a part; a segment's categorical counts
     * lost exactness).
     */
    public List<DatasetProfile> segments(List<String> top, Map<String, NumericBinning> bins,
            Map<String, CategoricalBinning> vocabularies, List<FeatureSpec> numeric) {
        if (pooled) {
            return null;
        }
        List<int[]> groups = new ArrayList<>();
        for (String k : top) {
            int l = keys.indexOf(k);
            groups.add(l < 0 ? new int[0] : new int[] {l});
        }
        List<Integer> rest = new ArrayList<>();
        for (int l = 0; l < keys.size(); l++) {
            if (keys.get(l) == null || !top.contains(keys.get(l))) { // rows with no key are always "other"
                rest.add(l);
            }
        }
        rest.sort(Comparator.comparing(keys::get, Comparator.nullsLast(Comparator.naturalOrder())));
        groups.add(rest.stream().mapToInt(Integer::intValue).toArray());
        List<DatasetProfile> out = new ArrayList<>();
        for (int[] lanes : groups) {
            DatasetProfile p = profileOf(lanes, bins, vocabularies, numeric);
            if (p == null) {
                return null;
            }
            out.add(p);
        }
        return out;
    }

    private DatasetProfile profileOf(int[] lanes, Map<String, NumericBinning> bins, Map<String, CategoricalBinning> vocabularies,
            List<FeatureSpec> numeric) {
        Map<String, FeatureProfile> features = new LinkedHashMap<>();
        List<FeatureSpec> gridded = overall.numericSpecs();
        for (FeatureSpec f : numeric) {
            LanedGrid.LaneView v = grid(gridded.indexOf(f)).view(lanes);
            NumericProfile p = GridFit.profile(f.name(), bins.get(f.name()), v.buckets(), v.rows(), v.nulls(), v.nan(),
                    v.posInf(), v.negInf());
            if (p == null) {
                return null;
            }
            features.put(f.name(), p);
        }
        long rows = 0;
        for (int l : lanes) {
            rows += laneRows[l];
        }
        for (int j = 0; j < categorical.size(); j++) {
            String name = categorical.get(j).name();
            if (!vocabularies.containsKey(name)) {
                continue;
            }
            CategoricalProfile p = laneCategorical.profile(name, j, vocabularies.get(name), lanes, rows);
            if (p == null) {
                return null;
            }
            features.put(name, p);
        }
        return new DatasetProfile(rows, features);
    }
}
