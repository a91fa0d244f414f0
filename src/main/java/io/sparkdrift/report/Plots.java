package io.sparkdrift.report;

import static io.sparkdrift.report.Html.esc;
import static io.sparkdrift.report.Html.xy;

import java.util.List;
import java.util.Set;

/** Inline SVG plots: grouped bar histograms and CDF pairs with the area between them shaded. */
final class Plots {
    static final String REF_COLOR = "#3b6fb6";
    static final String CUR_COLOR = "#e07b39";
    private static final int W = 640;
    private static final int H = 250;
    /** Room left of the plot: the vertical axis' top label ("100.00%") and the first bins' slanted labels fit in it. */
    private static final int PAD_L = 64;
    private static final int PAD_B = 86;
    private static final int PAD_T = 24;

    private Plots() {
    }

    /**
     * Reference and current shares per bin, side by side, bins drawn equally wide; highlighted bins
     * get a shaded background.
     */
    static String histogram(String title, List<String> labels, double[] ref, double[] cur, Set<Integer> highlight, String note) {
        double max = 1e-12;
        for (int i = 0; i < ref.length; i++) {
            max = Math.max(max, Math.max(ref[i], cur[i]));
        }
        int n = labels.size();
        double plotW = W - PAD_L - 10;
        double plotH = H - PAD_T - PAD_B;
        double slot = plotW / n;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg class=\"plot\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">");
        sb.append("<text x=\"").append(PAD_L).append("\" y=\"14\" class=\"ptitle\">").append(esc(title)).append("</text>");
        for (int i = 0; i < n; i++) {
            double x = PAD_L + i * slot;
            if (highlight.contains(i)) {
                sb.append("<rect class=\"hl\" x=\"").append(xy(x)).append("\" y=\"").append(PAD_T).append("\" width=\"")
                        .append(xy(slot)).append("\" height=\"").append(xy(plotH)).append("\"/>");
            }
            bar(sb, x + slot * 0.1, slot * 0.4, ref[i] / max * plotH, plotH, REF_COLOR, labels.get(i), "reference", ref[i]);
            bar(sb, x + slot * 0.5, slot * 0.4, cur[i] / max * plotH, plotH, CUR_COLOR, labels.get(i), "current", cur[i]);
            if (n <= 40 || i % (n / 20 + 1) == 0) {
                double lx = x + slot / 2;
                double ly = PAD_T + plotH + 8;
                // slanted down to the left, ending under its bin: the last bins' labels stay inside the plot
                sb.append("<text class=\"tick\" text-anchor=\"end\" transform=\"translate(").append(xy(lx)).append(',')
                        .append(xy(ly)).append(") rotate(-40)\">").append(esc(shorten(labels.get(i)))).append("</text>");
            }
        }
        axes(sb, plotH, Html.pct(max));
        legend(sb, note);
        return sb.append("</svg>").toString();
    }

