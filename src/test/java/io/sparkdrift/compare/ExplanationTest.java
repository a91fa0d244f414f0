package io.sparkdrift.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.math.BinnedQuantiles;
import io.sparkdrift.math.Estimate;
import io.sparkdrift.profile.CategoricalAccumulator;
import io.sparkdrift.profile.CategoricalBinning;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.testing.Draws;
import io.sparkdrift.testing.Profiles;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * Explanations from the profiles alone: per-bin terms that add up to the reported divergences, the
 * smallest set of bins covering 80 % of JS, the best classifier's accuracy, and quantiles whose
 * enclosures hold the exact sample quantiles.
 */
public class ExplanationTest {
    private static final FeatureComparator DEFAULTS = new FeatureComparator(FeatureComparator.DEFAULT_SMOOTHING,
            DriftPolicy.defaults());

    @Test
    void perBinTermsAddUpToTheReportedDivergences() {
        Random r = new Random(1);
        for (int trial = 0; trial < 20; trial++) {
            double shift = r.nextDouble();
            double[] ref = draw(r, 4000, () -> r.nextDouble() < 0.3 ? 0 : Math.exp(r.nextGaussian()));
            double[] cur = draw(r, 3000, () -> r.nextDouble() < 0.3 + shift / 3 ? 0 : Math.exp(shift + r.nextGaussian()));
            FeatureResult f = compare(ref, cur);
            Explanation e = f.explanation();
            assertEquals(f.metrics().get(Metric.JS_DIVERGENCE), sum(e, BinContribution::jsTerm), 1e-12);
            assertEquals(f.metrics().get(Metric.KL_DIVERGENCE), sum(e, BinContribution::klTerm), 1e-12);
            assertEquals(f.metrics().get(Metric.PSI), sum(e, BinContribution::psiTerm), 1e-12);
            assertEquals(1.0, sum(e, BinContribution::referenceShare), 1e-12);
            assertEquals(1.0, sum(e, BinContribution::currentShare), 1e-12);
            for (BinContribution b : e.bins()) {
                double dStar = b.referenceShare() / (b.referenceShare() + b.currentShare());
                assertEquals(b.referenceShare() + b.currentShare() == 0 ? Double.NaN : dStar, b.discriminator(), 0.0);
                assertTrue(b.jsTerm() >= 0 && b.psiTerm() >= 0);
            }
            double tv = e.bins().stream().mapToDouble(b -> Math.abs(b.referenceShare() - b.currentShare())).sum() / 2;
            assertEquals(0.5 * (1 + tv), e.bestAccuracy(), 1e-15);
        }
    }

    @Test
    void theMovedBinsAreTheSmallestSetCoveringEightyPercentOfJs() {
        Random r = new Random(2);
        for (int trial = 0; trial < 20; trial++) {
            double s = 0.2 + r.nextDouble();
            FeatureResult f = compare(draw(r, 3000, r::nextGaussian), draw(r, 2000, () -> s * r.nextGaussian() + s / 2));
            Explanation e = f.explanation();
            double js = sum(e, BinContribution::jsTerm);
            double covered = e.moved().stream().mapToDouble(BinContribution::jsTerm).sum();
            assertTrue(covered >= Explanations.COVER * js, covered + " of " + js);
            assertEquals(covered / js, e.jsCovered(), 1e-12);
            double smallest = e.moved().get(e.moved().size() - 1).jsTerm();
            assertTrue(covered - smallest < Explanations.COVER * js, "one bin fewer would not cover 80 %");
            double[] terms = e.bins().stream().mapToDouble(BinContribution::jsTerm).sorted().toArray();
            double[] top = Arrays.copyOfRange(terms, terms.length - e.moved().size(), terms.length);
            assertEquals(Arrays.stream(top).sum(), covered, 1e-15, "the largest terms, so no smaller set covers as much");
        }
    }

    @Test
    void aChangeThatOneDecimalWouldHideIsWrittenWithTheDigitsThatShowIt() {
        assertEquals("from 4.8 % to 5.3 %", Words.pctChange(0.048, 0.053), "one decimal where it tells them apart");
        assertEquals("from 4.83 % to 4.77 %", Words.pctChange(0.0483, 0.0477));
        assertEquals("from 25.004 % to 24.996 %", Words.pctChange(0.25004, 0.24996));
        assertEquals("from 0.0033 % to 0.0 %", Words.pctChange(0.000033, 0));
        assertEquals("from 0.0331 % to 0.0335 %", Words.pctChange(0.0003312, 0.0003349), "small shares too");
        assertEquals("from 5.0 % to 5.0 %", Words.pctChange(0.05, 0.05), "an equal share stays as it is");
        assertEquals("from NaN to 5.0 %", Words.pctChange(Double.NaN, 0.05));
    }

