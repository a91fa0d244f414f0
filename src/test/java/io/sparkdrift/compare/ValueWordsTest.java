package io.sparkdrift.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Dates and times written as such, with BinLabels' promise kept: a value lies on the upper side of an
 * edge exactly when it is at or after the edge's words.
 */
class ValueWordsTest {
    private static final long DAY_2021_01_01 = LocalDate.of(2021, 1, 1).toEpochDay();

    @Test
    void datesReadAsDaysAndAnEdgeAsTheFirstDayAtOrAboveIt() {
        assertEquals("2021-01-01", ValueWords.DAYS.exact(DAY_2021_01_01));
        assertEquals("2021-01-01", ValueWords.DAYS.exact(Math.nextUp(DAY_2021_01_01 - 1.0)), "nextUp(max): the next day");
        assertEquals("1969-12-31", ValueWords.DAYS.exact(-1));
        assertEquals("∞", ValueWords.DAYS.exact(Double.POSITIVE_INFINITY));
        assertEquals("2021-01-01", ValueWords.DAYS.roundestIn(DAY_2021_01_01 - 30, DAY_2021_01_01 + 70, DAY_2021_01_01 + 10),
                "a year's first day where the room holds one");
        assertEquals("2021-03-01", ValueWords.DAYS.roundestIn(DAY_2021_01_01 + 40, DAY_2021_01_01 + 70, DAY_2021_01_01 + 50));
        assertEquals("2021-01-16", ValueWords.DAYS.roundestIn(DAY_2021_01_01 + 14, DAY_2021_01_01 + 15, DAY_2021_01_01 + 15));
    }

    @Test
    void timesReadToTheRoundestUnitTheRoomAllows() {
        double midnight = DAY_2021_01_01 * 86400.0;
        assertEquals("2021-01-01", ValueWords.SECONDS.exact(midnight));
        assertEquals("2021-01-01 06:30", ValueWords.SECONDS.exact(midnight + 6.5 * 3600));
        assertEquals("2021-01-01 06:30:05", ValueWords.SECONDS.exact(midnight + 6.5 * 3600 + 5));
        assertEquals("2021-01-01 00:00:00.250", ValueWords.SECONDS.exact(midnight + 0.25));
        assertEquals("2021-01-01 00:00:00.000007", ValueWords.SECONDS.exact(midnight + 7e-6));
        assertEquals("2021-01-01 07:00", ValueWords.SECONDS.roundestIn(midnight + 6.5 * 3600, midnight + 7.2 * 3600,
                midnight + 7.1 * 3600));
        assertEquals("1969-12-31 23:59:59", ValueWords.SECONDS.exact(-1));
        double last = LocalDate.of(10_000, 1, 1).toEpochDay() * 86400.0 - 1; // 9999-12-31 23:59:59, a common "open end"
        assertEquals("+10000-01-01", ValueWords.SECONDS.roundestIn(last, last + 3e10, Math.nextUp(last)),
                "the room a tenth of a bin above the highest edge stops where Spark's times end");
    }

    @Test
    void anEdgesDaysKeepEveryDateOnItsSide() {
        Random r = new Random(3);
        for (int trial = 0; trial < 20_000; trial++) {
            long[] days = r.longs(1 + r.nextInt(30), -800_000, 800_000 + 1).map(d -> r.nextBoolean() ? d : d % 400).sorted().toArray();
            int k = 1 + r.nextInt(Math.max(1, days.length - 1)); // the edge lies above days[k-1]
            double lo = days[Math.min(k, days.length) - 1];
            double hi = k < days.length ? days[k] : lo + 0.3 + r.nextInt(5); // past the top: room of any width, whole or not
            if (!(lo < hi)) {
                continue;
            }
            double e = lo + (hi - lo) * (r.nextBoolean() ? 1 : Math.max(Math.ulp(hi) / (hi - lo), r.nextDouble()));
            e = Math.min(hi, Math.max(Math.nextUp(lo), e));
            String words = ValueWords.DAYS.roundestIn(lo, hi, e);
            long d = LocalDate.parse(words).toEpochDay();
            for (long v : days) {
                assertEquals(v >= e, v >= d, "edge " + e + " in (" + lo + ", " + hi + "] read " + words + ", value " + v);
            }
        }
    }

