package io.sparkdrift.math;

import java.util.Arrays;

/**
 * A one-dimensional sample summarised on fixed edges e0 &lt; … &lt; ek: bins (−∞,e0), [e0,e1), …,
 * [e(k−1),ek), [ek,+∞), indexed 0 … k+1. Per bin it holds the count, the minimum and maximum
 * value, and the sum and sum of squares of offsets from the bin's anchor (the lower edge; for the
 * underflow bin the offset is e0 − x, so every offset is ≥ 0). Non-finite values are never in
 * here: they are counted apart by the profile.
 *
 * <p>Offsets are measured in units of {@link #scaleFor the edges' scale} S: 1 for every feature whose
 * largest edge magnitude lies between 2^−480 and 2^481 (about 1e−145 and 1e145), where nothing
 * changes; a power of two beyond, so that sums of squared offsets of values near ±1.8e308 stay finite
 * (offset/S ≤ 2^482, squared ≤ 2^964, summed over up to 2^59 values), and those of values near 1e−300
 * do not vanish below the smallest double (their squares, about 1e−600, would be 0 in feature units;
 * the edges are about 2^−460 units, so a spread of one unit in the last place squares to 2^−1024 units
 * or more). Dividing by a power of two is exact, so S = 1 gives the same bits as no scaling. The
 * price of a small S is range: a value more than 2^511 units beyond the edges (for edges near 1e−300,
 * from about 1e−8 up) has a square of +∞ units, and so does the variance of a sample holding it.
 *
 * <p>Immutable; arrays are defensively copied in and never handed out. Serializable, as the profiles
 * that hold it are (merge-profiles keeps the days it merges on local disk).
 */
public final class BinnedSample implements java.io.Serializable {
    private final double[] edges;
    private final long[] counts;
    private final double[] offsetSums;
    private final double[] offsetSquares;
    private final double[] mins;
    private final double[] maxs;
    private final long total;
    private final double scale;

    public BinnedSample(double[] edges, long[] counts, double[] offsetSums, double[] offsetSquares,
            double[] mins, double[] maxs) {
        int bins = edges.length + 1;
        if (edges.length == 0 || counts.length != bins || offsetSums.length != bins
                || offsetSquares.length != bins || mins.length != bins || maxs.length != bins) {
            throw new IllegalArgumentException("a binned sample on " + edges.length
                    + " edges needs " + bins + " entries per array");
        }
        this.edges = edges.clone();
        this.counts = counts.clone();
        this.offsetSums = offsetSums.clone();
        this.offsetSquares = offsetSquares.clone();
        this.mins = mins.clone();
        this.maxs = maxs.clone();
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        this.total = t;
        this.scale = scaleFor(edges);
    }

    /**
     * The unit offsets are kept in for these edges, a power of two: with M = max(|e0|, |ek|) and e its
     * binary exponent, 2^(e − 479) when e &gt; 480 (M below 2^481 units), 2^(e + 460) when M &gt; 0 and
     * e &lt; −480 (M about 2^−460 units), else 1.
     */
    public static double scaleFor(double[] edges) {
        double maxAbs = Math.max(Math.abs(edges[0]), Math.abs(edges[edges.length - 1]));
        int e = Math.getExponent(maxAbs);
        if (e > 480) {
            return Math.scalb(1.0, e - 479);
        }
        return maxAbs > 0 && e < -480 ? Math.scalb(1.0, e + 460) : 1.0;
    }

    /** The unit of the offset sums (see the class comment). */
    public double scale() {
        return scale;
    }

    public int binCount() {
        return counts.length;
    }

    public long total() {
        return total;
    }

    public long count(int bin) {
        return counts[bin];
    }

    public double min(int bin) {
        return mins[bin];
    }

    public double max(int bin) {
        return maxs[bin];
    }

    public double[] edges() {
        return edges.clone();
    }

    public long[] counts() {
        return counts.clone();
    }

    /** Per-bin Σ of offsets from the bin's anchor (see the class comment). */
    public double[] offsetSums() {
        return offsetSums.clone();
    }

    /** Per-bin Σ of squared offsets from the bin's anchor. */
    public double[] offsetSquares() {
        return offsetSquares.clone();
    }

    /** Per-bin minimum value (+∞ for an empty bin). */
    public double[] mins() {
        return mins.clone();
    }

    /** Per-bin maximum value (−∞ for an empty bin). */
    public double[] maxs() {
        return maxs.clone();
    }

    double edge(int i) {
        return edges[i];
    }

    int edgeCount() {
        return edges.length;
    }

    /** The anchor offsets are measured from: e0 for the underflow bin, else the lower edge. */
    double anchor(int bin) {
        return bin == 0 ? edges[0] : edges[bin - 1];
    }

    /**
     * Σ(M − x) / n over the bin's values, for a point M at or above all of them (divided before it is
     * brought back to the values' units, so it stays finite wherever the values are).
     */
    double sumBelow(int bin, double m, double n) {
        double a = anchor(bin) / scale;
        double mm = m / scale;
        return scale * ((bin == 0 ? counts[bin] * (mm - a) + offsetSums[bin] : counts[bin] * (mm - a) - offsetSums[bin]) / n);
    }

    /** Σ(x − m) / n over the bin's values, for a point m at or below all of them. */
    double sumAbove(int bin, double m, double n) {
        double a = anchor(bin) / scale;
        double mm = m / scale;
        return scale * ((bin == 0 ? counts[bin] * (a - mm) - offsetSums[bin] : counts[bin] * (a - mm) + offsetSums[bin]) / n);
    }

    /** Sum of all finite values (±∞ when it exceeds the double range); NaN for an empty sample. */
    public double sum() {
        return total == 0 ? Double.NaN : scale * scaledSum();
    }

