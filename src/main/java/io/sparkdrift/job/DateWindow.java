package io.sparkdrift.job;

import io.sparkdrift.run.InputException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Date windows over a date (partition) column, turned into filters that Spark prunes partitions
 * with:
 * <ul>
 *   <li>{@code --current-date D}: the current data is day D;</li>
 *   <li>{@code --current-range D1..D2}: every day from D1 to D2, each compared on its own (one scan);</li>
 *   <li>{@code --reference-window Nd}: the reference is the N days before the first current day;</li>
 *   <li>{@code --reference-range D1..D2}: the reference is those days.</li>
 * </ul>
 * The filters are ANDed with {@code --reference-filter} and {@code --current-filter}.
 *
 * @param days the current days in range mode (empty otherwise)
 * @param selectsDays true when a date, a range or a window was given: the date column chose the days
 * @param referenceDays the days of {@code --reference-window} or {@code --reference-range} (empty otherwise)
 */
public record DateWindow(String referenceFilter, String currentFilter, List<LocalDate> days, LocalDate runDate,
        boolean selectsDays, List<LocalDate> referenceDays) {

    /**
     * The filters of these windows over {@code dateColumn}, ANDed with the given filters.
     *
     * @param format how the column writes a day (its literals in the filters)
     * @param currentDate the current day, or null
     * @param currentRange {first, last} current days, or null
     * @param windowDays the reference is this many days before the first current day, or null
     * @param referenceRange {first, last} reference days, or null
     */
    public static DateWindow resolve(String dateColumn, DateFormat format, LocalDate currentDate, LocalDate[] currentRange,
            Integer windowDays, LocalDate[] referenceRange, String referenceFilter, String currentFilter) {
        String col = quoted(dateColumn);
        if (currentDate != null && currentRange != null) {
            throw new InputException("give --current-date or --current-range, not both");
        }
        if (windowDays != null && referenceRange != null) {
            throw new InputException("give --reference-window or --reference-range, not both");
        }
        LocalDate first = null;
        List<LocalDate> days = new ArrayList<>();
        String cur = currentFilter;
        if (currentDate != null) {
            first = currentDate;
            cur = and(cur, day(dateColumn, format, first));
        } else if (currentRange != null) {
            first = currentRange[0];
            for (LocalDate d = currentRange[0]; !d.isAfter(currentRange[1]); d = d.plusDays(1)) {
                days.add(d);
            }
            cur = and(cur, col + " BETWEEN '" + format.of(currentRange[0]) + "' AND '" + format.of(currentRange[1]) + "'");
        }
        String ref = referenceFilter;
        LocalDate[] refDays = null;
        if (windowDays != null) {
            if (first == null) {
                throw new InputException("--reference-window needs --current-date or --current-range to count back from");
            }
            refDays = new LocalDate[] {first.minusDays(windowDays), first.minusDays(1)};
        } else if (referenceRange != null) {
            refDays = referenceRange;
        }
        List<LocalDate> referenceDays = new ArrayList<>();
        if (refDays != null) {
            ref = and(ref, col + " BETWEEN '" + format.of(refDays[0]) + "' AND '" + format.of(refDays[1]) + "'");
            for (LocalDate d = refDays[0]; !d.isAfter(refDays[1]); d = d.plusDays(1)) {
                referenceDays.add(d);
            }
        }
        boolean selects = currentDate != null || currentRange != null || windowDays != null || referenceRange != null;
        return new DateWindow(ref, cur, List.copyOf(days), currentDate, selects, List.copyOf(referenceDays));
    }

    /** The filter of one day over the date column, as the windows write it (range mode's days name theirs so). */
    public static String day(String dateColumn, DateFormat format, LocalDate d) {
        return quoted(dateColumn) + " = '" + format.of(d) + "'";
    }

    private static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    private static String and(String a, String b) {
        return a == null || a.isBlank() ? b : "(" + a + ") AND (" + b + ")";
    }
}
