package io.sparkdrift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The report's number formatting, against the JDK's Formatter it replaces. */
class HtmlTest {
    @Test
    void fixedDecimalsAreWhatStringFormatWritesTiesAndNegativeZeroIncluded() {
        Random r = new Random(7);
        double[] values = new double[300_000];
        double[] special = {0.0, -0.0, 5e-5, -5e-5, 1.5e-4, 99.99995, 1.00005, 2.675, 0.125, 999_999.95, -1e-9, 1e300, Double.MIN_VALUE};
        for (int i = 0; i < values.length; i++) {
            values[i] = i < special.length ? special[i] : switch (i % 4) {
                case 0 -> r.nextDouble() * 100;
                case 1 -> Math.round(r.nextDouble() * 1e6) / 1e5 + (r.nextBoolean() ? 5e-6 : 0); // decimal ties
                case 2 -> -r.nextDouble();
                default -> r.nextGaussian() * 1e5;
            };
        }
        for (double v : values) {
            for (int places : new int[] {1, 2, 4}) {
                assertEquals(String.format(Locale.ROOT, "%." + places + "f", v), Html.fixed(v, places), () -> v + " to " + places);
            }
        }
    }
}