    /**
     * The two CDFs over [lo, hi] (points given at xs), with the area between them shaded: on a linear
     * axis that area is the Wasserstein-1 distance within the window.
     */
    static String cdf(String title, double[] xs, double[] f, double[] g, double lo, double hi, boolean log,
            java.util.function.DoubleFunction<String> tick, String note) {
        double plotW = W - PAD_L - 10;
        double plotH = H - PAD_T - PAD_B;
        java.util.function.DoubleUnaryOperator scale = log ? Math::log10 : v -> v;
        double left = scale.applyAsDouble(lo);
        double span = hi > lo ? scale.applyAsDouble(hi) - left : 1.0;
        StringBuilder fp = new StringBuilder();
        StringBuilder gp = new StringBuilder();
        StringBuilder area = new StringBuilder();
        int first = -1;
        int last = -1;
        for (int i = 0; i < xs.length; i++) {
            if (xs[i] < lo || xs[i] > hi) {
                continue;
            }
            if (first < 0) {
                first = i;
            }
            last = i;
            double x = PAD_L + (scale.applyAsDouble(xs[i]) - left) / span * plotW;
            fp.append(fp.isEmpty() ? "M" : "L").append(xy(x)).append(',').append(xy(PAD_T + (1 - f[i]) * plotH));
            gp.append(gp.isEmpty() ? "M" : "L").append(xy(x)).append(',').append(xy(PAD_T + (1 - g[i]) * plotH));
        }
        if (first >= 0) {
            area.append(fp);
            for (int i = last; i >= first; i--) {
                double x = PAD_L + (scale.applyAsDouble(xs[i]) - left) / span * plotW;
                area.append('L').append(xy(x)).append(',').append(xy(PAD_T + (1 - g[i]) * plotH));
            }
            area.append('Z');
        }
        StringBuilder sb = new StringBuilder();
        sb.append("<svg class=\"plot\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">");
        sb.append("<text x=\"").append(PAD_L).append("\" y=\"14\" class=\"ptitle\">").append(esc(title)).append("</text>");
        sb.append("<path class=\"w1\" d=\"").append(area).append("\"/>");
        sb.append("<path fill=\"none\" stroke=\"").append(REF_COLOR).append("\" stroke-width=\"1.8\" d=\"").append(fp).append("\"/>");
        sb.append("<path fill=\"none\" stroke=\"").append(CUR_COLOR).append("\" stroke-width=\"1.8\" d=\"").append(gp).append("\"/>");
        for (int t = 0; t <= 4; t++) {
            double v = log ? Math.pow(10, left + span * t / 4) : lo + span * t / 4;
            double x = PAD_L + plotW * t / 4;
            sb.append("<text class=\"tick\" x=\"").append(xy(x)).append("\" y=\"").append(xy(PAD_T + plotH + 14))
                    .append("\" text-anchor=\"").append(t == 4 ? "end" : "middle").append("\">") // the last ends at the plot's edge
                    .append(esc(tick.apply(v))).append("</text>");
        }
        axes(sb, plotH, "1");
        legend(sb, note);
        return sb.append("</svg>").toString();
    }

    private static void bar(StringBuilder sb, double x, double w, double h, double plotH, String color, String label,
            String role, double share) {
        sb.append("<rect x=\"").append(xy(x)).append("\" y=\"").append(xy(PAD_T + plotH - h)).append("\" width=\"")
                .append(xy(w)).append("\" height=\"").append(xy(h)).append("\" fill=\"").append(color).append("\"><title>")
                .append(esc(label)).append(": ").append(role).append(' ').append(Html.pct(share)).append("</title></rect>");
    }

    private static void axes(StringBuilder sb, double plotH, String topLabel) {
        double y0 = PAD_T + plotH;
        sb.append("<line class=\"axis\" x1=\"").append(PAD_L).append("\" y1=\"").append(xy(y0)).append("\" x2=\"")
                .append(W - 10).append("\" y2=\"").append(xy(y0)).append("\"/>");
        sb.append("<line class=\"axis\" x1=\"").append(PAD_L).append("\" y1=\"").append(PAD_T).append("\" x2=\"")
                .append(PAD_L).append("\" y2=\"").append(xy(y0)).append("\"/>");
        sb.append("<text class=\"tick\" x=\"").append(PAD_L - 4).append("\" y=\"").append(PAD_T + 4)
                .append("\" text-anchor=\"end\">").append(esc(topLabel)).append("</text>");
        sb.append("<text class=\"tick\" x=\"").append(PAD_L - 4).append("\" y=\"").append(xy(y0))
                .append("\" text-anchor=\"end\">0</text>");
    }

    /** Legend and the plot's note (scale, clipping) on the bottom line. */
    private static void legend(StringBuilder sb, String note) {
        int y = H - 6;
        sb.append("<text class=\"note\" x=\"").append(W - 10).append("\" y=\"").append(y)
                .append("\" text-anchor=\"end\">").append(esc(note)).append("</text>");
        sb.append("<rect x=\"").append(PAD_L).append("\" y=\"").append(y - 8).append("\" width=\"10\" height=\"10\" fill=\"")
                .append(REF_COLOR).append("\"/><text class=\"tick\" x=\"").append(PAD_L + 14).append("\" y=\"").append(y)
                .append("\">reference</text>");
        sb.append("<rect x=\"").append(PAD_L + 90).append("\" y=\"").append(y - 8).append("\" width=\"10\" height=\"10\" fill=\"")
                .append(CUR_COLOR).append("\"/><text class=\"tick\" x=\"").append(PAD_L + 104).append("\" y=\"").append(y)
                .append("\">current</text>");
    }

    private static String shorten(String s) {
        return s.length() > 14 ? s.substring(0, 13) + "…" : s;
    }
}