    /** Σ x / S, which cannot overflow. */
    private double scaledSum() {
        double s = 0.0;
        for (int b = 0; b < counts.length; b++) {
            s += b == 0 ? counts[b] * (edges[0] / scale) - offsetSums[b] : counts[b] * (anchor(b) / scale) + offsetSums[b];
        }
        return s;
    }

    /** The mean in units of S, within [min, max] (rounding cannot carry it out); the sample must not be empty. */
    private double scaledMean() {
        return Math.min(max() / scale, Math.max(min() / scale, scaledSum() / total));
    }

    /**
     * Arithmetic mean of the values, in their units (finite for any finite values, within [min, max],
     * exact for a constant); NaN for an empty sample.
     */
    public double mean() {
        return total == 0 ? Double.NaN : scale * scaledMean();
    }

    /**
     * Population variance (divisor n), in squared units (+∞ when it exceeds the double range, as for
     * values spread near ±1e308 — {@link #std()} stays finite there; 0 below the smallest double, as
     * for values spread near 1e−300, where {@link #std()} is positive); NaN for an empty sample; exactly
     * 0 for a constant. Computed per bin, as each bin's spread about its own mean plus its count times
     * the squared distance of that mean from the overall mean (Chan et al.'s pairwise form), so large
     * raw sums never cancel, and each bin's spread is kept within what its minimum and maximum allow
     * (0 for one value, at most count × (max − min)² / 4): values far from their bin's anchor with a
     * small spread cannot round to a spread larger than they have.
     */
    public double variance() {
        double v = scaledVariance();
        return v * scale * scale;
    }

    /**
     * Population standard deviation, in the values' units: finite for finite values (within the range
     * the class comment gives for edges near 1e−300), exactly 0 for a constant; NaN for an empty sample.
     */
    public double std() {
        return scale * Math.sqrt(scaledVariance());
    }

    private double scaledVariance() {
        if (total == 0) {
            return Double.NaN;
        }
        double ss = 0.0;
        for (double p : squaresAboutMean()) {
            ss += p;
        }
        return Math.max(0.0, ss / total);
    }

    /** Per bin, Σ (x − mean)² / S² over its values (0 for an empty bin); the sample must not be empty. */
    private double[] squaresAboutMean() {
        double mu = scaledMean();
        double[] out = new double[counts.length];
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] == 0) {
                continue;
            }
            double d = binMean(b) - mu;
            out[b] = binSpread(b) + counts[b] * d * d;
        }
        return out;
    }

    /** Bin b's mean in units of S (not empty), within [min, max]: its value when it holds one. */
    private double binMean(int b) {
        double mean = offsetSums[b] / counts[b];
        mean = b == 0 ? edges[0] / scale - mean : anchor(b) / scale + mean;
        return Math.min(maxs[b] / scale, Math.max(mins[b] / scale, mean));
    }

    /** Σ (x − bin mean)² / S² over bin b's values (not empty), at most n (max − min)² / 4 (Popoviciu): 0 for one value. */
    private double binSpread(int b) {
        double n = counts[b];
        double spread = offsetSquares[b] - offsetSums[b] * (offsetSums[b] / n);
        double width = maxs[b] / scale - mins[b] / scale;
        return Math.min(n * width * width / 4, Math.max(0.0, spread));
    }

    /**
     * The share of Σ (x − mean)² held by the outermost bins: taken from either end inwards, the end
     * whose values lie further from the mean first, while together they hold at most {@code mass} of
     * the values (whole bins only). So a lower bound on the share of the variance the outermost
     * {@code mass} of the values hold. In [0, 1]; NaN for an empty sample or one without spread.
     * Dimensionless.
     */
    public double varianceShareOfOuterBins(double mass) {
        if (total == 0) {
            return Double.NaN;
        }
        double[] part = squaresAboutMean();
        double ss = 0.0;
        for (int b = 0; b < part.length; b++) {
            ss += part[b];
        }
        if (!(ss > 0)) {
            return Double.NaN;
        }
        long room = (long) Math.floor(mass * total);
        double outer = 0.0;
        int lo = 0;
        int hi = counts.length - 1;
        while (lo <= hi) {
            boolean high = part[hi] * Math.max(1, counts[lo]) >= part[lo] * Math.max(1, counts[hi]); // per value, further out
            int first = high ? hi : lo;
            int second = high ? lo : hi;
            int take = counts[first] <= room ? first : counts[second] <= room ? second : -1;
            if (take < 0) {
                break;
            }
            room -= counts[take];
            outer += part[take];
            if (take == hi) {
                hi--;
            } else {
                lo++;
            }
        }
        return Math.min(1.0, outer / ss);
    }

    /** Smallest value; NaN for an empty sample. */
    public double min() {
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] > 0) {
                return mins[b];
            }
        }
        return Double.NaN;
    }

    /** Largest value; NaN for an empty sample. */
    public double max() {
        for (int b = counts.length - 1; b >= 0; b--) {
            if (counts[b] > 0) {
                return maxs[b];
            }
        }
        return Double.NaN;
    }

    double offsetSum(int bin) {
        return offsetSums[bin];
    }

    double offsetSquare(int bin) {
        return offsetSquares[bin];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinnedSample b && Arrays.equals(edges, b.edges) && Arrays.equals(counts, b.counts)
                && Arrays.equals(offsetSums, b.offsetSums) && Arrays.equals(offsetSquares, b.offsetSquares)
                && Arrays.equals(mins, b.mins) && Arrays.equals(maxs, b.maxs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(edges) * 31 + Arrays.hashCode(counts);
    }
}
