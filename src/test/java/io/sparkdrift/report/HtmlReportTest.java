package io.sparkdrift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.cli.CommandLine;
import io.sparkdrift.settings.Commands;
import io.sparkdrift.compare.FeatureComparator;
import io.sparkdrift.compare.FeatureResult;
import io.sparkdrift.job.JobConfig;
import io.sparkdrift.profile.CategoricalAccumulator;
import io.sparkdrift.profile.CategoricalBinning;
import io.sparkdrift.profile.FeatureType;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.run.RunSummary;
import io.sparkdrift.testing.Profiles;
import io.sparkdrift.testing.Text;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report's markup without a browser: escaping, no network references, one section per feature, size. */
class HtmlReportTest {
    static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static final long SIZE_LIMIT = 15L * 1024 * 1024;

    @Test
    void everyStringFromDataOrConfigIsEscaped() {
        JobConfig config = config(HOSTILE + "/path", "\"><script>alert(2)</script>");
        FeatureComparator cmp = new FeatureComparator(1e-4, config.policy());
        List<FeatureResult> results = List.of(
                categorical(cmp, HOSTILE, List.of(HOSTILE, "ok"), new Random(1), 10),
                cmp.failed("<b>broken</b>", FeatureType.NUMERIC, "error with " + HOSTILE));
        String html = render(config, results, Map.of("<i>skipped</i>", "because " + HOSTILE));
        assertFalse(html.contains(HOSTILE), "the raw payload never appears");
        assertFalse(html.contains("<script>alert(2)"));
        assertFalse(html.contains("<b>broken</b>") || html.contains("<i>skipped</i>"));
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assertTrue(html.contains("&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
        assertTrue(html.contains("error with &lt;img"));
    }

    @Test
    void selfContainedWithOneSectionPerFeature() {
        JobConfig config = config("ref", null);
        FeatureComparator cmp = new FeatureComparator(1e-4, config.policy());
        Random r = new Random(2);
        double[] a = new double[5000];
        double[] b = new double[5000];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.exp(r.nextGaussian() * 2);
            b[i] = Math.exp(r.nextGaussian() * 2 + 0.3);
        }
        NumericBinning bins = Profiles.fitDefault(a);
        List<FeatureResult> results = List.of(cmp.compare(Profiles.profile(bins, a), Profiles.profile(bins, b)),
                categorical(cmp, "c", List.of("a", "b", "c"), r, 100));
        String html = render(config, results, Map.of());
        assertEquals(2, Text.count(html, "<section class=\"feature"));
        assertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "no external resources");
        assertFalse(html.contains("@import") || html.contains("url("), "no fetched styles or fonts");
        assertTrue(html.contains("log x axis; x clipped to the 0.5–99.5 % range of both"), "long tails are clipped and say so");
    }

    @Test
    void theBinTableLeavesOutBinsEmptyOnBothSides() {
        // a constant 7 moved to 8: the bin below 7 holds nothing on either side (its p/(p+q) is 0/0, shown as NaN before)
        JobConfig config = config("ref", null);
        FeatureComparator cmp = new FeatureComparator(1e-4, config.policy());
        double[] seven = new double[1000];
        double[] eight = new double[1000];
        java.util.Arrays.fill(seven, 7.0);
        java.util.Arrays.fill(eight, 8.0);
        NumericBinning bins = Profiles.fitDefault(seven);
        String html = render(config, List.of(cmp.compare(Profiles.profile(bins, seven), Profiles.profile(bins, eight))), Map.of());
        assertTrue(html.contains("<td>&gt; 7</td>") && html.contains("<td>= 7</td>"), "the occupied bins' rows");
        assertFalse(html.contains("<td>below 7</td>"), "no row for the bin empty on both sides");
        assertFalse(html.contains("<td>NaN</td></tr>"), "no undefined p/(p+q) in the per-bin table");
        assertTrue(html.contains("1 bins with smaller terms or empty on both sides are not shown"));
    }

