package io.sparkdrift.profile;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The single pass over the reference with segments: one {@link ReferenceAccumulator} per value of
 * the segment key (and one for rows without a key), so that each segment's profile can be read off
 * its own grids on the bins the whole reference's grids give — the reference is read once with
 * segments as without. The segments (the most frequent keys) are known only after the pass, so the
 * state is kept per key; past {@code maxKeys} keys it pools everything into one accumulator (the
 * bins are the same: grids merge to the grid of the union) and the segments are profiled by a second
 * scan instead.
 *
 * <p>Why a segment's profile read off its grid is exact on the overall bins: its grid sits at a level
 * no finer-than-needed for its own rows, at or below the whole reference's level, so each of its parts
 * lies inside one part of the whole reference's grid, which no fitted edge splits.
 *
 * <p>Mergeable (key by key, in key order), with a fresh state as identity; pooled absorbs.
 */
public final class KeyedReference implements Serializable {
    private final List<FeatureSpec> numeric;
    private final List<FeatureSpec> categorical;
    private final FitSettings settings;
    private final int maxKeys;
    private TreeMap<String, ReferenceAccumulator> byKey = new TreeMap<>();
    private ReferenceAccumulator noKey;
    private ReferenceAccumulator pooled;

    /** @param categorical the categorical features, then the segment key column (last) */
    public KeyedReference(List<FeatureSpec> numeric, List<FeatureSpec> categorical, FitSettings settings, int maxKeys) {
        this.numeric = List.copyOf(numeric);
        this.categorical = List.copyOf(categorical);
        this.settings = settings;
        this.maxKeys = maxKeys;
        this.noKey = fresh();
        if (maxKeys < 1) {
            pool();
        }
    }

    private ReferenceAccumulator fresh() {
        return new ReferenceAccumulator(numeric, categorical, settings);
    }

    /** The accumulator the rows of {@code key} (null: no key) go to; pools everything at the key past {@code maxKeys}. */
    public ReferenceAccumulator forKey(String key) {
        if (pooled != null) {
            return pooled;
        }
        if (key == null) {
            return noKey;
        }
        ReferenceAccumulator a = byKey.get(key);
        if (a == null) {
            if (byKey.size() == maxKeys) {
                pool();
                return pooled;
            }
            a = fresh();
            byKey.put(key, a);
        }
        return a;
    }

    /** Whether the state no longer keeps keys apart (more than {@code maxKeys} of them). */
    public boolean pooled() {
        return pooled != null;
    }

    private void pool() {
        pooled = overall();
        byKey = new TreeMap<>();
        noKey = null;
    }

    public KeyedReference merge(KeyedReference other) {
        if (pooled != null || other.pooled != null) {
            ReferenceAccumulator all = overall().merge(other.overall());
            pooled = all;
            byKey = new TreeMap<>();
            noKey = null;
            return this;
        }
        for (Map.Entry<String, ReferenceAccumulator> e : other.byKey.entrySet()) {
            ReferenceAccumulator mine = byKey.get(e.getKey());
            if (mine == null) {
                byKey.put(e.getKey(), e.getValue());
            } else {
                mine.merge(e.getValue());
            }
        }
        noKey.merge(other.noKey);
        if (byKey.size() > maxKeys) {
            pool();
        }
        return this;
    }

    /** Everything seen, as one accumulator: the keys' merged in key order, then the rows without a key. */
    public ReferenceAccumulator overall() {
        if (pooled != null) {
            return pooled;
        }
        ReferenceAccumulator all = fresh();
        byKey.values().forEach(all::merge);
        return all.merge(noKey);
    }

    /**
     * The accumulators of {@code keys} in order, then "other": every other key's merged in key order
     * and the rows without a key. Only while not pooled.
     */
    public List<ReferenceAccumulator> segments(List<String> keys) {
        if (pooled != null) {
            throw new IllegalStateException("the keys were pooled");
        }
        List<ReferenceAccumulator> out = new java.util.ArrayList<>();
        for (String k : keys) {
            out.add(byKey.containsKey(k) ? byKey.get(k) : fresh());
        }
        ReferenceAccumulator other = fresh();
        byKey.forEach((k, a) -> {
            if (!keys.contains(k)) {
                other.merge(a);
            }
        });
        out.add(other.merge(noKey));
        return out;
    }
}
