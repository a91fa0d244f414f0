package io.sparkdrift.exact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sparkdrift.exact.core.ExactPlan;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.testing.Profiles;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Which features exact mode routes again after reading the current data once ({@link
 * ExactOnProfilingScan#leftOut}), on routings planned on the reference alone: none where the current
 * data stays close; one that crowded into a few tasks' bins although no bin needs cutting; one with
 * a bin to cut. Spark-free: the decision uses the profiles only.
 */
class LeftOutTest {
    private static final long TARGET = 200;

    @Test
    void aFeatureIsRoutedAgainOnlyWhereItsCurrentDataCrowdsATaskOrNeedsACut() {
        Random r = new Random(9);
        int n = 4000;
        double[][] ref = new double[3][n];
        double[][] close = new double[3][n];
        double[][] moved = new double[3][n];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < 3; f++) {
                ref[f][i] = r.nextDouble();
                close[f][i] = r.nextDouble() * 1.02;
            }
            moved[0][i] = r.nextDouble();
            moved[1][i] = r.nextDouble() * 0.05; // all in the lowest twentieth: a few tasks' bins, each bin small
            moved[2][i] = 2 + r.nextDouble(); // all above the reference maximum: one overflow bin to cut
        }
        NumericBinning[] bins = new NumericBinning[3];
        NumericProfile[] rp = new NumericProfile[3];
        NumericProfile[] cp = new NumericProfile[3];
        NumericProfile[] mp = new NumericProfile[3];
        for (int f = 0; f < 3; f++) {
            bins[f] = Profiles.fitDefault(ref[f]);
            rp[f] = Profiles.profile(bins[f], ref[f]);
            cp[f] = Profiles.profile(bins[f], close[f]);
            mp[f] = Profiles.profile(bins[f], moved[f]);
        }
        ExactPlan routing = new ExactPlan(bins, rp, rp, TARGET);
        assertArrayEquals(new boolean[] {false, false, false}, ExactOnProfilingScan.leftOut(routing, bins, rp, cp, TARGET),
                "the current data stayed close: every feature keeps the one read");
        assertNull(ExactRefine.split(bins[1], rp[1].sample(), mp[1].sample(), TARGET), "no bin of the crowded feature to cut");
        assertArrayEquals(new boolean[] {false, true, true}, ExactOnProfilingScan.leftOut(routing, bins, rp, mp, TARGET),
                "crowded into a few tasks, or with a bin to cut: routed again");
    }
}