    @Test
    void fiveHundredFeaturesWithAThousandCategoriesStayUnderFifteenMegabytesWithTwoHundredSections() {
        JobConfig config = config("ref", null);
        FeatureComparator cmp = new FeatureComparator(1e-4, config.policy());
        List<String> vocab = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            vocab.add("category-value-" + i);
        }
        Random r = new Random(3);
        List<FeatureResult> results = new ArrayList<>();
        for (int f = 0; f < 500; f++) {
            results.add(categorical(cmp, "feature_" + f, vocab, r, 20_000));
        }
        String html = render(config, results, Map.of());
        long size = html.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(size < SIZE_LIMIT, "report is " + size + " bytes");
        assertEquals(500, Text.count(html, "<tr data-section="), "the table lists every feature");
        assertEquals(HtmlReport.MAX_SECTIONS, Text.count(html, "<section class=\"feature"));
        assertTrue(html.contains("Sections below for 200 of 500 features"), "the page says what it left out");
    }

    @Test
    void sectionsGoToEveryDriftedAndFailedFeatureFirstThenTheWorstOfTheRest() {
        JobConfig config = config("ref", null);
        FeatureComparator cmp = new FeatureComparator(1e-4, config.policy());
        Random r = new Random(4);
        List<FeatureResult> results = new ArrayList<>();
        for (int f = 0; f < 260; f++) {
            double shift = f % 20 == 7 ? 2.0 : 0.0; // 13 drifted features
            double[] a = r.doubles(400).map(x -> x * 10).toArray();
            double[] b = r.doubles(400).map(x -> x * 10 + shift * 10).toArray();
            NumericBinning bins = Profiles.fitDefault(a);
            results.add(f % 50 == 3 ? cmp.failed("broken_" + f, FeatureType.NUMERIC, "unreadable")
                    : cmp.compare(named(bins, a, "x_" + f), named(bins, b, "x_" + f)));
        }
        String html = render(config, results, Map.of());
        assertEquals(HtmlReport.MAX_SECTIONS, Text.count(html, "<section class=\"feature"));
        long drifted = results.stream().filter(FeatureResult::drifted).count();
        assertTrue(drifted >= 10, "drifted: " + drifted);
        for (FeatureResult fr : results) {
            boolean linked = html.contains("<a href=\"#feature-") && Pattern.compile("<a href=\"#feature-\\d+\">"
                    + Pattern.quote(fr.feature()) + "</a>").matcher(html).find();
            if (fr.drifted() || !fr.ok()) {
                assertTrue(linked, fr.feature() + " (drifted or failed) has a section");
            }
        }
        assertTrue(html.contains("Sections below for 200 of 260 features"));
        assertEquals(60, Pattern.compile("title=\"no section in this page").matcher(html).results().count(),
                "the other 60 are named in the table without a link");
    }

    private static io.sparkdrift.profile.NumericProfile named(NumericBinning bins, double[] values, String name) {
        io.sparkdrift.profile.NumericAccumulator acc = new io.sparkdrift.profile.NumericAccumulator(bins);
        for (double v : values) {
            acc.add(v);
        }
        return acc.snapshot(name);
    }

    private static FeatureResult categorical(FeatureComparator cmp, String name, List<String> vocab, Random r, int rows) {
        CategoricalBinning binning = new CategoricalBinning(vocab, true);
        CategoricalAccumulator ref = new CategoricalAccumulator(binning);
        CategoricalAccumulator cur = new CategoricalAccumulator(binning);
        for (int i = 0; i < rows; i++) {
            ref.add(vocab.get((int) Math.min(vocab.size() - 1, Math.abs(r.nextGaussian()) * vocab.size() / 3)));
            cur.add(i % 50 == 0 ? "<new>" + (i % 7) : vocab.get(r.nextInt(vocab.size())));
        }
        return cmp.compare(ref.snapshot(name), cur.snapshot(name));
    }

    private static JobConfig config(String reference, String filter) {
        List<String> args = new ArrayList<>(List.of("--reference", reference, "--current", "cur", "--out", "o",
                "--run-date", "2026-11-08"));
        if (filter != null) {
            args.addAll(List.of("--reference-filter", filter));
        }
        return Commands.run(CommandLine.parse(args.toArray(new String[0])).settings());
    }

    private static String render(JobConfig c, List<FeatureResult> results, Map<String, String> skipped) {
        RunSummary s = new RunSummary("run-1", c.runDate(), Instant.now(),
                new RunSummary.InputInfo(c.reference().location(), "parquet", c.referenceFilter(), 100),
                new RunSummary.InputInfo(c.current().location(), "parquet", null, 100), c.runSettings(), results, skipped);
        return new String(HtmlReport.render(s), StandardCharsets.UTF_8);
    }
}