    @Test
    void identicalDataMovesNothing() {
        double[] v = draw(new Random(3), 2000, new Random(4)::nextGaussian);
        Explanation e = compare(v, v).explanation();
        assertTrue(e.moved().isEmpty());
        assertTrue(Double.isNaN(e.jsCovered()));
        assertEquals(0.5, e.bestAccuracy(), 0.0);
        assertEquals("nothing moved", e.text());
    }

    @Test
    void binnedQuantilesEncloseTheExactLinearQuantilesAndAreExactForIntegers() {
        Random r = new Random(5);
        List<DoubleSupplier> shapes = List.of(r::nextGaussian, () -> Math.exp(3 * r.nextGaussian()),
                () -> r.nextDouble() < 0.9 ? 0 : r.nextDouble(), () -> Draws.poisson(r, 3), () -> 1e300 * r.nextGaussian(),
                () -> 42.0);
        for (DoubleSupplier shape : shapes) {
            NumericBinning b = Profiles.fitDefault(draw(r, 20_000, shape));
            for (int n : new int[] {1, 2, 7, 1000, 50_000}) {
                double[] ref = draw(r, n, shape);
                NumericProfile p = Profiles.profile(b, ref);
                double[] sorted = ref.clone();
                Arrays.sort(sorted);
                for (double u : QuantileShift.LEVELS) {
                    double exact = numpyLinear(sorted, u);
                    Estimate q = BinnedQuantiles.quantile(p.sample(), u);
                    assertTrue(q.lower() <= exact && exact <= q.upper(), u + " of " + n + ": " + exact + " outside " + q);
                    assertTrue(q.lower() <= q.value() && q.value() <= q.upper());
                    if (b.discrete()) {
                        assertEquals(exact, q.value(), 0.0, "integers and constants: each value its own bin");
                        assertEquals(0.0, q.halfWidth(), 0.0);
                    }
                }
            }
        }
    }

    @Test
    void aCategoricalFeaturesSentenceNamesTheCategoriesThatMoved() {
        CategoricalBinning vocab = new CategoricalBinning(List.of("mobile", "desktop", "tablet"), true);
        CategoricalAccumulator a = new CategoricalAccumulator(vocab);
        CategoricalAccumulator b = new CategoricalAccumulator(vocab);
        for (int i = 0; i < 1000; i++) {
            a.add(i < 500 ? "mobile" : i < 900 ? "desktop" : "tablet");
            b.add(i < 700 ? "mobile" : i < 900 ? "desktop" : i < 950 ? "tablet" : "smart_tv");
        }
        FeatureResult f = DEFAULTS.compare(a.snapshot("device"), b.snapshot("device"));
        String text = f.explanation().text();
        assertTrue(text.contains("'mobile' rose from 50.0 % to 70.0 %"), text);
        assertTrue(text.contains("'desktop' fell from 40.0 % to 20.0 %"), text);
        assertTrue(text.contains("new categories ('smart_tv') rose from 0.0 % to 5.0 %"), text);
    }

