package io.sparkdrift.job;

import io.sparkdrift.profile.DatasetProfile;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

    private PendingProfile(CompletableFuture<DatasetProfile> future, SparkContext sc, String group) {
        this.future = future;
        this.sc = sc;
        this.group = group;
    }

    static PendingProfile done(DatasetProfile profile) {
        return new PendingProfile(CompletableFuture.completedFuture(profile), null, null);
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

    /** The profile; waits for the pass, and rethrows what made it fail. */
    DatasetProfile get() {
        try {
            return future.join();
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
