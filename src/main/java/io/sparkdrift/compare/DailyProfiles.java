package io.sparkdrift.compare;

import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureProfile;
import java.util.List;

/**
 * Daily profiles on the same binnings, read one feature of one day at a time: what {@link History}
 * compares. Held in memory ({@link #of}) or kept elsewhere — merge-profiles keeps the days it reads on
 * local disk ({@code store.SpilledDays}), so a history of many days of many features holds one
 * feature's days at a time. Every day holds the same features.
 */
public interface DailyProfiles extends AutoCloseable {
    /** Number of days. */
    int size();

    /** The features, in the first day's order. */
    List<String> features();

    /** Day {@code day}'s row count. */
    long rows(int day);

    /** Day {@code day}'s profile of {@code feature}. */
    FeatureProfile feature(int day, String feature);

    /** Releases what the days hold outside the heap (nothing for days in memory). */
    @Override
    default void close() {
    }

    /** Days held in memory. */
    static DailyProfiles of(List<DatasetProfile> days) {
        return new DailyProfiles() {
            @Override
            public int size() {
                return days.size();
            }

            @Override
            public List<String> features() {
                return days.isEmpty() ? List.of() : List.copyOf(days.get(0).features().keySet());
            }

            @Override
            public long rows(int day) {
                return days.get(day).rows();
            }

            @Override
            public FeatureProfile feature(int day, String feature) {
                return days.get(day).feature(feature);
            }
        };
    }
}
