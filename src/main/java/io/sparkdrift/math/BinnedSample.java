package io.sparkdrift.math;

import java.util.Arrays;

/**
 * A one-dimensional sample summarised on fixed edges e0 &lt; … &lt; ek: bins (−∞,e0), [e0,e1), …,
 * [e(k−1),ek), [ek,+∞), indexed 0 … k+1. Per bin it holds the count, the minimum and maximum
 * value, and the sum and sum of squares of offsets from the bin's anchor (the lower edge; for the
 * underflow bin the offset is e0 − x, so every offset is ≥ 0). Non-finite values are never in
 * here: they are counted apart by the profile.
 *
 * <p>Immutable; arrays are defensively copied in and never handed out.
 */
public final class BinnedSample {
    private final double[] edges;
    private final long[] counts;
    private final double[] offsetSums;
    private final double[] offsetSquares;
    private final double[] mins;
    private final double[] maxs;
    private final long total;

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

    /** Σ(M − x) over the bin's values, for a point M at or above all of them. */
    double sumBelow(int bin, double m) {
        double a = anchor(bin);
        return bin == 0 ? counts[bin] * (m - a) + offsetSums[bin] : counts[bin] * (m - a) - offsetSums[bin];
    }

    /** Σ(x − m) over the bin's values, for a point m at or below all of them. */
    double sumAbove(int bin, double m) {
        double a = anchor(bin);
        return bin == 0 ? counts[bin] * (a - m) - offsetSums[bin] : counts[bin] * (a - m) + offsetSums[bin];
    }

    /** Sum of all finite values; NaN for an empty sample. */
    public double sum() {
        double s = 0.0;
        for (int b = 0; b < counts.length; b++) {
            s += b == 0 ? counts[b] * edges[0] - offsetSums[b] : counts[b] * anchor(b) + offsetSums[b];
        }
        return total == 0 ? Double.NaN : s;
    }

    /** Arithmetic mean of the values, in their units; NaN for an empty sample. */
    public double mean() {
        return sum() / total;
    }

    /**
     * Population variance (divisor n), in squared units; NaN for an empty sample. Computed per bin
     * from the offset moments, so there is no catastrophic cancellation of large raw sums.
     */
    public double variance() {
        if (total == 0) {
            return Double.NaN;
        }
        double mu = mean();
        double ss = 0.0;
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] == 0) {
                continue;
            }
            // x - mu = sign*(offset) + (anchor - mu), sign = -1 in the underflow bin
            double d = anchor(b) - mu;
            double sign = b == 0 ? -1.0 : 1.0;
            ss += offsetSquares[b] + 2.0 * sign * d * offsetSums[b] + counts[b] * d * d;
        }
        return Math.max(0.0, ss / total);
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