    @Test
    void anEdgesTimeKeepsEveryMicrosecondOnItsSide() {
        Random r = new Random(4);
        for (int trial = 0; trial < 20_000; trial++) {
            long spread = new long[] {10L, 1_000_000L, 3_600_000_000L, 86_400_000_000L * 400}[r.nextInt(4)];
            long base = (long) (r.nextGaussian() * 2e15); // within 1907–2033, where doubles hold every microsecond
            long[] micros = r.longs(2 + r.nextInt(30), 0, spread).map(m -> base + m).sorted().toArray();
            int k = 1 + r.nextInt(micros.length - 1);
            double lo = micros[k - 1] / 1e6;
            double hi = micros[k] / 1e6;
            if (!(lo < hi)) {
                continue;
            }
            double e = r.nextBoolean() ? hi : Math.min(hi, Math.max(Math.nextUp(lo), lo + (hi - lo) * r.nextDouble()));
            String words = ValueWords.SECONDS.roundestIn(lo, hi, e);
            long d = micros(words);
            for (long v : micros) {
                assertEquals(v / 1e6 >= e, v >= d, "edge " + e + " read " + words + ", value " + v);
            }
        }
    }

    @Test
    void twoValuesAreWrittenWithThePrecisionThatTellsThemApart() {
        assertArrayEquals(new String[] {"3.142", "2.718"}, ValueWords.NUMBER.pair(Math.PI, Math.E));
        String[] big = ValueWords.NUMBER.pair(9.2233720368543e18, 9.2233720368538e18);
        assertTrue(!big[0].equals(big[1]), Arrays.toString(big) + ": a 4-digit median read the same on both sides");
        assertArrayEquals(new String[] {"1e+19", "1e+19"}, ValueWords.NUMBER.pair(1e19, 1e19));
        assertArrayEquals(new String[] {"2021-01-01", "2021-01-04"}, ValueWords.DAYS.pair(DAY_2021_01_01, DAY_2021_01_01 + 3.2));
        assertArrayEquals(new String[] {"2021-01-01 02:00", "2021-01-01 04:00"},
                ValueWords.DAYS.pair(DAY_2021_01_01 + 2 / 24.0, DAY_2021_01_01 + 4 / 24.0));
        double t = DAY_2021_01_01 * 86400.0 + 3600;
        assertArrayEquals(new String[] {"2021-01-01 01:00", "2021-01-01 01:09"}, ValueWords.SECONDS.pair(t, t + 9 * 60.3));
        assertArrayEquals(new String[] {"2021-01-01", "2021-01-03"}, ValueWords.SECONDS.pair(t, t + 2 * 86400));
        assertArrayEquals(new String[] {"2021-01-01 01:00:00", "2021-01-01 01:00:09"}, ValueWords.SECONDS.pair(t, t + 9.3));
        assertArrayEquals(new String[] {"2021-01-01 01:00:00.000", "2021-01-01 01:00:00.400"}, ValueWords.SECONDS.pair(t, t + 0.4));
        assertEquals("2021-01-01", ValueWords.SECONDS.approx(t));
        // the day a time falls in, as a calendar reads it: a median at 15:00 on 2021-01-08 is on 2021-01-08
        assertArrayEquals(new String[] {"2021-01-01", "2021-01-08"}, ValueWords.SECONDS.pair(t, t + 7 * 86400 + 14 * 3600));
        assertArrayEquals(new String[] {"2021-01-01", "2021-01-08"}, ValueWords.DAYS.pair(DAY_2021_01_01 + 0.9, DAY_2021_01_01 + 7.6));
        assertEquals("2021-01-01 23:59", ValueWords.SECONDS.pair(t + 22 * 3600 + 59 * 60 + 59.9, t)[0], "not the next day's midnight");
        assertEquals("0001-01-01", ValueWords.SECONDS.exact(LocalDate.of(1, 1, 1).toEpochDay() * 86400.0), "a double of coarse microseconds");
        assertEquals("NaN", ValueWords.SECONDS.approx(Double.NaN));
    }

    @Test
    void theUnitPicksTheWords() {
        assertEquals(ValueWords.DAYS, ValueWords.ofUnit("days"));
        assertEquals(ValueWords.SECONDS, ValueWords.ofUnit("seconds"));
        assertEquals(ValueWords.NUMBER, ValueWords.ofUnit(null));
    }

    private static long micros(String words) {
        LocalDateTime t = words.length() == 10 ? LocalDate.parse(words).atStartOfDay() : LocalDateTime.parse(words.replace(' ', 'T'));
        return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
    }
}
