package io.sparkdrift.math;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;

/**
 * Poisson draws of one mean λ, its constants computed once: by inversion below λ = 10, else Hörmann's
 * transformed rejection with squeeze (PTRS, 1993), exact and of constant expected cost (a draw or two
 * of the generator). λ must be finite and &gt; 0; the draws are non-negative counts.
 */
public final class PoissonDraws {
    private final double lambda;
    private final double expNeg;
    private final double logLambda;
    private final double b;
    private final double a;
    private final double logInvAlpha;
    private final double vr;

    public PoissonDraws(double lambda) {
        this.lambda = lambda;
        expNeg = Math.exp(-lambda);
        logLambda = Math.log(lambda);
        b = 0.931 + 2.53 * Math.sqrt(lambda);
        a = -0.059 + 0.02483 * b;
        logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
        vr = 0.9277 - 3.6224 / (b - 2);
    }

    /** One per share (null where the share is 0), with mean size × share. */
    public static PoissonDraws[] of(double[] shares, long size) {
        PoissonDraws[] out = new PoissonDraws[shares.length];
        for (int g = 0; g < shares.length; g++) {
            out[g] = shares[g] > 0 ? new PoissonDraws(size * shares[g]) : null;
        }
        return out;
    }

    /** One draw from {@code random}. */
    public long draw(SplittableRandom random) {
        if (lambda < 10) {
            double u = random.nextDouble();
            double term = expNeg;
            double cdf = term;
            long k = 0;
            while (u > cdf && term > 0) {
                k++;
                term *= lambda / k;
                cdf += term;
            }
            return k;
        }
        while (true) {
            double u = random.nextDouble() - 0.5;
            double v = random.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || us < 0.013 && v > us) {
                continue;
            }
            if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= -lambda + k * logLambda - Gamma.logGamma(k + 1.0)) {
                return k;
            }
        }
    }
}
