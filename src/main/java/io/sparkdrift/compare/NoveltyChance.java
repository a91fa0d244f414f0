package io.sparkdrift.compare;

import io.sparkdrift.math.PoissonDraws;
import io.sparkdrift.profile.CategoricalProfile;
import io.sparkdrift.profile.ReferenceValues;
import java.util.SplittableRandom;

/**
 * How large a share of current values lands, by chance alone, in categories the reference's sample
 * never showed — the chance level of {@code new_category_share}. A reference of n values misses
 * every category it happened not to draw; a current sample of the same distribution then holds
 * "new" values in proportion to that missing mass. In a long-tailed column the missing mass is
 * large: 20,000 values of a Zipf law over 200,000 cities miss categories holding 22 % of the mass,
 * so every night of that very law showed {@code new_category_share} 0.22 and drifted at the default
 * threshold 0.1 before this level existed.
 *
 * <p>Method: the missing mass M is estimated by Good–Turing, M ≈ N1/n with N1 the categories seen
 * exactly once, with Esty's standard error √(N1(1 − N1/n) + 2·N2)/n (N2: seen twice). Where the
 * vocabulary holds every reference category its counts give N1 and N2 exactly. Where it keeps only
 * the most frequent ones, the categories outside it are counted only in total (o values) and, by
 * the reference's Bloom filter, in number (d distinct, estimated from the filter's fill, at most o):
 * then N1 is taken as its largest possible value, every outside category seen once (d, plus the
 * kept ones seen once), and the variance term as its largest, o (plus the kept ones' N1 + 2·N2) — a
 * level that errs high, never low (conservative: in such a column a new category has to stand out
 * of the tail's own novelty to be flagged by this metric; JS distance and chi-square still see a
 * shift). The level is then the (1 − alpha) quantile of {@value ChanceLevels#DRAWS} simulated
 * nights: M drawn from its estimate's normal law (at 0 and 1 clipped), the new values as Poisson
 * with mean m·M, seeded by the feature and the sizes.
 *
 * <p>None (NaN) for a profile stored before the reference's filter existed, whose vocabulary is
 * not complete.
 */
final class NoveltyChance {
    private NoveltyChance() {
    }

    /** The reference's missing mass as estimated (a share of values, in [0, 1]) and its standard error. */
    record Unseen(double mass, double error) {
    }

    /**
     * The chance level of {@code new_category_share} for {@code m} current values against {@code ref}
     * (m ≥ 1, the reference with at least one value): a share in [0, 1], or NaN where the reference
     * cannot tell (see above).
     */
    static double level(CategoricalProfile ref, long m, double alpha) {
        Unseen u = unseen(ref);
        if (Double.isNaN(u.mass())) {
            return Double.NaN;
        }
        long n = ref.comparable();
        SplittableRandom random = new SplittableRandom(ChanceLevels.seed(ref.feature(), n, m) ^ 0x6E6F76L);
        double[] shares = new double[ChanceLevels.DRAWS];
        for (int d = 0; d < shares.length; d++) {
            double mass = Math.min(1, Math.max(0, u.mass() + u.error() * random.nextGaussian()));
            shares[d] = mass == 0 ? 0 : Math.min(1.0, new PoissonDraws(m * mass).draw(random) / (double) m);
        }
        return ChanceLevels.level(shares, alpha);
    }

    /** The reference's missing mass and its standard error (NaN, NaN where unknown). */
    static Unseen unseen(CategoricalProfile ref) {
        long[] counts = ref.counts();
        int other = ref.binning().otherBin();
        double n = ref.comparable();
        long once = 0;
        long twice = 0;
        for (int i = 0; i < other; i++) {
            once += counts[i] == 1 ? 1 : 0;
            twice += counts[i] == 2 ? 1 : 0;
        }
        if (n == 0) {
            return new Unseen(Double.NaN, Double.NaN);
        }
        if (ref.binning().complete()) {
            return new Unseen(once / n, Math.sqrt(once * (1 - once / n) + 2 * twice) / n);
        }
        ReferenceValues all = ref.binning().referenceValues();
        if (all == null) {
            return new Unseen(Double.NaN, Double.NaN);
        }
        long outside = counts[other];
        double distinct = Math.min(outside, Math.max(0, all.distinctEstimate() - other));
        return new Unseen(Math.min(1, (once + distinct) / n), Math.sqrt(once + 2 * twice + outside) / n);
    }
}
