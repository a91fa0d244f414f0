package io.sparkdrift.math;

/**
 * A point estimate with a proven enclosure: lower ≤ exact ≤ upper, where "exact" is the value the
 * same formula gives on the raw data — proven in exact arithmetic on the stored sums, so in doubles
 * up to the rounding of those sums (relative errors of order 1e−15, and at most about n·2^−53 for n
 * values). {@link #halfWidth()} is the half-width of the smallest interval centred on the estimate
 * that contains [lower, upper].
 */
public record Estimate(double value, double lower, double upper) {
    /** max(value − lower, upper − value): exact ∈ [value − halfWidth, value + halfWidth]. NaN if undefined. */
    public double halfWidth() {
        return Math.max(value - lower, upper - value);
    }

    static Estimate undefined() {
        return new Estimate(Double.NaN, Double.NaN, Double.NaN);
    }
}
