package io.sparkdrift.job;

import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.ReferenceAccumulator;
import io.sparkdrift.run.InputException;
import io.sparkdrift.store.ProfileStore;
import java.util.ArrayList;
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
 */
public final class ProfileMerge {

    /**
     * @param profile the merged profile
     * @param state its fit state (refitted merges), else null
     * @param days each merged profile on the merged profile's bins, in the order given
     * @param segments each segment's merged profile, by label (merges on shared edges only)
     */
    public record Merged(DatasetProfile profile, ReferenceAccumulator state, List<DatasetProfile> days,
            Map<String, DatasetProfile> segments) {
    }

    private ProfileMerge() {
    }

    /**
     * Merges {@code profiles} (at least one), named for messages by {@code names}.
     *
     * @param fix what to tell the user when they cannot be merged
     * @throws InputException when they hold different features or segments, or cannot be merged either way
     */
    public static Merged merge(List<ProfileStore.Stored> profiles, List<String> names, String fix) {
        ProfileStore.Stored first = profiles.get(0);
        List<String> labels = labels(first);
        for (int i = 1; i < profiles.size(); i++) {
            if (!labels.equals(labels(profiles.get(i)))) {
                throw new InputException("profiles " + names.get(0) + " and " + names.get(i) + " have different segments; " + fix);
            }
            String missing = oneMissing(first.profile(), profiles.get(i).profile());
            String extra = oneMissing(profiles.get(i).profile(), first.profile());
            if (missing != null || extra != null) {
                throw new InputException("profiles " + names.get(0) + " and " + names.get(i) + " hold different features ("
                        + (missing != null ? missing + " only in the first" : extra + " only in the second") + "; a day"
                        + " where a numeric feature has no finite value profiles without it); merge profiles that hold the same"
                        + " features, or profile them all with --exclude FEATURE");
            }
        }
        return profiles.stream().allMatch(p -> p.fitState() != null) ? refitted(profiles, names, fix) : onSharedEdges(profiles,
                names, fix);
    }

    /** A feature {@code a} holds and {@code b} does not, or null. */
    private static String oneMissing(DatasetProfile a, DatasetProfile b) {
        return a.features().keySet().stream().filter(f -> !b.features().containsKey(f)).findFirst().orElse(null);
    }

    private static List<String> labels(ProfileStore.Stored p) {
        return p.segments().stream().map(ProfileStore.Segment::label).toList();
    }

    private static Merged refitted(List<ProfileStore.Stored> profiles, List<String> names, String fix) {
        ReferenceAccumulator merged = profiles.get(0).fitState().emptyLike();
        for (int i = 0; i < profiles.size(); i++) {
            ReferenceAccumulator state = profiles.get(i).fitState();
            if (!merged.settings().equals(state.settings())) {
                throw new InputException("profiles " + names.get(0) + " and " + names.get(i) + " were fitted with different"
                        + " --bins, --resolution or --max-categories; make them with the same settings");
            }
            try {
                merged.merge(state);
            } catch (IllegalArgumentException e) { // grids of other budgets: profiled with other numeric features
                throw new InputException("profiles " + names.get(0) + " and " + names.get(i) + " cannot be merged: "
                        + e.getMessage() + "; " + fix);
            }
        }
        ReferenceAccumulator.Fit fit = merged.fit();
        if (!fit.categoricalLeft().isEmpty()) { // the merged sketch purged: past what a profile counts exactly
            throw new InputException("feature " + fit.categoricalLeft().get(0).name() + " has more distinct values across these"
                    + " profiles than a profile counts exactly, so their categories cannot be fitted anew; " + fix);
        }
        if (!fit.numericLeft().isEmpty() || !fit.fitted().errors().isEmpty()) { // no user edges; every grid holds values
            throw new IllegalStateException("a merged numeric feature cannot be read off its grid");
        }
        DatasetProfile profile = new DatasetProfile(merged.rows(), inOrder(profiles.get(0).profile(), fit.profiles()));
        List<DatasetProfile> days = new ArrayList<>();
        for (int i = 0; i < profiles.size(); i++) {
            Map<String, FeatureProfile> own = profiles.get(i).fitState().profilesOn(fit.numeric(), fit.categorical());
            own.forEach((f, p) -> {
                if (p == null) { // the merged grid's parts hold each profile's parts whole: cannot happen
                    throw new IllegalStateException("feature " + f + " of a merged profile cannot be read off on the merged bins");
                }
            });
            days.add(new DatasetProfile(profiles.get(i).profile().rows(), inOrder(profiles.get(0).profile(), own)));
        }
        return new Merged(profile, merged, days, Map.of());
    }

    /** The features of {@code profiles} in the order {@code like} has them. */
    private static Map<String, FeatureProfile> inOrder(DatasetProfile like, Map<String, FeatureProfile> profiles) {
        Map<String, FeatureProfile> out = new LinkedHashMap<>();
        like.features().keySet().forEach(f -> out.put(f, profiles.get(f)));
        return out;
    }

    private static Merged onSharedEdges(List<ProfileStore.Stored> profiles, List<String> names, String fix) {
        DatasetProfile merged = profiles.get(0).profile();
        Map<String, DatasetProfile> segments = new LinkedHashMap<>();
        for (int i = 0; i < profiles.size(); i++) {
            ProfileStore.Stored p = profiles.get(i);
            try {
                merged = i == 0 ? merged : merged.merge(p.profile());
                for (ProfileStore.Segment seg : p.segments()) {
                    segments.merge(seg.label(), seg.profile(), DatasetProfile::merge);
                }
            } catch (IllegalArgumentException e) {
                throw new InputException("profiles " + names.get(0) + " and " + names.get(i) + " cannot be merged: "
                        + e.getMessage() + "; " + fix);
            }
        }
        return new Merged(merged, null, profiles.stream().map(ProfileStore.Stored::profile).toList(), segments);
    }
}
