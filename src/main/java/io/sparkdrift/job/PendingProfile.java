package io.sparkdrift.job;

import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.scan.ProfileScan;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;

/**
 * A profile pass running as its own Spark job group on a driver thread of its own, beside other
 * passes (on a cluster, its tasks fill the executors the other pass leaves idle at its end); or a
 * profile already at hand.
 */
final class PendingProfile {
    private final CompletableFuture<DatasetProfile> future;
    private final SparkContext sc;
    private final String group;
    /** The reference's days' profiles (per-day learning: {@link #startDaily}, {@link #done(Daily)}), else empty. */
    private AtomicReference<List<DatasetProfile>> days = new AtomicReference<>(List.of());
    /** The segments' profiles (a pass started with {@link #startSegmented}), else empty. */
    private AtomicReference<List<DatasetProfile>> segments = new AtomicReference<>(List.of());
    /** Each segment's daily profiles (a pass started with {@link #startSegmented} by day), else empty. */
    private AtomicReference<List<List<DatasetProfile>>> segmentDays = new AtomicReference<>(List.of());

    private PendingProfile(CompletableFuture<DatasetProfile> future, SparkContext sc, String group) {
        this.future = future;
        this.sc = sc;
        this.group = group;
    }

    static PendingProfile done(DatasetProfile profile) {
        return new PendingProfile(CompletableFuture.completedFuture(profile), null, null);
    }

    /** A profile at hand, with its segments' (a stored profile's). */
    static PendingProfile done(DatasetProfile profile, List<DatasetProfile> segments) {
        PendingProfile p = done(profile);
        p.segments = new AtomicReference<>(List.copyOf(segments));
        return p;
    }

    /** Starts {@code pass} (which runs Spark jobs on {@code sc}) in the background. */
    static PendingProfile start(SparkContext sc, String what, Supplier<DatasetProfile> pass) {
        String group = "spark-drift-" + what.replace(' ', '-') + "-" + UUID.randomUUID();
        CompletableFuture<DatasetProfile> f = CompletableFuture.supplyAsync(() -> {
            sc.setJobGroup(group, what, true);
            try {
                return pass.get();
            } finally {
                sc.clearJobGroup();
            }
        }, task -> {
            Thread t = new Thread(task, "spark-drift " + what);
            t.setDaemon(true);
            t.start();
        });
        return new PendingProfile(f, sc, group);
    }

    /** The whole reference's profile and each of its days' on the same bins, in day order. */
    record Daily(DatasetProfile profile, List<DatasetProfile> days) {
    }

    /** A profile at hand with its days' (both read off the reference's pass). */
    static PendingProfile done(Daily daily) {
        PendingProfile p = done(daily.profile());
        p.days = new AtomicReference<>(List.copyOf(daily.days()));
        return p;
    }

    /** Starts a pass that gives the whole reference's profile and its days' ({@link #days()}). */
    static PendingProfile startDaily(SparkContext sc, String what, Supplier<Daily> pass) {
        AtomicReference<List<DatasetProfile>> holder = new AtomicReference<>(List.of());
        PendingProfile p = start(sc, what, () -> {
            Daily daily = pass.get();
            holder.set(List.copyOf(daily.days()));
            return daily.profile();
        });
        p.days = holder;
        return p;
    }

    /**
     * Starts a pass that profiles the overall data and each segment (per day when {@code pass} groups
     * by day): the profile is the overall one (merged over the days in day order), {@link #days()} the
     * overall profile of each day, {@link #segments()} each segment's (merged over the days).
     */
    static PendingProfile startSegmented(SparkContext sc, String what, Supplier<Map<String, ProfileScan.Segmented>> pass) {
        AtomicReference<List<DatasetProfile>> days = new AtomicReference<>(List.of());
        AtomicReference<List<DatasetProfile>> segments = new AtomicReference<>(List.of());
        AtomicReference<List<List<DatasetProfile>>> segmentDays = new AtomicReference<>(List.of());
        PendingProfile p = start(sc, what, () -> {
            List<ProfileScan.Segmented> byDay = List.copyOf(pass.get().values());
            days.set(byDay.stream().map(ProfileScan.Segmented::overall).toList());
            DatasetProfile merged = null;
            List<DatasetProfile> seg = new java.util.ArrayList<>();
            List<List<DatasetProfile>> segDays = new java.util.ArrayList<>();
            for (ProfileScan.Segmented d : byDay) {
                merged = merged == null ? d.overall() : merged.merge(d.overall());
                for (int i = 0; i < d.segments().size(); i++) {
                    if (seg.size() <= i) {
                        seg.add(d.segments().get(i));
                        segDays.add(new java.util.ArrayList<>());
                    } else {
                        seg.set(i, seg.get(i).merge(d.segments().get(i)));
                    }
                    segDays.get(i).add(d.segments().get(i));
                }
            }
            segments.set(seg);
            segmentDays.set(segDays.stream().map(List::copyOf).toList());
            return merged;
        });
        p.days = days;
        p.segments = segments;
        p.segmentDays = segmentDays;
        return p;
    }

    /**
     * Each segment's daily profiles, segment by segment in {@link #segments()}' order (after
     * {@link #get()}): a pass started with {@link #startSegmented} by day; else empty.
     */
    List<List<DatasetProfile>> segmentDays() {
        get();
        return segmentDays.get();
    }

    /** Each segment's profile (after {@link #get()}), empty unless started with {@link #startSegmented}. */
    List<DatasetProfile> segments() {
        get();
        return segments.get();
    }

    /** The daily profiles (after {@link #get()}), empty unless made with {@link #startDaily} or {@link #done(Daily)}. */
    List<DatasetProfile> days() {
        get();
        return days.get();
    }

    /** The profile; waits for the pass, and rethrows what made it fail. */
    DatasetProfile get() {
        return joined(future);
    }

    /** The future's value; its failure rethrown as it was thrown (an InputException stays one). */
    static <T> T joined(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Cancels the pass's Spark jobs if it still runs (the run failed elsewhere). */
    void cancel() {
        if (group != null && !future.isDone()) {
            sc.cancelJobGroup(group);
        }
    }
}
