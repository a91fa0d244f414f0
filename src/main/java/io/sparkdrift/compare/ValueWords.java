package io.sparkdrift.compare;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How a numeric feature's values are written in explanations and the report: plain numbers, or, for
 * a date or timestamp feature (measured in days or seconds since 1970-01-01 UTC, {@code unit}), as
 * the dates and times they are — "values ≥ 2021-01-01 rose", "median 2020-06-27 → 2020-07-17" —
 * rather than "values ≥ 18628", "median 1.593e+09 → 1.595e+09". Times are UTC (a timestamp without
 * time zone reads as its wall clock).
 *
 * <p>Bin edges keep {@link BinLabels}' promise that a value lies in a bin exactly when its words say
 * so. Dates are whole days and timestamps whole microseconds (the scan reads them as days, and as
 * microseconds ÷ 10⁶, both non-decreasing in the value), so an edge e may be written as the first
 * day, or microsecond, at or above it: a date is ≥ e exactly when it is ≥ that day. Within the edge's
 * room (no value of either sample between the words and the edge) the roundest time is chosen: a
 * year's first day, then a month's, a day, an hour, a minute, a second, a millisecond. (Beyond
 * 1685–2255 a double holds fewer than every microsecond, so the scan itself reads neighbouring
 * microseconds as one; there an edge's words are exact to the scan's resolution.)
 */
