package io.sparkdrift.compare;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Numbers in explanations: short, exact where short, locale-free. */
public final class Words {
    private Words() {
    }

    /**
     * Four significant digits without trailing zeros ("3.142", "120", "0.0005"), scientific outside
     * [1e-4, 1e7) ("1.5e+09"); "-∞", "∞" and "NaN" as such.
     */
    public static String num(double x) {
        return num(x, 4);
    }

    /** {@link #num(double)} with {@code digits} significant digits (1 to 17). */
    public static String num(double x, int digits) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "∞" : "-∞";
        }
        if (x == 0) {
            return "0";
        }
        double a = Math.abs(x);
        if (a < 1e-4 || a >= 1e7) {
            return String.format(Locale.ROOT, "%." + (digits - 1) + "e", x).replaceAll("\\.?0+e", "e");
        }
        return new BigDecimal(x).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }

    /**
     * The shortest decimal that reads back as exactly {@code x} ("83961", "0.1", "1e+300",
     * "9.2233720368537754e+18"; scientific outside [1e-4, 1e7) as in {@link #num(double)}): for bin
     * edges, which neighbours may share their first digits with.
     */
    public static String exact(double x) {
        if (!Double.isFinite(x) || x == 0) {
            return num(x);
        }
        double a = Math.abs(x);
        if (a < 1e-4 || a >= 1e7) { // Java's "1.0E10" written as num writes it: "1e+10"
            String[] parts = Double.toString(x).split("E");
            String mantissa = new BigDecimal(parts[0]).stripTrailingZeros().toPlainString();
            return mantissa + String.format(Locale.ROOT, "e%+03d", Integer.parseInt(parts[1]));
        }
        return new BigDecimal(Double.toString(x)).stripTrailingZeros().toPlainString();
    }

    /**
     * "from A to B" for a share that changed: both as {@link #pct} writes them, or, where that
     * would show a change as none ("from 4.8 % to 4.8 %"), each with the fewest significant digits
     * (up to six) that tell them apart ("from 4.83 % to 4.77 %"). NaN as "NaN".
     */
    public static String pctChange(double from, double to) {
        String a = pct(from);
        String b = pct(to);
        for (int digits = 3; a.equals(b) && from != to && digits <= 6 && !Double.isNaN(from + to); digits++) {
            a = pct(from, digits);
            b = pct(to, digits);
        }
        return "from " + a + " to " + b;
    }

    private static String pct(double share, int digits) {
        double p = share * 100;
        return (p == 0 ? "0.0" : num(p, digits)) + " %";
    }

    /** A share as a percentage: one decimal, two significant digits below 0.1 % ("0.012 %"). */
    public static String pct(double share) {
        if (Double.isNaN(share)) {
            return "NaN";
        }
        double p = share * 100;
        if (p != 0 && Math.abs(p) < 0.1) {
            return new BigDecimal(p).round(new MathContext(2)).stripTrailingZeros().toPlainString() + " %";
        }
        return String.format(Locale.ROOT, "%.1f %%", p);
    }
}
