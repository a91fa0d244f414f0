package io.sparkdrift.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.profile.CategoricalAccumulator;
import io.sparkdrift.profile.CategoricalBinning;
import io.sparkdrift.profile.CategoricalProfile;
import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.FeatureType;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.profile.ReferenceValues;
import io.sparkdrift.profile.VocabularyFit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * New categories that are only the reference's sampling gaps do not cry wolf: a current sample of
 * the reference's own law lands in categories the reference happened to miss, as often as that
 * missing mass says, and {@code new_category_share}'s threshold is raised to its chance level there;
 * a category that really is new is still found.
 */
class NoveltyChanceTest {
    private static final FeatureComparator COMPARATOR = new FeatureComparator(FeatureComparator.DEFAULT_SMOOTHING,
            DriftPolicy.defaults());
    private static final int CITIES = 200_000;

    @Test
    void nightsOfTheReferencesOwnLawDoNotDriftForTheCategoriesItsSampleMissed() {
        Random r = new Random(31);
        ZipfCities zipf = new ZipfCities(r);
        int alarms = 0;
        int alarmsWithout = 0;
        int nights = 0;
        // a long tail, the vocabulary keeping 200 of about 5,800 reference cities (the Bloom filter counts the rest)
        CategoricalProfile cities = reference("city", 20_000, zipf::draw);
        assertFalse(cities.binning().complete());
        // a hundred equally likely categories, 150 reference values: a fifth of the mass never drawn
        CategoricalProfile uniform = reference("code", 150, () -> r.nextInt(100));
        assertTrue(uniform.binning().complete());
        for (int night = 0; night < 40; night++) {
            for (FeatureResult res : List.of(
                    COMPARATOR.compare(cities, profile(cities.binning(), "city", 20_000, zipf::draw)),
                    COMPARATOR.compare(uniform, profile(uniform.binning(), "code", 150, () -> r.nextInt(100))))) {
                alarms += judge(res, Verdicts.DEFAULT_CHANCE) ? 1 : 0;
                alarmsWithout += judge(res, 0) ? 1 : 0;
                nights++;
            }
        }
        assertTrue(alarms <= 0.02 * nights, alarms + " of " + nights + " feature-nights drifted (" + alarmsWithout + " without the level)");
        assertTrue(alarmsWithout >= 0.9 * nights, "the case needs the level: without it " + alarmsWithout + " of " + nights + " drifted");
    }

    @Test
    void theMissingMassIsEstimatedAndNeverUnderstatedWhereTheVocabularyIsCut() {
        Random r = new Random(32);
        ZipfCities zipf = new ZipfCities(r);
        Set<Integer> seen = new HashSet<>();
        CategoricalProfile cities = reference("city", 20_000, () -> {
            int c = zipf.draw();
            seen.add(c);
            return c;
        });
        double missing = 1 - seen.stream().mapToDouble(zipf::share).sum(); // the law's mass the sample never drew
        NoveltyChance.Unseen u = NoveltyChance.unseen(cities);
        assertTrue(u.mass() >= missing && u.mass() < 1.5 * missing, u + " against a true missing mass of " + missing);
        ReferenceValues filter = cities.binning().referenceValues();
        assertTrue(Math.abs(filter.distinctEstimate() - seen.size()) < 0.02 * seen.size(), filter.distinctEstimate() + " vs " + seen.size());
        assertEquals(filter.distinctEstimate(), ReferenceValues.of(filter.toBytes()).distinctEstimate(), "as a stored profile reads it back");
        // all categories kept: Good–Turing from the exact counts, within three standard errors
        Set<Integer> drawn = new HashSet<>();
        IntSupplier code = () -> {
            int c = r.nextInt(100);
            drawn.add(c);
            return c;
        };
        CategoricalProfile uniform = reference("code", 150, code);
        double uniformMissing = 1 - drawn.size() / 100.0;
        NoveltyChance.Unseen v = NoveltyChance.unseen(uniform);
        assertTrue(Math.abs(v.mass() - uniformMissing) <= 3 * v.error(), v + " against " + uniformMissing);
    }

    @Test
    void aCategoryThatIsReallyNewIsStillFound() {
        Random r = new Random(33);
        // every category drawn many times: nothing is missing by chance, the level is 0 and the threshold stays
        CategoricalProfile few = reference("device", 10_000, () -> r.nextInt(20));
        assertEquals(0.0, NoveltyChance.unseen(few).mass());
        FeatureResult tv = COMPARATOR.compare(few, profile(few.binning(), "device", 1000, () -> r.nextDouble() < 0.15 ? 999 : r.nextInt(20)));
        assertTrue(judge(tv, Verdicts.DEFAULT_CHANCE), "15 % of a new category drifts");
        // the long tail: a new city holding 40 % of the night stands well above the tail's own novelty
        ZipfCities zipf = new ZipfCities(r);
        CategoricalProfile cities = reference("city", 20_000, zipf::draw);
        FeatureResult boom = COMPARATOR.compare(cities, profile(cities.binning(), "city", 20_000,
                () -> r.nextDouble() < 0.4 ? CITIES + 1 : zipf.draw()));
        assertTrue(judge(boom, Verdicts.DEFAULT_CHANCE), "a new city with 40 % of the values drifts");
        assertTrue(boom.metrics().get(Metric.NEW_CATEGORY_SHARE) > 0.5, boom.metrics().toString());
    }

