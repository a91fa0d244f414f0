package io.sparkdrift.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.testing.Profiles;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/**
 * Bin labels as short as the data allows and exact for every value of both samples: its numbers
 * read back, a label holds a value exactly when the value's bin is that label's bin, and the labels'
 * ends follow the edges' order.
 */
class BinLabelsTest {
    @Test
    void everyValueOfEitherSampleIsInsideABinExactlyWhenItsLabelSaysSo() {
        Random r = new Random(5);
        Map<String, DoubleSupplier> shapes = new java.util.LinkedHashMap<>();
        shapes.put("normal", () -> 12 + 5 * r.nextGaussian());
        shapes.put("zero-inflated counts", () -> r.nextDouble() < 0.6 ? 0 : Math.floor(Math.exp(2 * r.nextDouble() * 3)));
        shapes.put("heavy tail", () -> Math.exp(3 * r.nextGaussian()));
        shapes.put("atoms and noise", () -> r.nextDouble() < 0.3 ? 99.99 : r.nextDouble() < 0.3 ? -5 : r.nextGaussian());
        shapes.put("tiny", () -> 1e-9 * r.nextGaussian());
        shapes.put("huge", () -> 1e300 * r.nextDouble() - 5e299);
        shapes.put("constant", () -> 7.25);
        shapes.put("two values", () -> r.nextBoolean() ? 1 : 2);
        // given edges with bins empty on both sides (fitted bins all hold reference values)
        shapes.put("given edges", () -> r.nextBoolean() ? 10 * r.nextDouble() : 40 + 10 * r.nextDouble());
        for (Map.Entry<String, DoubleSupplier> shape : shapes.entrySet()) {
            for (double shift : new double[] {0, 0.5, 3}) {
                double[] ref = draw(4000, shape.getValue());
                double[] cur = DoubleStream.of(draw(3000, shape.getValue())).map(x -> x + shift * Math.abs(x)).toArray();
                NumericBinning b = shape.getKey().equals("given edges") ? NumericBinning.of(new double[] {0, 10, 20, 30, 40, 50})
                        : Profiles.fitDefault(ref);
                NumericProfile rp = Profiles.profile(b, ref);
                NumericProfile cp = Profiles.profile(b, cur);
                BinLabels labels = BinLabels.of(rp, cp, ValueWords.NUMBER);
                String where = shape.getKey() + ", shift " + shift;
                List<String> words = new ArrayList<>();
                for (int i = 0; i < b.coarseBins(); i++) {
                    words.add(labels.bin(i));
                }
                for (String w : words) {
                    if (w.startsWith("[") || w.startsWith("(")) { // the ranges' ends in order: none empty, none reversed
                        String[] ends = w.substring(1, w.length() - 1).split(", ");
                        double a = Double.parseDouble(ends[0]);
                        double z = Double.parseDouble(ends[1]);
                        assertTrue(w.startsWith("[") && w.endsWith("]") ? a <= z : a < z, where + ": " + w + " of " + words);
                    }
                }
                for (double[] sample : List.of(ref, cur)) {
                    for (double x : sample) {
                        int bin = coarseBin(b, x);
                        for (int i = 0; i < words.size(); i++) {
                            assertEquals(i == bin, holds(words.get(i), x), where + ": " + x + " in coarse bin " + bin + ", label "
                                    + i + " is " + words.get(i) + " of " + words);
                        }
                    }
                }
                for (int first = 0; first < words.size(); first += 3) {
                    int last = Math.min(words.size() - 1, first + 2);
                    String span = labels.span(first, last);
                    for (double x : ref) {
                        int bin = coarseBin(b, x);
                        assertEquals(bin >= first && bin <= last, holds(span, x), where + ": " + x + " and " + span);
                    }
                }
            }
        }
    }

    @Test
    void theShortestDecimalInAGapIsChosen() {
        assertEquals("16.1877", BinLabels.shortestIn(16.18765, 16.18772));
        assertEquals("2", BinLabels.shortestIn(1.0, 2.5));
        assertEquals("-3.1", BinLabels.shortestIn(-3.2, -3.1));
        assertEquals("-3", BinLabels.shortestIn(-3.82, -2.98));
        assertEquals("0", BinLabels.shortestIn(-0.4, 0.3));
        assertEquals("1.5e+09", BinLabels.shortestIn(1.2e9, 1.5e9));
        assertEquals("3e-07", BinLabels.shortestIn(2.1e-7, 3.05e-7));
        assertEquals("0.30000000000000004", BinLabels.shortestIn(0.3, Math.nextUp(0.3)), "one ulp apart: all the digits");
    }

