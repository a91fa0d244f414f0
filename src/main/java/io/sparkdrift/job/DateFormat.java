package io.sparkdrift.job;

import io.sparkdrift.run.InputException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a date (partition) column writes a day ({@code --date-format}): {@code yyyy-MM-dd} unless a
 * table says otherwise, as Hive tables partitioned by {@code dt=20261108} do (a string, or an integer
 * where Spark infers partition types). The days the user gives stay {@code yyyy-MM-dd}; this is only
 * how they are written into the date filters and matched to the column's values in range mode.
 *
 * <p>The date windows become {@code BETWEEN} filters, so a format is accepted only if it writes every
 * day at the same width and in the order of the days (year first: {@code yyyyMMdd},
 * {@code yyyy/MM/dd}; not {@code dd-MM-yyyy}, whose strings sort by day of month), reads back as the
 * same day, and never writes a quote or a backslash (it is put between quotes in SQL).
 */
public final class DateFormat {
    /** {@code yyyy-MM-dd}, as Spark writes a date. */
    public static final DateFormat ISO = new DateFormat("yyyy-MM-dd");

    private final String pattern;
    private final DateTimeFormatter formatter;

    private DateFormat(String pattern) {
        this.pattern = pattern;
        this.formatter = DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withResolverStyle(ResolverStyle.SMART);
    }

    /**
     * The format of {@code --date-format PATTERN} (Java's date pattern letters), ISO when null.
     *
     * @throws InputException when the pattern is not a usable day format (see the class comment)
     */
    public static DateFormat of(String pattern) {
        if (pattern == null || pattern.equals(ISO.pattern)) {
            return ISO;
        }
        DateFormat f;
        try {
            f = new DateFormat(pattern);
        } catch (IllegalArgumentException e) {
            throw invalid(pattern, e.getMessage());
        }
        List<LocalDate> probes = new ArrayList<>();
        for (LocalDate d = LocalDate.of(1999, 12, 28); d.isBefore(LocalDate.of(2000, 1, 3)); d = d.plusDays(1)) {
            probes.add(d);
        }
        probes.addAll(List.of(LocalDate.of(2024, 2, 29), LocalDate.of(2026, 9, 30), LocalDate.of(2026, 10, 1),
                LocalDate.of(2026, 11, 8), LocalDate.of(2099, 12, 31)));
        String previous = null;
        for (LocalDate d : probes) {
            String s;
            try {
                s = f.of(d);
                if (!LocalDate.parse(s, f.formatter).equals(d)) {
                    throw invalid(pattern, "'" + s + "' does not read back as " + d);
                }
            } catch (java.time.DateTimeException e) {
                throw invalid(pattern, "it does not write and read back a whole day (" + e.getMessage() + ")");
            }
            if (s.indexOf('\'') >= 0 || s.indexOf('\\') >= 0) {
                throw invalid(pattern, "it writes a quote or a backslash");
            }
            if (previous != null && (s.length() != previous.length() || s.compareTo(previous) <= 0)) {
                throw invalid(pattern, "its days do not sort as the days do ('" + previous + "', then '" + s
                        + "'); put the year first, at a fixed width (e.g. yyyyMMdd)");
            }
            previous = s;
        }
        return f;
    }

    /** The pattern (Java's date pattern letters, which Spark reads alike for these formats). */
    public String pattern() {
        return pattern;
    }

    private static InputException invalid(String pattern, String why) {
        return new InputException("invalid --date-format '" + pattern + "': " + why);
    }

    /** Day {@code d} as the column writes it. */
    public String of(LocalDate d) {
        return formatter.format(d);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
