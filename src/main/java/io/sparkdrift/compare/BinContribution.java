package io.sparkdrift.compare;

/**
 * One coarse bin's (or category's) part in a feature's comparison, from the profiles' counts.
 *
 * @param bin index of the bin: coarse bin for numeric features (0 = below the first edge), category
 *     index for categorical ones (the pooled "other" bin last)
 * @param label what the bin holds, in words ("[3, 5)", "below 3", "≥ 120", "= 0", a category name,
 *     "(new categories)")
 * @param lower lower end of a numeric bin (−∞ for the first); NaN for a category
 * @param upper upper end of a numeric bin, exclusive (+∞ for the last); NaN for a category
 * @param referenceShare p: the bin's share of the reference's compared values
 * @param currentShare q: the same for the current data
 * @param klTerm the bin's term of {@code kl_divergence} (smoothed, nats; negative where q &gt; p)
 * @param jsTerm the bin's term of {@code js_divergence} (bits, never negative; the terms sum to it)
 * @param psiTerm the bin's term of {@code psi} (smoothed, nats, never negative)
 * @param discriminator p/(p+q): the optimal discriminator D* of the GAN derivation, how surely a
 *     value in this bin came from the reference (½ = no information); NaN when both are 0
 */
public record BinContribution(int bin, String label, double lower, double upper, double referenceShare,
        double currentShare, double klTerm, double jsTerm, double psiTerm, double discriminator) {

    /** Whether the bin gained share in the current data. */
    public boolean rose() {
        return currentShare > referenceShare;
    }
}
