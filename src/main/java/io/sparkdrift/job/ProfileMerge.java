package io.sparkdrift.job;

import io.sparkdrift.compare.DailyProfiles;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.ReferenceAccumulator;
import io.sparkdrift.run.InputException;
import io.sparkdrift.store.ProfileStore;
import io.sparkdrift.store.SpilledDays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges stored profiles (merge-profiles, {@code ReferenceProfile.merge}), one of two ways:
 * <ul>
 *   <li><b>Refitted</b>, when every profile keeps the state it was read off ({@link ReferenceAccumulator}:
 *       each numeric feature's value grid, each categorical feature's exact frequent-items sketch) and
 *       all were fitted with the same settings: the states merge (the grids' and sketches' merge laws)
 *       and the bins are fitted on the merge. The result is the profile one pass over all the profiles'
 *       data gives — the same edges and categories and the same counts, minima and maxima; sums to
 *       rounding — whatever edges each profile had, and it keeps the merged state, so it merges again.
 *       Each profile's own counts on the new bins are read off its state (the merged grid's parts hold
 *       each profile's parts whole), for the history {@code --learn-thresholds} learns from.</li>
 *   <li><b>On shared edges</b> otherwise (profiles made with {@code --edges-from}, with segments, or
 *       before schema version 4): counts add bin by bin, which needs the same edges and categories.</li>
 * </ul>
 *
 * <h2>Memory</h2>
 * The profiles are read from a {@link Source} one at a time, and a refitted merge that keeps the days
 * reads each twice: first to merge its state into the running merge, then, once the bins are fitted,
 * to read its own profile on them off its state. So at most two fit states are held at once — the
 * running merge and the one being read — whatever the number of profiles. Each profile on the merged
 * bins, which the history needs, is written to local disk as it is read ({@link SpilledDays}) and read
 * back a feature at a time, as is each segment's profile in each day of a segmented merge. Holding every
 * state at once, 28 one-day profiles of 1,000 numeric features did not fit a 4 GiB driver; holding every
 * day's profile on the merged bins (1.1 GB), not a 1 GiB one (README, Stored reference profiles).
 */
public final class ProfileMerge {

    /**
     * The profiles to merge, read when the merge needs them (a refitted merge reads each twice, in
     * order; a merge on shared edges once).
     *
     * @param names how the user named each profile, for messages
     * @param reader profile i, with its fit state when asked and every feature has one
     */
    public record Source(List<String> names, Reader reader) {
        /** Reads profile {@code i}. */
        public interface Reader {
            ProfileStore.Stored read(int i, boolean withFitState);
        }

        /** Profiles already in memory. */
        public static Source of(List<ProfileStore.Stored> profiles, List<String> names) {
            return new Source(names, (i, withFitState) -> profiles.get(i));
        }

        int size() {
            return names.size();
        }

        String name(int i) {
            return names.get(i);
        }

        ProfileStore.Stored read(int i, boolean withFitState) {
            return reader.read(i, withFitState);
        }
    }

    /**
     * @param profile the merged profile
     * @param state its fit state (refitted merges), else null
     * @param days each merged profile on the merged profile's bins, in the order given, kept on local
     *     disk until {@link #close}
     * @param segments each segment's merged profile, by label (merges on shared edges only)
     * @param segmentDays each segment's profile in each merged profile that has it, by label, in the order
     *     given, kept on local disk until {@link #close}
     */
    public record Merged(DatasetProfile profile, ReferenceAccumulator state, DailyProfiles days,
            Map<String, DatasetProfile> segments, Map<String, DailyProfiles> segmentDays) implements AutoCloseable {
        /** Removes the days' files. */
        @Override
        public void close() {
            days.close();
            segmentDays.values().forEach(DailyProfiles::close);
        }
    }

    private ProfileMerge() {
    }

    /**
     * Merges the profiles of {@code source}.
     *
     * @param fix what to tell the user when they cannot be merged
     * @param keepDays whether to keep each profile on the merged bins ({@link Merged#days}, on local disk:
     *     for the history); else the days are empty and a refitted merge reads each profile once
     * @throws InputException when they hold different features or segments, or cannot be merged either way
     */
    public static Merged merge(Source source, String fix, boolean keepDays) {
        Merged refitted = refitted(source, fix, keepDays);
        return refitted != null ? refitted : onSharedEdges(source, fix, keepDays);
    }

    /** Refuses profile {@code i} when its segments or features differ from the first's. */
    private static void checkLike(Source source, ProfileStore.Stored first, int i, ProfileStore.Stored p, String fix) {
        if (!labels(first).equals(labels(p))) {
            throw new InputException("profiles " + source.name(0) + " and " + source.name(i) + " have different segments; " + fix);
        }
        String missing = oneMissing(first.profile(), p.profile());
        String extra = oneMissing(p.profile(), first.profile());
        if (missing != null || extra != null) {
            throw new InputException("profiles " + source.name(0) + " and " + source.name(i) + " hold different features ("
                    + (missing != null ? missing + " only in the first" : extra + " only in the second") + "; a day"
                    + " where a numeric feature has no finite value profiles without it); merge profiles that hold the same"
                    + " features, or profile them all with --exclude FEATURE");
        }
    }

