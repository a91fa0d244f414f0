package io.sparkdrift.exact.core;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The u-slice side of the exact computation: W2² = ∫ (F⁻¹(u) − G⁻¹(u))² du over one slice of a
 * feature's quantile axis, from the pieces of sorted runs the x-tasks cut ({@link ExactSweeps}).
 */
public final class ExactPairing {
    private ExactPairing() {
    }

    /**
     * One sample's consecutive runs on one u-slice, from one x-task. Run i holds ranks
     * [r_i, r_i + counts[i]) with r_0 = {@code rank0} (counts null: one each), so it occupies
     * [r_i / total, (r_i + counts[i]) / total) of the quantile axis, clipped to [lo, hi): the part of
     * the slice this piece covers (the x-task paired the rest of its stretch itself).
     */
    public record Piece(int feature, int slice, int side, int source, byte[] packed, long[] counts, long rank0, long total,
            double lo, double hi) implements Serializable {
        long count(int i) {
            return counts == null ? 1 : counts[i];
        }

        int size() {
            return packed.length / Double.BYTES;
        }

        /** Value i, read straight from the packed bytes (no unpacked copy of a big piece). */
        double value(int i) {
            return ExactBlock.valueAt(packed, i);
        }
    }

    /** u-slice task: passes the x-tasks' W1 and KS parts through and adds W2² of each of its slices. */
    public static Iterator<PartialSum> uTask(ExactPlan plan, Iterator<? extends Serializable> records) {
        List<PartialSum> out = new ArrayList<>();
        Map<Long, List<Piece>> pieces = new HashMap<>();
        while (records.hasNext()) {
            Object o = records.next();
            if (o instanceof Piece piece) {
                pieces.computeIfAbsent(((long) piece.feature() << 20) | piece.slice(), k -> new ArrayList<>()).add(piece);
            } else {
                out.add((PartialSum) o);
            }
        }
        for (List<Piece> slice : pieces.values()) {
            slice.sort(Comparator.comparingInt(Piece::side).thenComparingInt(Piece::source).thenComparingDouble(Piece::lo));
            Piece any = slice.get(0);
            out.add(new PartialSum(PartialSum.Kind.W2_SQUARED, any.feature(), any.slice(),
                    pairSquares(slice, 1 / plan.unit(any.feature()))));
        }
        return out.iterator();
    }

    /**
     * Σ (x − y)² · |I ∩ J| over the slice, x and y in units of 1 / {@code inverse}, both samples' pieces (sorted by side, source and position)
     * in u order. Each side's runs are first laid out as values and the u where each run ends, clipped
     * to their piece; the stretches x-tasks paired themselves lie between pieces and are laid out as
     * runs of value 0 on both sides (adding exactly 0). Both sides then cover the same stretch of the
     * quantile axis, with the same gaps, and one pass over the two lists of ends (without a branch on
     * which ends first) pairs them.
     *
     * @throws IllegalStateException if the two sides' pieces do not cover the same parts of the slice
     *     (a routing fault: pairing them would give a wrong W2)
     */
    private static double pairSquares(List<Piece> slice, double inverse) {
        int refSize = 0;
        int curSize = 0;
        for (Piece p : slice) {
            if (p.side() == 0) {
                refSize += p.size() + 1;
            } else {
                curSize += p.size() + 1;
            }
        }
        double[][] s = ThreadScratch.doubles(4, Math.max(refSize, curSize));
        List<Double> refGaps = new ArrayList<>();
        List<Double> curGaps = new ArrayList<>();
        int a = layOut(slice, 0, s[0], s[1], refGaps);
        int b = layOut(slice, 1, s[2], s[3], curGaps);
        if (!refGaps.equals(curGaps) || a == 0 || b == 0 || s[1][a - 1] != s[3][b - 1]) {
            throw new IllegalStateException("exact mode: the two samples' pieces of u-slice " + slice.get(0).slice()
                    + " of feature " + slice.get(0).feature() + " cover different parts of it (" + refGaps + " against "
                    + curGaps + ")");
        }
        return pair(s[0], s[1], a, s[2], s[3], b, refGaps.get(0), inverse);
    }

    /**
     * Writes one side's run values and clipped run ends in order, a run of value 0 across each gap
     * between pieces; returns their number. {@code gaps} gets where the pieces start, then the
     * start and end of every gap: both sides must give the same list.
     */
    private static int layOut(List<Piece> slice, int side, double[] values, double[] ends, List<Double> gaps) {
        int k = 0;
        for (Piece p : slice) {
            if (p.side() != side) {
                continue;
            }
            if (k == 0) {
                gaps.add(p.lo());
            } else if (ends[k - 1] != p.lo()) {
                gaps.add(ends[k - 1]);
                gaps.add(p.lo());
                values[k] = 0;
                ends[k++] = p.lo();
            }
            long rank = p.rank0();
            double total = p.total();
            for (int i = 0; i < p.size(); i++) {
                rank += p.count(i);
                values[k] = p.value(i);
                ends[k++] = Math.min(p.hi(), Math.max(p.lo(), rank / total));
            }
        }
        return k;
    }

    /**
     * Σ (x − y)² · |I ∩ J| over [from, to) of the quantile axis, x and y in units of 1 / {@code inverse}, pairing two samples' runs where they
     * are (the share of an x-task that holds both samples' values there); [from, to) must lie inside
     * both samples' stretches.
     */
    static double pairRuns(RankedRuns a, RankedRuns b, double from, double to, double inverse) {
        double[] av = a.runs.values();
        double[] bv = b.runs.values();
        int i = a.firstEndingAbove(from);
        int j = b.firstEndingAbove(from);
        double ea = Math.min(to, (double) a.end(i) / a.total);
        double eb = Math.min(to, (double) b.end(j) / b.total);
        double pos = from;
        double sum = 0;
        while (true) {
            double e = ea <= eb ? ea : eb;
            double d = av[i] * inverse - bv[j] * inverse;
            sum += d * d * (e - pos);
            pos = e;
            if (e >= to) {
                return sum;
            }
            boolean nextA = ea <= eb; // both when the runs end together
            boolean nextB = eb <= ea;
            if (nextA) {
                i++;
                ea = Math.min(to, (double) a.end(i) / a.total);
            }
            if (nextB) {
                j++;
                eb = Math.min(to, (double) b.end(j) / b.total);
            }
        }
    }

    /**
     * Σ (a_i − b_j)² · |overlap| of runs ending at non-decreasing ends, both starting at {@code from};
     * values in units of 1 / {@code inverse} (a power of two: each is scaled before they are subtracted).
     */
    static double pair(double[] av, double[] ae, int na, double[] bv, double[] be, int nb, double from, double inverse) {
        int i = 0;
        int j = 0;
        double pos = from;
        double sum = 0;
        while (i < na && j < nb) {
            double ea = ae[i];
            double eb = be[j];
            double e = ea <= eb ? ea : eb;
            double d = av[i] * inverse - bv[j] * inverse;
            sum += d * d * (e - pos);
            pos = e;
            i += ea <= eb ? 1 : 0; // both advance when the runs end together
            j += eb <= ea ? 1 : 0;
        }
        return sum;
    }
}
