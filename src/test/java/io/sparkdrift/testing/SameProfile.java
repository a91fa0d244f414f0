package io.sparkdrift.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkdrift.math.BinnedSample;
import io.sparkdrift.profile.CategoricalProfile;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.NumericProfile;

/**
 * Two profiles of the same data made different ways (merged, stored, profiled directly): the same
 * features, bins, categories and counts, minima and maxima exactly; the within-bin sums, which add
 * up in another order, to relative 1e-9.
 */
public final class SameProfile {
    private SameProfile() {
    }

    public static void assertSame(DatasetProfile a, DatasetProfile b) {
        assertEquals(a.rows(), b.rows());
        assertEquals(a.features().keySet(), b.features().keySet());
        for (FeatureProfile f : a.features().values()) {
            assertSame(f, b.feature(f.feature()));
        }
    }

    public static void assertSame(FeatureProfile a, FeatureProfile b) {
        assertEquals(a.rows(), b.rows(), a.feature());
        assertEquals(a.nulls(), b.nulls(), a.feature());
        assertEquals(a.nan(), b.nan(), a.feature());
        assertEquals(a.infinite(), b.infinite(), a.feature());
        if (a instanceof NumericProfile x && b instanceof NumericProfile y) {
            assertEquals(x.binning(), y.binning(), a.feature());
            BinnedSample s = x.sample();
            BinnedSample t = y.sample();
            assertArrayEquals(s.counts(), t.counts(), a.feature());
            assertArrayEquals(s.mins(), t.mins(), a.feature());
            assertArrayEquals(s.maxs(), t.maxs(), a.feature());
            close(s.offsetSums(), t.offsetSums(), a.feature());
            close(s.offsetSquares(), t.offsetSquares(), a.feature());
        } else {
            CategoricalProfile x = (CategoricalProfile) a;
            CategoricalProfile y = (CategoricalProfile) b;
            assertEquals(x.binning(), y.binning(), a.feature());
            assertArrayEquals(x.counts(), y.counts(), a.feature());
            assertEquals(x.outside(), y.outside(), a.feature());
        }
    }

    private static void close(double[] u, double[] v, String feature) {
        assertEquals(u.length, v.length, feature);
        for (int i = 0; i < u.length; i++) {
            assertEquals(u[i], v[i], 1e-9 * Math.max(1, Math.abs(u[i])), feature + " bin " + i);
        }
    }
}