    /**
     * An identifier (every reference value seen once) is all new on every night of its own law: the
     * level is 1, reached on every night, so a share of 1 is no sign of drift and does not drift —
     * whether the vocabulary holds every value or cuts them (the Bloom filter counts the rest).
     */
    @Test
    void anIdentifierThatIsNewOnEveryNightDoesNotDriftOnItsNovelty() {
        Random r = new Random(35);
        int[] next = {0};
        for (int size : new int[] {150, 20_000}) { // 150: all kept; 20,000: 200 kept, the rest in the filter
            CategoricalProfile ids = reference("user_id", size, () -> next[0]++);
            assertEquals(size <= FitSettings.DEFAULT_MAX_CATEGORIES, ids.binning().complete());
            assertEquals(1.0, NoveltyChance.level(ids, 2000, 0.01), "every night of the law is all new");
            FeatureResult night = COMPARATOR.compare(ids, profile(ids.binning(), "user_id", 2000, () -> next[0]++));
            assertEquals(1.0, night.metrics().get(Metric.NEW_CATEGORY_SHARE));
            assertTrue(judge(night, 0), "without the level it drifts");
            assertFalse(judge(night, Verdicts.DEFAULT_CHANCE), size + " reference ids: a share of 1 is what chance gives");
        }
        // values that repeat in the reference (a customer id seen many times) keep the metric: a night of new ones drifts
        CategoricalProfile customers = reference("customer_id", 20_000, () -> r.nextInt(500));
        FeatureResult fresh = COMPARATOR.compare(customers, profile(customers.binning(), "customer_id", 2000,
                () -> r.nextDouble() < 0.3 ? 1000 + r.nextInt(1_000_000) : r.nextInt(500)));
        assertTrue(judge(fresh, Verdicts.DEFAULT_CHANCE), "30 % new customers drift");
    }

    @Test
    void theLevelIsTheSameOnEveryRunAndUnknownWithoutTheReferencesFilter() {
        Random r = new Random(34);
        ZipfCities zipf = new ZipfCities(r);
        CategoricalProfile cities = reference("city", 20_000, zipf::draw);
        double level = NoveltyChance.level(cities, 5000, 0.01);
        assertEquals(level, NoveltyChance.level(cities, 5000, 0.01), "seeded by the feature and the sizes");
        assertTrue(level > NoveltyChance.unseen(cities).mass() && level < 1, "above the expected share: " + level);
        CategoricalBinning noFilter = new CategoricalBinning(cities.binning().vocabulary(), false, null); // stored before version 2
        CategoricalProfile old = new CategoricalProfile("city", noFilter, cities.rows(), cities.nulls(), cities.counts(),
                cities.outside(), 0);
        assertTrue(Double.isNaN(NoveltyChance.level(old, 5000, 0.01)));
    }

    /** Whether the result drifts once the run-level rules judge it (default rules, this chance alpha). */
    private static boolean judge(FeatureResult r, double chance) {
        Verdicts.Rules rules = new Verdicts.Rules(Double.NaN, Verdicts.DEFAULT_MIN_ROWS, Map.of(), chance);
        return Verdicts.apply(COMPARATOR, DriftPolicy.defaults(), List.of(List.of(r)), rules).get(0).get(0).drifted();
    }

    /**
     * A reference of {@code size} values: its vocabulary fitted as the reference pass fits it (the
     * default 200 kept; beyond them a Bloom filter of every value), its profile counted on it.
     */
    private static CategoricalProfile reference(String name, int size, IntSupplier s) {
        VocabularyFit v = new VocabularyFit(List.of(new FeatureSpec(name, FeatureType.CATEGORICAL)),
                new FitSettings(20, 1000, FitSettings.DEFAULT_MAX_CATEGORIES, Map.of()));
        String[] values = new String[size];
        for (int i = 0; i < size; i++) {
            values[i] = "c" + s.getAsInt();
            v.addCategorical(0, values[i]);
        }
        CategoricalAccumulator a = new CategoricalAccumulator(v.vocabularies().get(name));
        for (String x : values) {
            a.add(x);
        }
        return (CategoricalProfile) a.snapshot(name);
    }

    private static CategoricalProfile profile(CategoricalBinning b, String name, int size, IntSupplier s) {
        CategoricalAccumulator a = new CategoricalAccumulator(b);
        for (int i = 0; i < size; i++) {
            a.add("c" + s.getAsInt());
        }
        return (CategoricalProfile) a.snapshot(name);
    }

    /** A Zipf law (exponent 1.1) over {@value #CITIES} cities, drawn by inverting its cumulative shares. */
    private static final class ZipfCities {
        private final double[] cumulative = new double[CITIES];
        private final Random r;

        ZipfCities(Random r) {
            this.r = r;
            double total = 0;
            for (int i = 0; i < CITIES; i++) {
                total += Math.pow(i + 1, -1.1);
                cumulative[i] = total;
            }
            for (int i = 0; i < CITIES; i++) {
                cumulative[i] /= total;
            }
        }

        int draw() {
            int i = java.util.Arrays.binarySearch(cumulative, r.nextDouble());
            return Math.min(CITIES - 1, i < 0 ? -i - 1 : i);
        }

        double share(int i) {
            return cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
        }
    }
}
