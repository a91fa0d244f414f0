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
 * edges lie within ±2^480 (about 1e144), where nothing changes; a power of two beyond, so that sums of
 * squared offsets of values near ±1.8e308 stay finite (offset/S ≤ 2^482, squared ≤ 2^964, summed over
 * up to 2^59 values). Dividing by a power of two is exact, so S = 1 gives the same bits as no scaling.
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
     * The unit offsets are kept in for these edges: 1 while max(|e0|, |ek|) ≤ 2^480, else the power
     * of two 2^(exponent − 479) that brings it below 2^481.
     */
    public static double scaleFor(double[] edges) {
        double maxAbs = Math.max(Math.abs(edges[0]), Math.abs(edges[edges.length - 1]));
        int e = Math.getExponent(maxAbs);
        return e <= 480 ? 1.0 : Math.scalb(1.0, e - 479);
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

    /** Arithmetic mean of the values, in their units (finite for any finite values); NaN for an empty sample. */
    public double mean() {
        return total == 0 ? Double.NaN : scale * (scaledSum() / total);
    }

    /**
     * Population variance (divisor n), in squared units (+∞ when it exceeds the double range, as for
     * values spread near ±1e308 — {@link #std()} stays finite there); NaN for an empty sample.
     * Computed per bin from the offset moments, so there is no catastrophic cancellation of large
     * raw sums.
     */
    public double variance() {
        double v = scaledVariance();
        return v * scale * scale;
    }

    /** Population standard deviation, in the values' units: finite for any finite values; NaN for an empty sample. */
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
        double mu = scaledSum() / total;
        double[] out = new double[counts.length];
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] == 0) {
                continue;
            }
            // x - mu = sign*(offset) + (anchor - mu), sign = -1 in the underflow bin
            double d = anchor(b) / scale - mu;
            double sign = b == 0 ? -1.0 : 1.0;
            out[b] = offsetSquares[b] + 2.0 * sign * d * offsetSums[b] + counts[b] * d * d;
        }
        return out;
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
            part[b] = Math.max(0.0, part[b]); // rounding can leave a bin's sum a hair below 0
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
