package io.sparkdrift.report;

import java.util.Locale;

/** HTML text helpers. Every string that comes from data or configuration goes through {@link #esc}. */
final class Html {
    private Html() {
    }

    /** Escapes text for element content and quoted attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A number for display: 4 decimals, scientific for very small or large, words for non-finite. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        return fixed(v, a >= 100 ? 1 : 4);
    }

    /** A share as a percentage. */
    static String pct(double v) {
        return Double.isFinite(v) ? fixed(100 * v, 2) + "%" : num(v);
    }

    /**
     * A finite value with {@code places} decimals, exactly as {@code String.format("%.Nf")} writes it
     * (half up on the shortest decimal that reads back as the value, the sign of −0.0 kept), without
     * parsing a pattern per number: a report of a thousand features formats hundreds of thousands.
     */
    static String fixed(double v, int places) {
        String digits = new java.math.BigDecimal(Double.toString(Math.abs(v))).setScale(places, java.math.RoundingMode.HALF_UP)
                .toPlainString();
        return Double.compare(v, 0.0) < 0 ? "-" + digits : digits;
    }

    /** A coordinate for SVG, to one decimal, half away from zero (as "%.1f"; without a Formatter, as plots have thousands). */
    static String xy(double v) {
        if (!Double.isFinite(v) || Math.abs(v) >= 1e15) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        long tenths = Math.round(Math.abs(v) * 10);
        String s = tenths / 10 + "." + tenths % 10;
        return v < 0 && tenths != 0 ? "-" + s : s;
    }
}