    /** A feature {@code a} holds and {@code b} does not, or null. */
    private static String oneMissing(DatasetProfile a, DatasetProfile b) {
        return a.features().keySet().stream().filter(f -> !b.features().containsKey(f)).findFirst().orElse(null);
    }

    private static List<String> labels(ProfileStore.Stored p) {
        return p.segments().stream().map(ProfileStore.Segment::label).toList();
    }

    /**
     * The refitted merge, or null when a profile keeps no fit state (then they merge on shared edges).
     * Holds the running merge and the state being read, no other: the first profile is kept without its state.
     */
    private static Merged refitted(Source source, String fix, boolean keepDays) {
        ProfileStore.Stored p = source.read(0, true);
        ReferenceAccumulator state = p.fitState();
        if (state == null) {
            return null;
        }
        ProfileStore.Stored first = p.withoutFitState();
        ReferenceAccumulator merged = state.emptyLike();
        List<String> order = List.copyOf(first.profile().features().keySet());
        long[] rows = new long[source.size()];
        for (int i = 0; i < source.size(); i++) {
            if (i > 0) {
                p = source.read(i, true);
            }
            checkLike(source, first, i, p, fix);
            state = p.fitState();
            if (state == null) {
                return null;
            }
            if (!merged.settings().equals(state.settings())) {
                throw new InputException("profiles " + source.name(0) + " and " + source.name(i) + " were fitted with"
                        + " different --bins, --resolution or --max-categories; make them with the same settings");
            }
            try {
                merged.merge(state);
            } catch (IllegalArgumentException e) { // grids of other budgets: profiled with other numeric features
                throw new InputException("profiles " + source.name(0) + " and " + source.name(i) + " cannot be merged: "
                        + e.getMessage() + "; " + fix);
            }
            rows[i] = p.profile().rows();
        }
        p = null; // from here on, one state read at a time
        state = null;
        ReferenceAccumulator.Fit fit = merged.fit();
        if (!fit.categoricalLeft().isEmpty()) { // the merged sketch purged: past what a profile counts exactly
            throw new InputException("feature " + fit.categoricalLeft().get(0).name() + " has more distinct values across these"
                    + " profiles than a profile counts exactly, so their categories cannot be fitted anew; " + fix);
        }
        if (!fit.numericLeft().isEmpty() || !fit.fitted().errors().isEmpty()) { // no user edges; every grid holds values
            throw new IllegalStateException("a merged numeric feature cannot be read off its grid");
        }
        DatasetProfile profile = new DatasetProfile(merged.rows(), inOrder(order, fit.profiles()));
        if (!keepDays) {
            return new Merged(profile, merged, DailyProfiles.of(List.of()), Map.of(), Map.of());
        }
        SpilledDays days = SpilledDays.create();
        try {
            for (int i = 0; i < source.size(); i++) {
                Map<String, FeatureProfile> own = source.read(i, true).fitState().profilesOn(fit.numeric(), fit.categorical());
                own.forEach((f, fp) -> {
                    if (fp == null) { // the merged grid's parts hold each profile's parts whole: cannot happen
                        throw new IllegalStateException("feature " + f + " of a merged profile cannot be read off on the merged bins");
                    }
                });
                days.add(new DatasetProfile(rows[i], inOrder(order, own)));
            }
        } catch (RuntimeException e) {
            days.close();
            throw e;
        }
        return new Merged(profile, merged, days, Map.of(), Map.of());
    }

    /** The features of {@code profiles} in the given order. */
    private static Map<String, FeatureProfile> inOrder(List<String> order, Map<String, FeatureProfile> profiles) {
        Map<String, FeatureProfile> out = new LinkedHashMap<>();
        order.forEach(f -> out.put(f, profiles.get(f)));
        return out;
    }

    private static Merged onSharedEdges(Source source, String fix, boolean keepDays) {
        ProfileStore.Stored first = source.read(0, false);
        DatasetProfile merged = null;
        Map<String, DatasetProfile> segments = new LinkedHashMap<>();
        Map<String, SpilledDays> segmentDays = new LinkedHashMap<>();
        SpilledDays days = keepDays ? SpilledDays.create() : null;
        try {
            for (int i = 0; i < source.size(); i++) {
                ProfileStore.Stored p = i == 0 ? first : source.read(i, false);
                checkLike(source, first, i, p, fix);
                try {
                    merged = i == 0 ? p.profile() : merged.merge(p.profile());
                    for (ProfileStore.Segment seg : p.segments()) {
                        segments.merge(seg.label(), seg.profile(), DatasetProfile::merge);
                        if (days != null) {
                            segmentDays.computeIfAbsent(seg.label(), k -> SpilledDays.create()).add(seg.profile());
                        }
                    }
                } catch (IllegalArgumentException e) {
                    throw new InputException("profiles " + source.name(0) + " and " + source.name(i) + " cannot be merged: "
                            + e.getMessage() + "; " + fix);
                }
                if (days != null) {
                    days.add(p.profile());
                }
            }
        } catch (RuntimeException e) {
            if (days != null) {
                days.close();
            }
            segmentDays.values().forEach(SpilledDays::close);
            throw e;
        }
        return new Merged(merged, null, days != null ? days : DailyProfiles.of(List.of()), segments,
                Collections.unmodifiableMap(segmentDays));
    }
}