    @Test
    void aLastBinEndingAtAShortLargestValueEndsThereNotAtAMadeUpBoundAboveIt() {
        Random r = new Random(11);
        double[] upTo50 = draw(5000, () -> r.nextDouble() < 0.8 ? 0 : Math.floor(51 * r.nextDouble()));
        double[] alsoUpTo50 = draw(5000, () -> r.nextDouble() < 0.6 ? 0 : Math.floor(51 * r.nextDouble()));
        BinLabels to50 = labels(upTo50, alsoUpTo50);
        int lastBin = Profiles.fitDefault(upTo50).coarseBins() - 2; // the bin below the highest edge (the one above it is empty)
        assertTrue(to50.bin(lastBin).matches("\\[\\d+, 50]"), to50.bin(lastBin));
        assertEquals("> 50", to50.bin(lastBin + 1));
        assertTrue(to50.span(lastBin - 2, lastBin).endsWith(", 50]"), to50.span(lastBin - 2, lastBin));
        // dense values keep a short bound above their largest, 17-digit value
        double[] dense1 = draw(3000, () -> 12 + 5 * r.nextGaussian());
        String top = labels(dense1, dense1).bin(Profiles.fitDefault(dense1).coarseBins() - 2);
        assertTrue(top.endsWith(")") && top.length() < 20, top);
    }

    @Test
    void integerColumnsReadAsIntegersAndDenseColumnsWithAFewDigits() {
        Random r = new Random(9);
        double[] ref = draw(5000, () -> r.nextDouble() < 0.4 ? 0 : Math.floor(200 * r.nextDouble()));
        double[] cur = draw(5000, () -> r.nextDouble() < 0.2 ? 0 : Math.floor(260 * r.nextDouble()));
        NumericBinning b = Profiles.fitDefault(ref);
        BinLabels ints = BinLabels.of(Profiles.profile(b, ref), Profiles.profile(b, cur), ValueWords.NUMBER);
        for (int i = 0; i < b.coarseBins(); i++) {
            assertTrue(ints.bin(i).matches("(below |≥ |> |= )?[\\[(]?-?\\d+(, -?\\d+[)\\]])?"), ints.bin(i));
        }
        assertEquals("= 0", ints.bin(1), "the zeros: a bin of their own");
        assertTrue(ints.bin(2).startsWith("(0, "), "then the values above 0: " + ints.bin(2));
        // 10,000 normal values a side: at most eight significant digits, five or fewer for three edges in four
        double[] a = draw(10_000, () -> 12 + 5 * r.nextGaussian());
        double[] c = draw(10_000, () -> 13 + 5 * r.nextGaussian());
        NumericBinning nb = Profiles.fitDefault(a);
        BinLabels dense = BinLabels.of(Profiles.profile(nb, a), Profiles.profile(nb, c), ValueWords.NUMBER);
        List<Integer> digits = new ArrayList<>();
        for (int i = 0; i < nb.coarseBins(); i++) {
            for (String number : dense.bin(i).replaceAll("[^-0-9.E ]", " ").trim().split("\\s+")) {
                digits.add(new BigDecimal(number).stripTrailingZeros().precision());
            }
        }
        digits.sort(null);
        assertTrue(digits.get(digits.size() - 1) <= 8 && digits.get(digits.size() * 3 / 4) <= 5, digits.toString());
    }

    /** The labels of two samples' coarse bins, fitted to the first as a reference. */
    private static BinLabels labels(double[] ref, double[] cur) {
        NumericBinning b = Profiles.fitDefault(ref);
        return BinLabels.of(Profiles.profile(b, ref), Profiles.profile(b, cur), ValueWords.NUMBER);
    }

    private static double[] draw(int n, DoubleSupplier s) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = s.getAsDouble();
        }
        return out;
    }

    /** The coarse bin of x: the number of coarse edges ≤ x. */
    private static int coarseBin(NumericBinning b, double x) {
        return NumericBinning.binOf(b.coarseEdges(), x);
    }

    /** Whether a label holds x, its numbers read as a program reads them (the nearest doubles). */
    private static boolean holds(String label, double x) {
        if (label.equals("any value")) {
            return true;
        }
        if (label.startsWith("below ")) {
            return x < Double.parseDouble(label.substring(6));
        }
        if (label.startsWith("≥ ")) {
            return x >= Double.parseDouble(label.substring(2));
        }
        if (label.startsWith("≤ ")) {
            return x <= Double.parseDouble(label.substring(2));
        }
        if (label.startsWith("> ")) {
            return x > Double.parseDouble(label.substring(2));
        }
        if (label.startsWith("= ")) {
            return x == Double.parseDouble(label.substring(2));
        }
        String[] ends = label.substring(1, label.length() - 1).split(", ");
        double lower = Double.parseDouble(ends[0]);
        double upper = Double.parseDouble(ends[1]);
        return (label.startsWith("(") ? x > lower : x >= lower) && (label.endsWith("]") ? x <= upper : x < upper);
    }
}
