package io.sparkdrift.profile;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The single pass over the reference for {@code --learn-thresholds}: one {@link ReferenceAccumulator}
 * per reference day instead of one for the whole reference, so that the bins, the reference's profile
 * and every day's profile on those bins all come from one read of the reference (before, a second
 * scan profiled the days on the fitted bins).
 *
 * <h2>Why it gives what the plain pass and the second scan gave</h2>
 * <ul>
 *   <li>The whole reference's state is the merge of the days' states (and of the rows without a day),
 *       and states merge by the grids' and sketches' merge laws: the same grid level and parts, so the
 *       same edges and categories, counts, minima and maxima as the plain pass; offset sums to
 *       rounding (they are added in another order).</li>
 *   <li>A day's grid is at its own level or finer than the whole reference's (merging only coarsens),
 *       so each part of the whole grid holds that day's parts whole and no fitted edge splits one: the
 *       day's counts on the fitted bins read off its grid exactly ({@link ReferenceAccumulator#profilesOn},
 *       as merge-profiles reads each merged profile off its own state). A feature that cannot be read
 *       off (a user's edge inside a part; a categorical feature past what its sketch counts exactly)
 *       comes back null there, and the caller scans it.</li>
 * </ul>
 *
 * <h2>Memory</h2>
 * A task holds a state per day its rows span, the driver one per reference day. Past {@code maxDays}
 * days (chosen from the heap) the days are dropped: their states merge into one ("pooled"), the whole
 * reference is still read off it, and the days need a second scan as before. Whether a state pools
 * depends only on how many distinct days the data has, not on the partitioning.
 *
 * <p>Mergeable: days are matched by name; a fresh state is the identity; a pooled state absorbs. Merges
 * happen in partition order ({@code OrderedReduce}) and days in day order, so the same data in the
 * same partitions gives the same bits.
 */
public final class DailyReference implements Serializable {
    private final List<FeatureSpec> numeric;
    private final List<FeatureSpec> categorical;
    private final FitSettings settings;
    private final int maxDays;
    /** Each day's state, by day (the group column as text); empty once pooled. */
    private final TreeMap<String, ReferenceAccumulator> days = new TreeMap<>();
    /** Rows without a day: in the whole reference, in no day. */
    private ReferenceAccumulator undated;
    /** Every dated row, once there were more than {@code maxDays} days; null until then. */
    private ReferenceAccumulator pooled;

    /** @param maxDays days kept apart at most (0: pool from the start) */
    public DailyReference(List<FeatureSpec> numeric, List<FeatureSpec> categorical, FitSettings settings, int maxDays) {
        this.numeric = List.copyOf(numeric);
        this.categorical = List.copyOf(categorical);
        this.settings = settings;
        this.maxDays = maxDays;
    }

    /** The state that counts the rows of {@code day} (null: rows without a day). */
    public ReferenceAccumulator day(String day) {
        if (day == null) {
            return undated == null ? undated = fresh() : undated;
        }
        if (pooled != null) {
            return pooled;
        }
        ReferenceAccumulator state = days.get(day);
        if (state == null) {
            if (days.size() == maxDays) {
                pool();
                return pooled;
            }
            state = fresh();
            days.put(day, state);
        }
        return state;
    }

    private ReferenceAccumulator fresh() {
        return new ReferenceAccumulator(numeric, categorical, settings);
    }

    private void pool() {
        if (pooled == null) {
            pooled = fresh();
            days.values().forEach(pooled::merge);
            days.clear();
        }
    }

    public DailyReference merge(DailyReference other) {
        if (pooled == null && other.pooled == null
                && days.size() + other.days.keySet().stream().filter(d -> !days.containsKey(d)).count() <= maxDays) {
            other.days.forEach((d, s) -> days.merge(d, s, ReferenceAccumulator::merge));
        } else {
            pool();
            if (other.pooled != null) {
                pooled.merge(other.pooled);
            }
            other.days.values().forEach(pooled::merge);
        }
        if (other.undated != null) {
            day(null).merge(other.undated);
        }
        return this;
    }

    /** The whole reference's state: the days in day order (or the pooled state), then the rows without a day. A new state. */
    public ReferenceAccumulator overall() {
        ReferenceAccumulator all = fresh();
        if (pooled != null) {
            all.merge(pooled);
        }
        days.values().forEach(all::merge);
        if (undated != null) {
            all.merge(undated);
        }
        return all;
    }

    /** Each day's state in day order; null once pooled (the days need a scan of their own). */
    public Map<String, ReferenceAccumulator> days() {
        return pooled != null ? null : Collections.unmodifiableMap(days);
    }
}