    @Test
    void theMovesLeftUnnamedAreCountedInWordsThatAgreeWithTheirNumber() {
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l");
        assertEquals("1 more bin moved less", Explanations.movedLess(1, true));
        assertEquals("1 more category moved less", Explanations.movedLess(1, false));
        assertEquals("2 more categories moved less", Explanations.movedLess(2, false));
        for (int moving : new int[] {7, 11}) { // eight categories move nearly alike, then twelve
            CategoricalBinning vocab = new CategoricalBinning(names, true);
            CategoricalAccumulator a = new CategoricalAccumulator(vocab);
            CategoricalAccumulator b = new CategoricalAccumulator(vocab);
            for (int i = 0; i < 12_000; i++) {
                int k = i % 12;
                a.add(names.get(k));
                // a tenth of each odd category's rows go to the even one before it, and of the last's to the last moving one
                boolean gives = (i / 12) % 10 == 0 && (k < moving && k % 2 == 1 || k == 11);
                b.add(names.get(gives ? (k == 11 ? moving - 1 : k - 1) : k));
            }
            Explanation e = DEFAULTS.compare(a.snapshot("letter"), b.snapshot("letter")).explanation();
            int unnamed = e.moved().size() - 5;
            assertTrue(unnamed >= 1 && e.text().endsWith("; " + Explanations.movedLess(unnamed, false)), e.text());
        }
        // numeric: uniform values on [0, 20), and a night where every other unit interval holds three times its neighbours' share
        Random r = new Random(6);
        double[] ref = draw(r, 20_000, () -> 20 * r.nextDouble());
        double[] cur = draw(r, 20_000, () -> {
            double x = 20 * r.nextDouble();
            return (int) x % 2 == 1 && r.nextDouble() < 2 / 3.0 ? x - 1 : x;
        });
        Explanation e = compare(ref, cur).explanation();
        int unnamed = e.moved().size() - 5;
        assertTrue(unnamed > 1 && e.text().contains("; " + unnamed + " more bins moved less"), e.text());
    }

    @Test
    void aFeatureFlaggedForNewCategoriesAloneNamesThem() {
        CategoricalBinning vocab = new CategoricalBinning(List.of("a", "b", "c", "d"), true);
        CategoricalAccumulator a = new CategoricalAccumulator(vocab);
        CategoricalAccumulator b = new CategoricalAccumulator(vocab);
        for (int i = 0; i < 1000; i++) {
            a.add(String.valueOf("abcd".charAt(i % 4)));
            b.add(i % 100 < 12 ? "e" : String.valueOf("abcd".charAt(i % 4)));
        }
        FeatureResult f = DEFAULTS.compare(a.snapshot("letter"), b.snapshot("letter"));
        // as judged where the run raised js_distance's threshold to its chance level (a small night), say
        Explanation e = Explanations.of(f.reference(), f.current(), FeatureComparator.DEFAULT_SMOOTHING, f.metrics(),
                List.of(Metric.NEW_CATEGORY_SHARE), List.of(), ValueWords.NUMBER);
        assertEquals("new categories ('e') rose from 0.0 % to 12.0 %", e.text());
    }

    @Test
    void everyShapeOfBinLabelReadsAsTheSubjectOfASentence() {
        assertEquals("the value 7", Explanations.phrase("= 7"));
        assertEquals("values in [3, 7)", Explanations.phrase("[3, 7)"));
        assertEquals("values in (0, 3.5)", Explanations.phrase("(0, 3.5)"));
        assertEquals("values in [1, 2]", Explanations.phrase("[1, 2]"));
        assertEquals("values below 3", Explanations.phrase("below 3"));
        assertEquals("values ≥ 120", Explanations.phrase("≥ 120"));
        assertEquals("values > 7", Explanations.phrase("> 7"));
        assertEquals("values ≤ 0", Explanations.phrase("≤ 0"));
        assertEquals("all values", Explanations.phrase("any value"));
    }

    @Test
    void aConstantThatMovedUpReadsAsValuesAboveIt() {
        double[] ref = new double[500];
        double[] cur = new double[500];
        Arrays.fill(ref, 7);
        Arrays.fill(cur, 8);
        String text = compare(ref, cur).explanation().text();
        assertTrue(text.contains("the value 7 fell from 100.0 % to 0.0 %"), text);
        assertTrue(text.contains("values > 7 rose from 0.0 % to 100.0 %"), text);
    }

    /** NumPy's default quantile: h = (n−1)u, linear between the order statistics around it. */
    public static double numpyLinear(double[] sorted, double u) {
        double h = (sorted.length - 1) * u;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        double t = h - lo;
        return t == 0 ? sorted[lo] : (1 - t) * sorted[lo] + t * sorted[hi];
    }

    private static FeatureResult compare(double[] ref, double[] cur) {
        NumericBinning bins = Profiles.fitDefault(ref);
        return DEFAULTS.compare(Profiles.profile(bins, ref), Profiles.profile(bins, cur));
    }

    private static double sum(Explanation e, java.util.function.ToDoubleFunction<BinContribution> f) {
        return e.bins().stream().mapToDouble(f).sum();
    }

    private static double[] draw(Random r, int n, DoubleSupplier s) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = s.getAsDouble();
        }
        return v;
    }
}
