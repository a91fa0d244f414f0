package io.sparkdrift.compare;

import io.sparkdrift.math.BinnedSample;
import io.sparkdrift.math.BinomialDraws;
import io.sparkdrift.math.Divergences;
import io.sparkdrift.math.PoissonDraws;
import io.sparkdrift.math.Probabilities;
import io.sparkdrift.profile.CategoricalProfile;
import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.NumericProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * How far apart two samples of one distribution lie by chance: for a feature compared on n reference
 * and m current values, the distance that two samples of those sizes drawn from the reference's own
 * (binned) distribution reach with probability {@code alpha} — its <i>chance level</i>. Distances are
 * biased upward in small samples: between 300 values and a reference of 100,000 from one distribution
 * of 20 equally likely categories, {@code js_distance} has a median of about 0.105 and passes the
 * default threshold 0.1 on six nights in ten; with 200 categories it passes it at 3,000 values too,
 * and {@code wasserstein_normed} of 100 normal values passes 0.1 on seven nights in ten (SciPy, by
 * hand). A threshold below the chance level would cry wolf, so {@link Verdicts} raises it there.
 *
 * <p>Method: {@value #DRAWS} simulated pairs of samples, each bin's count drawn as Poisson with mean
 * n·p (and m·p; p the reference's share of the bin — Poissonization, whose totals vary as little as a
 * multinomial's matter here), the metric computed with the comparison's own formulas, and the
 * (1 − alpha) quantile taken. Divergences use the coarse bins (numeric) or categories plus the pooled
 * bin (categorical), exactly as compared; W1 and KS use the fine bins merged into at most
 * {@value #GROUPS} groups of about equal reference mass (never across a coarse edge; each group at the
 * middle of its values), a resolution at which the null distance of W1 is a few percent low at most and
 * that of KS lower by at most the share of one group. Where a categorical feature's vocabulary holds
 * every reference category, its current samples also hold what the reference's sample never drew, in
 * the pooled bin the reference leaves empty: the missing mass {@link NoveltyChance} estimates (a
 * reference of 150 values of 100 equally likely categories misses about a fifth of the mass, and a
 * night of that law lands a fifth of its values in "new" categories, which moves every divergence);
 * {@code new_category_share} gets its own level ({@link NoveltyChance}). The draws are seeded by the
 * feature's name and the sizes, so a run gives the same levels wherever and however often it runs.
 *
 * <p>Cost: none where the sizes make chance negligible — a metric is simulated only when its
 * asymptotic (1 − alpha) quantile (χ² for divergences, the Brownian bridge for W1 and KS) reaches half
 * its threshold, or a bin expects fewer than five values; otherwise 2 × DRAWS × (bins or groups)
 * Poisson draws and DRAWS evaluations of the metrics: 12–15 ms a feature of 200 categories or 276
 * groups on this machine (measured by hand), features judged side by side.
 */
final class ChanceLevels {
    /** Simulated pairs per feature. */
    static final int DRAWS = 1000;
    /** At most this many groups of fine bins (plus one per coarse bin) for W1 and KS. */
    static final int GROUPS = 256;
    /** Divergences on bins expecting fewer values than this are always simulated (their χ² approximation fails). */
    private static final double SPARSE = 5;

    /** The metrics a chance level is computed for: distances from the binned counts. */
    static final Set<Metric> SUPPORTED = Set.of(Metric.JS_DISTANCE, Metric.JS_DIVERGENCE, Metric.HELLINGER, Metric.PSI,
            Metric.KL_DIVERGENCE, Metric.KL_DIVERGENCE_REVERSED, Metric.LINF, Metric.WASSERSTEIN, Metric.WASSERSTEIN_NORMED,
            Metric.KS_STATISTIC);

    private ChanceLevels() {
    }

    /**
     * The chance level of each of {@code thresholds}' supported metrics that chance could bring near
     * its threshold (others are left out: chance is far below them), and of {@code new_category_share}
     * ({@link NoveltyChance}) where it is above 0.
     *
     * @param ref the reference profile (its distribution is the null's)
     * @param n, m the compared values of the reference and the current data (both ≥ 1)
     * @param thresholds metric → threshold applied to it
     * @param smoothing the comparison's smoothing (KL and PSI)
     * @param alpha the chance of a false alarm the level allows, in (0, 1)
     * @return metric → level, in the metric's units
     */
    static Map<Metric, Double> of(FeatureProfile ref, long n, long m, Map<Metric, Double> thresholds, double smoothing,
            double alpha) {
        Map<Metric, Double> out = new EnumMap<>(Metric.class);
        if (ref instanceof CategoricalProfile c && thresholds.containsKey(Metric.NEW_CATEGORY_SHARE)) {
            double level = NoveltyChance.level(c, m, alpha); // categories the reference's sample missed
            if (level > 0) {
                out.put(Metric.NEW_CATEGORY_SHARE, level);
            }
        }
        Bins b = ref instanceof NumericProfile p ? numeric(p) : categorical((CategoricalProfile) ref);
        // the current data's null: the reference's shares, and what its sample missed in the pooled bin (which a
        // complete vocabulary's reference leaves empty; a cut one's already holds every value outside it, new or not)
        double[] current = ref instanceof CategoricalProfile c && c.binning().complete()
                ? withUnseen(b.shares, NoveltyChance.unseen(c).mass()) : b.shares;
        Drawn expected = current == b.shares ? null : new Drawn(b, expectedCounts(b.shares), expectedCounts(current), false, true);
        List<Metric> wanted = new ArrayList<>();
        double scale = 1.0 / n + 1.0 / m;
        for (Map.Entry<Metric, Double> t : thresholds.entrySet()) {
            if (SUPPORTED.contains(t.getKey()) && (b.positions != null || !isLocation(t.getKey()))
                    && mayReach(t.getKey(), b, scale, alpha, t.getValue(), n, m,
                            expected == null ? 0 : expected.metric(t.getKey(), smoothing))) {
                wanted.add(t.getKey());
            }
        }
        if (wanted.isEmpty()) {
            return out;
        }
        double[][] values = new double[wanted.size()][DRAWS];
        SplittableRandom random = new SplittableRandom(seed(ref.feature(), n, m));
        long[] p = new long[b.shares.length];
        long[] q = new long[b.shares.length];
        PoissonDraws[] refDraws = PoissonDraws.of(b.shares, n);
        PoissonDraws[] curDraws = PoissonDraws.of(current, m);
        boolean locations = wanted.stream().anyMatch(ChanceLevels::isLocation);
        boolean divergences = !wanted.stream().allMatch(ChanceLevels::isLocation);
        for (int d = 0; d < DRAWS; d++) {
            draw(random, refDraws, p);
            draw(random, curDraws, q);
            if (sum(p) == 0 || sum(q) == 0) {
                d--; // a pair without values compares nothing: drawn again (only when n·share is tiny)
                continue;
            }
            Drawn pair = new Drawn(b, p, q, locations, divergences);
            for (int k = 0; k < wanted.size(); k++) {
                values[k][d] = pair.metric(wanted.get(k), smoothing);
            }
        }
        for (int k = 0; k < wanted.size(); k++) {
            out.put(wanted.get(k), level(values[k], alpha));
        }
        return out;
    }

    /**
     * The chance level of {@code null_rate_delta}: how far the current data's share of rows without a
     * usable value (null, NaN, ±∞) lies from the reference's when both come from the reference's rate p
     * — the (1 − alpha) quantile of |x/m − y/n| over {@value #DRAWS} pairs, x ~ Binomial(m, p) and
     * y ~ Binomial(n, p), n and m the rows. At 100 rows and p = 0.3 the default threshold 0.1 is
     * reached on 3.8 % of nights (SciPy, against a large reference), at p = 0.5 on 5.7 %. NaN where
     * chance stays far below the threshold (the normal approximation's level under half of it: about
     * 700 rows and more at p = 0.5 against a large reference), and where p is 0 or 1 (a change is
     * then no chance).
     */
    static double nullRate(FeatureProfile ref, long n, long m, double threshold, double alpha) {
        double p = FeatureComparator.missingRate(ref);
        if (!(p > 0 && p < 1) || n == 0 || m == 0) {
            return Double.NaN;
        }
        double sd = Math.sqrt(p * (1 - p) * (1.0 / n + 1.0 / m));
        if (-new NormalDistribution(null, 0, 1).inverseCumulativeProbability(alpha / 2) * sd < threshold / 2) {
            return Double.NaN;
        }
        SplittableRandom random = new SplittableRandom(seed(ref.feature(), n, m) ^ 0x6E756C6CL);
        BinomialDraws current = new BinomialDraws(m, p);
        BinomialDraws reference = new BinomialDraws(n, p);
        double[] d = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            d[i] = Math.abs((double) current.draw(random) / m - (double) reference.draw(random) / n);
        }
        return level(d, alpha);
    }

    /** The (1 − alpha) quantile of simulated values (sorted here): the value a share alpha of them reach or pass. */
    static double level(double[] simulated, double alpha) {
        Arrays.sort(simulated);
        return simulated[Math.min(simulated.length - 1, (int) Math.ceil((1 - alpha) * simulated.length) - 1)];
    }

    /** The seed of a feature's simulated pairs at these sizes: the same levels on every run. */
    static long seed(String feature, long n, long m) {
        return feature.hashCode() * 0x9E3779B97F4A7C15L ^ n * 31 + m;
    }

    /**
     * A categorical reference's shares with {@code unseen} of the mass moved to the pooled bin (the
     * last): where a current sample of the reference's law lands when it draws a category the
     * reference's sample never had ({@link NoveltyChance}). The shares as they are when nothing is
     * unseen (or it is unknown).
     */
    private static double[] withUnseen(double[] shares, double unseen) {
        if (!(unseen > 0)) {
            return shares;
        }
        double[] out = new double[shares.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = shares[i] * (1 - unseen);
        }
        out[out.length - 1] += unseen;
        return out;
    }

    /** Shares as counts of a sample of 2^40 values, for a metric between two expected samples. */
    private static long[] expectedCounts(double[] shares) {
        long[] out = new long[shares.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.round(shares[i] * 0x1p40);
        }
        return out;
    }

    /** W1 and KS, which need the values' positions (numeric features only). */
    private static boolean isLocation(Metric m) {
        return m == Metric.WASSERSTEIN || m == Metric.WASSERSTEIN_NORMED || m == Metric.KS_STATISTIC;
    }

    /**
     * The binned distribution a feature's null is drawn from: shares per group (numeric: fine bins merged
     * within coarse bins; categorical: categories and the pooled bin), which coarse bin each group is in,
     * and where it lies (numeric only).
     */
    private record Bins(double[] shares, int[] coarseOf, int coarseCount, double[] positions, double std) {
    }

    private static Bins categorical(CategoricalProfile ref) {
        long[] counts = ref.counts();
        int[] identity = new int[counts.length];
        Arrays.setAll(identity, i -> i);
        double total = sum(counts);
        return new Bins(Arrays.stream(counts).mapToDouble(c -> c / total).toArray(), identity, counts.length, null, Double.NaN);
    }

    private static Bins numeric(NumericProfile ref) {
        BinnedSample s = ref.sample();
        int[] coarse = ref.binning().coarse(); // fine bins 0..coarse[i] lie below coarse edge i
        long total = s.total();
        List<Double> shares = new ArrayList<>();
        List<Integer> coarseOf = new ArrayList<>();
        List<Double> positions = new ArrayList<>();
        int c = 0;
        long inGroup = 0;
        double lo = Double.NaN;
        double hi = Double.NaN;
        for (int f = 0; f < s.binCount(); f++) {
            while (c < coarse.length && f > coarse[c]) { // a coarse edge passed: the group closes
                c++;
                inGroup = close(shares, coarseOf, positions, inGroup, total, c - 1, lo, hi);
                lo = Double.NaN;
                hi = Double.NaN;
            }
            if (s.count(f) > 0) {
                lo = Double.isNaN(lo) ? s.min(f) : lo;
                hi = s.max(f);
                inGroup += s.count(f);
                if (inGroup * GROUPS >= total) {
                    inGroup = close(shares, coarseOf, positions, inGroup, total, c, lo, hi);
                    lo = Double.NaN;
                    hi = Double.NaN;
                }
            }
        }
        close(shares, coarseOf, positions, inGroup, total, c, lo, hi);
        return new Bins(shares.stream().mapToDouble(Double::doubleValue).toArray(), coarseOf.stream().mapToInt(Integer::intValue).toArray(),
                coarse.length + 1, positions.stream().mapToDouble(Double::doubleValue).toArray(), ref.std());
    }

    /** Ends a group of {@code count} values (kept only when it holds some); returns 0, the next group's count. */
    private static long close(List<Double> shares, List<Integer> coarseOf, List<Double> positions, long count, long total,
            int coarse, double lo, double hi) {
        if (count > 0) {
            shares.add((double) count / total);
            coarseOf.add(coarse);
            positions.add(lo == hi ? lo : lo / 2 + hi / 2);
        }
        return 0;
    }

    /**
     * Whether chance could bring the metric to half its threshold: its asymptotic (1 − alpha) quantile
     * at these sizes plus {@code bias} (the metric between the two expected samples: a categorical
     * reference's unseen mass, in the current data's pooled bin, moves them apart), or any bin
     * expecting fewer than {@value #SPARSE} values (divergences).
     */
    private static boolean mayReach(Metric metric, Bins b, double scale, double alpha, double threshold, long n, long m,
            double bias) {
        // divergences and L∞ count the coarse bins (or categories) they are computed on; W1 and KS the groups
        double[] shares = isLocation(metric) ? b.shares : coarseShares(b);
        int k = 0;
        double smallest = Double.POSITIVE_INFINITY;
        for (double p : shares) {
            if (p > 0) {
                k++;
                smallest = Math.min(smallest, p);
            }
        }
        if (k <= 1) {
            return false; // one bin: every sample lands in it, every distance is 0
        }
        double chi2 = new ChiSquaredDistribution(null, k - 1).inverseCumulativeProbability(1 - alpha) * scale; // Σ (p − q)² / p
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        double near = switch (metric) {
            case JS_DIVERGENCE -> chi2 / 8 / Math.log(2);
            case JS_DISTANCE -> Math.sqrt(chi2 / 8 / Math.log(2));
            case HELLINGER -> Math.sqrt(chi2 / 8);
            case PSI -> chi2;
            case KL_DIVERGENCE, KL_DIVERGENCE_REVERSED -> chi2 / 2;
            // the largest of k differences, each of standard deviation at most √(scale / 4): Bonferroni
            case LINF -> -normal.inverseCumulativeProbability(alpha / (2 * k)) * Math.sqrt(0.25 * scale);
            case KS_STATISTIC -> Math.sqrt(-Math.log(alpha / 2) / 2 * scale); // Kolmogorov's (DKW's) point
            // W1 = ∫ |F − G| dx, each |F − G| within z·√(F(1 − F)·scale) but at its (1 − alpha) tail
            default -> -normal.inverseCumulativeProbability(alpha / 2) * Math.sqrt(scale) * areaOfSpread(b)
                    / (metric == Metric.WASSERSTEIN_NORMED ? b.std : 1);
        };
        boolean divergence = !isLocation(metric) && metric != Metric.LINF;
        return near + bias >= threshold / 2 || divergence && Math.min(n, m) * smallest < SPARSE;
    }

    /** The shares of the coarse bins (categorical: of the categories), the groups' summed. */
    private static double[] coarseShares(Bins b) {
        double[] out = new double[b.coarseCount];
        for (int g = 0; g < b.shares.length; g++) {
            out[b.coarseOf[g]] += b.shares[g];
        }
        return out;
    }

    /** ∫ √(F(1 − F)) dx over the groups: the scale of W1's null, √(1/n + 1/m) times this times √(2/π) on average. */
    private static double areaOfSpread(Bins b) {
        double area = 0;
        double cum = 0;
        for (int g = 0; g + 1 < b.shares.length; g++) {
            cum += b.shares[g];
            area += Math.sqrt(Math.max(0, cum * (1 - cum))) * (b.positions[g + 1] - b.positions[g]);
        }
        return area;
    }

    /**
     * One drawn pair, aggregated once for every metric wanted: the coarse bins' counts (divergences,
     * L∞) and one walk of the two CDFs over the groups (W1, KS).
     */
    private static final class Drawn {
        private final double std;
        private double[] pe;
        private double[] qe;
        private long[] pc;
        private long[] qc;
        private double area;
        private double sup;

        /** @param locations whether W1 or KS is wanted, {@code divergences} whether any other metric is */
        Drawn(Bins b, long[] p, long[] q, boolean locations, boolean divergences) {
            std = b.std;
            if (locations) {
                double np = sum(p);
                double nq = sum(q);
                long cp = 0;
                long cq = 0;
                for (int g = 0; g < p.length; g++) {
                    cp += p[g];
                    cq += q[g];
                    double d = Math.abs(cp / np - cq / nq);
                    sup = Math.max(sup, d);
                    if (g + 1 < p.length) {
                        area += d * (b.positions[g + 1] - b.positions[g]);
                    }
                }
            }
            if (divergences) {
                pc = new long[b.coarseCount];
                qc = new long[b.coarseCount];
                for (int g = 0; g < p.length; g++) {
                    pc[b.coarseOf[g]] += p[g];
                    qc[b.coarseOf[g]] += q[g];
                }
                pe = Probabilities.of(pc);
                qe = Probabilities.of(qc);
            }
        }

        /** The metric between the pair, by the comparison's own formulas (W1 and KS on the groups). */
        double metric(Metric metric, double smoothing) {
            return switch (metric) {
                case KS_STATISTIC -> sup;
                case WASSERSTEIN -> area;
                case WASSERSTEIN_NORMED -> std > 0 ? area / std : 0;
                case JS_DIVERGENCE -> Divergences.jsDivergenceBits(pe, qe);
                case JS_DISTANCE -> Divergences.jsDistance(pe, qe, 2.0);
                case HELLINGER -> Divergences.hellinger(pe, qe);
                case LINF -> Divergences.linf(pe, qe);
                case PSI -> Divergences.psi(Probabilities.smoothed(pc, smoothing), Probabilities.smoothed(qc, smoothing));
                case KL_DIVERGENCE -> Divergences.klDivergence(Probabilities.smoothed(pc, smoothing), Probabilities.smoothed(qc, smoothing));
                case KL_DIVERGENCE_REVERSED -> Divergences.klDivergence(Probabilities.smoothed(qc, smoothing),
                        Probabilities.smoothed(pc, smoothing));
                default -> throw new IllegalArgumentException("no chance level for " + metric);
            };
        }
    }

    private static long sum(long[] a) {
        long s = 0;
        for (long x : a) {
            s += x;
        }
        return s;
    }

    /** Each group's count of a sample: a Poisson draw per group (none where the group's share is 0). */
    private static void draw(SplittableRandom random, PoissonDraws[] groups, long[] out) {
        for (int g = 0; g < groups.length; g++) {
            out[g] = groups[g] == null ? 0 : groups[g].draw(random);
        }
    }
}