public enum ValueWords {
    /** The column's own numbers. */
    NUMBER,
    /** Days since 1970-01-01 (a date column). */
    DAYS,
    /** Seconds since 1970-01-01 00:00:00 UTC (a timestamp column). */
    SECONDS;

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
    /** Steps of rounding below a day, in microseconds: hour, minute, second, millisecond, microsecond. */
    private static final long[] WITHIN_DAY = {3_600_000_000L, 60_000_000L, MICROS_PER_SECOND, 1_000L, 1L};
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter SECONDS_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);
    /** 10000-01-01, the first day after Spark's dates and timestamps end. */
    private static final long END_OF_9999_DAYS = LocalDate.of(10_000, 1, 1).toEpochDay();
    /** Beyond ±10⁸ days (about 270,000 years) dates are not written as such: numbers, as for any other column. */
    private static final double LARGEST_DAY = 1e8;

    /** The words for a feature measured in {@code unit} ("days", "seconds"; null or anything else: numbers). */
    public static ValueWords ofUnit(Object unit) {
        if ("days".equals(unit)) {
            return DAYS;
        }
        return "seconds".equals(unit) ? SECONDS : NUMBER;
    }

    /**
     * A value or an edge exactly: a number's shortest decimal ({@link Words#exact}); for dates and
     * times the first day or microsecond at or above it, so that it also reads right as an edge.
     * "∞", "-∞" and "NaN" as such.
     */
    public String exact(double x) {
        if (this == NUMBER || !inCalendar(x)) {
            return Words.exact(x);
        }
        return this == DAYS ? day((long) Math.ceil(x)) : time(ceilMicros(x), 1, true);
    }

    /**
     * Words for an edge e whose room is (lo, hi] — no value of either sample lies strictly between
     * any point there and e (lo &lt; e ≤ hi, all finite): the shortest number there
     * ({@link BinLabels#shortestIn}); or the roundest day or time in (lo, hi] or at the first day or
     * microsecond at or above e.
     */
    String roundestIn(double lo, double hi, double e) {
        if (this == NUMBER || !inCalendar(lo) || !inCalendar(hi)) {
            return BinLabels.shortestIn(lo, hi);
        }
        // room past year 9999 (Spark's last; BinLabels gives the highest edge a tenth of a bin above it): up to 10000-01-01
        hi = Math.min(hi, Math.max(e, this == DAYS ? END_OF_9999_DAYS : END_OF_9999_DAYS * 86_400.0));
        if (this == DAYS) {
            long top = Math.max((long) Math.floor(hi), (long) Math.ceil(e)); // ≥ ceil(e) > lo
            long year = LocalDate.ofEpochDay(top).withDayOfYear(1).toEpochDay();
            long month = LocalDate.ofEpochDay(top).withDayOfMonth(1).toEpochDay();
            return day(year > lo ? year : month > lo ? month : top);
        }
        long top = Math.max(floorMicros(hi), ceilMicros(e));
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(top, MICROS_PER_SECOND), 0, ZoneOffset.UTC);
        long year = micros(t.toLocalDate().withDayOfYear(1));
        long month = micros(t.toLocalDate().withDayOfMonth(1));
        long midnight = micros(t.toLocalDate());
        for (long candidate : new long[] {year, month, midnight}) {
            if (secondsOf(candidate) > lo) {
                return time(candidate, MICROS_PER_DAY, true);
            }
        }
        for (long step : WITHIN_DAY) {
            long candidate = Math.floorDiv(top, step) * step;
            if (secondsOf(candidate) > lo || step == 1) {
                return time(candidate, step, true);
            }
        }
        throw new AssertionError("unreachable: the microsecond step always answers");
    }

    /** A value to read (a mean, a quantile, an axis tick): four significant digits; the day it falls in. */
    public String approx(double x) {
        return pair(x, x)[0];
    }

    /**
     * Two values written alike with the least precision that tells them apart (both the same when
     * they are equal): "9.223372036854e+18 → 9.223372036855e+18" rather than "9.223e+18 → 9.223e+18";
     * "2020-06-27 → 2020-07-17", with the time of day (to the minute, the second, ...) where the
     * days are the same. A date or time is written as the day (minute, ...) it falls in, as a
     * calendar reads it, not the nearest: a median at 13:00 on 2020-07-17 is "2020-07-17".
     */
    public String[] pair(double a, double b) {
        if (this == NUMBER || !inCalendar(a) || !inCalendar(b)) {
            String[] out = {Words.num(a), Words.num(b)};
            for (int digits = 5; digits <= 17 && out[0].equals(out[1]) && Double.compare(a, b) != 0; digits++) {
                out = new String[] {Words.num(a, digits), Words.num(b, digits)};
            }
            return out;
        }
        double scale = this == DAYS ? MICROS_PER_DAY : MICROS_PER_SECOND;
        long[] steps = this == DAYS ? new long[] {MICROS_PER_DAY, 60_000_000L, MICROS_PER_SECOND}
                : new long[] {MICROS_PER_DAY, 60_000_000L, MICROS_PER_SECOND, 1_000L, 1L};
        String[] out = null;
        long ma = Math.round(a * scale); // the microsecond, then the step it falls in: 2026-11-08 13:00 is on 2026-11-08
        long mb = Math.round(b * scale);
        for (long step : steps) {
            long ra = Math.floorDiv(ma, step) * step;
            long rb = Math.floorDiv(mb, step) * step;
            out = new String[] {time(ra, step, false), time(rb, step, false)};
            if (ra != rb || Double.compare(a, b) == 0) {
                break;
            }
        }
        return out;
    }

    /** Whether x is a finite day or second these words can write as a date (within ±270,000 years). */
    private boolean inCalendar(double x) {
        double days = this == DAYS ? x : x / 86_400;
        return Double.isFinite(x) && Math.abs(days) < LARGEST_DAY;
    }

    private static String day(long epochDay) {
        return LocalDate.ofEpochDay(epochDay).toString();
    }

    /**
     * Microseconds since the epoch written to the precision of {@code step} (a day or finer), as an
     * edge ({@code trim}: zero parts left off, "2021-01-01" for midnight) or as one of a pair (every
     * part the step keeps, so the two read alike).
     */
    private static String time(long micros, long step, boolean trim) {
        long seconds = Math.floorDiv(micros, MICROS_PER_SECOND);
        int fraction = (int) Math.floorMod(micros, MICROS_PER_SECOND);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, fraction * 1000, ZoneOffset.UTC);
        if (step >= MICROS_PER_DAY || trim && Math.floorMod(micros, MICROS_PER_DAY) == 0) {
            return t.toLocalDate().toString();
        }
        if (step >= 60_000_000L || trim && Math.floorMod(micros, 60_000_000L) == 0) {
            return t.format(MINUTES);
        }
        String s = t.format(SECONDS_FORMAT);
        if (step >= MICROS_PER_SECOND || trim && fraction == 0) {
            return s;
        }
        String digits = String.format(Locale.ROOT, "%06d", fraction);
        if (step >= 1000 || trim && fraction % 1000 == 0) {
            return s + "." + digits.substring(0, 3);
        }
        return s + "." + digits;
    }

    private static long micros(LocalDate d) {
        return d.toEpochDay() * MICROS_PER_DAY;
    }

    /** The seconds the scan reads for a timestamp of these microseconds (as it computes them). */
    private static double secondsOf(long micros) {
        return (double) micros / 1e6;
    }

    /**
     * The first microsecond whose seconds are ≥ x (beyond 1685–2255, where several microseconds read
     * as one double, the one x's product names in that group).
     */
    private static long ceilMicros(double x) {
        long m = (long) Math.ceil(x * 1e6);
        for (int i = 0; i < 64 && secondsOf(m - 1) >= x && secondsOf(m - 1) < secondsOf(m); i++) {
            m--;
        }
        for (int i = 0; i < 64 && secondsOf(m) < x; i++) {
            m++;
        }
        return m;
    }

    /** The last microsecond whose seconds are ≤ x (beyond 1685–2255, as {@link #ceilMicros}). */
    private static long floorMicros(double x) {
        long m = (long) Math.floor(x * 1e6);
        for (int i = 0; i < 64 && secondsOf(m + 1) <= x && secondsOf(m + 1) > secondsOf(m); i++) {
            m++;
        }
        for (int i = 0; i < 64 && secondsOf(m) > x; i++) {
            m--;
        }
        return m;
    }
}
