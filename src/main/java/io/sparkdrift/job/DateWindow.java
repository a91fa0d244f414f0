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
 */
public record DateWindow(String referenceFilter, String currentFilter, List<LocalDate> days, LocalDate runDate) {

    static DateWindow resolve(Settings s, String dateColumn, String referenceFilter, String currentFilter) {
        String col = "`" + dateColumn.replace("`", "``") + "`";
        Object currentDate = s.get("current-date");
        Object currentRange = s.get("current-range");
        Object window = s.get("reference-window");
        Object referenceRange = s.get("reference-range");
        if (currentDate != null && currentRange != null) {
            throw new InputException("give --current-date or --current-range, not both");
        }
        if (window != null && referenceRange != null) {
            throw new InputException("give --reference-window or --reference-range, not both");
        }
        LocalDate first = null;
        List<LocalDate> days = new ArrayList<>();
        String cur = currentFilter;
        if (currentDate != null) {
            first = Values.date("current-date", currentDate);
            cur = and(cur, col + " = '" + first + "'");
        } else if (currentRange != null) {
            LocalDate[] r = range("current-range", currentRange);
            first = r[0];
            for (LocalDate d = r[0]; !d.isAfter(r[1]); d = d.plusDays(1)) {
                days.add(d);
            }
            cur = and(cur, col + " BETWEEN '" + r[0] + "' AND '" + r[1] + "'");
        }
        String ref = referenceFilter;
        if (window != null) {
            if (first == null) {
                throw new InputException("--reference-window needs --current-date or --current-range to count back from");
            }
            int n = windowDays(window);
            ref = and(ref, col + " BETWEEN '" + first.minusDays(n) + "' AND '" + first.minusDays(1) + "'");
        } else if (referenceRange != null) {
            LocalDate[] r = range("reference-range", referenceRange);
            ref = and(ref, col + " BETWEEN '" + r[0] + "' AND '" + r[1] + "'");
        }
        return new DateWindow(ref, cur, List.copyOf(days), currentDate != null ? first : null);
    }

    private static String and(String a, String b) {
        return a == null || a.isBlank() ? b : "(" + a + ") AND (" + b + ")";
    }

    static LocalDate[] range(String key, Object v) {
        String[] parts = String.valueOf(v).split("\\.\\.");
        if (parts.length != 2) {
            throw new InputException("invalid " + key + " '" + v + "': expected FIRST..LAST, e.g. 2026-11-01..2026-11-07");
        }
        LocalDate a = Values.date(key, parts[0]);
        LocalDate b = Values.date(key, parts[1]);
        if (b.isBefore(a)) {
            throw new InputException("invalid " + key + " '" + v + "': the last day is before the first");
        }
        return new LocalDate[] {a, b};
    }

    private static int windowDays(Object v) {
        String w = String.valueOf(v).trim();
        if (w.matches("[1-9][0-9]*d?")) {
            return Integer.parseInt(w.endsWith("d") ? w.substring(0, w.length() - 1) : w);
        }
        throw new InputException("invalid reference-window '" + v + "': expected a number of days such as 28d");
    }
}
