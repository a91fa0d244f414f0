package io.sparkdrift.settings;

import io.sparkdrift.run.InputException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed reads of raw setting values, each failing with a one-line {@link InputException}. */
public final class Values {
    private Values() {
    }

    public static String string(String key, Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            throw new InputException("invalid " + key + ": expected a single value, got " + v);
        }
        return v.toString();
    }

    public static int positiveInt(String key, Object v, int dflt) {
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.toString().trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new InputException("invalid " + key + " '" + v + "': expected a whole number >= 1");
    }

    public static double number(String key, Object v, double dflt, double min, double max) {
        if (v == null) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v.toString().trim());
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new InputException("invalid " + key + " '" + v + "': expected a number between " + min + " and " + max);
    }

    public static boolean bool(String key, Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new InputException("invalid " + key + " '" + v + "': expected true or false");
    }

    public static LocalDate date(String key, Object v) {
        try {
            return LocalDate.parse(v.toString().trim());
        } catch (DateTimeParseException e) {
            throw new InputException("invalid " + key + " '" + v + "': expected a date as YYYY-MM-DD");
        }
    }

    public static List<String> names(String key, Object v) {
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                out.addAll(splitList(String.valueOf(o)));
            }
        } else {
            out.addAll(splitList(v.toString()));
        }
        return out;
    }

    public static double[] edges(String feature, Object v) {
        List<?> raw = v instanceof List<?> l ? l : splitList(String.valueOf(v));
        double[] out = new double[raw.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = Double.parseDouble(String.valueOf(raw.get(i)).trim());
            } catch (NumberFormatException e) {
                throw new InputException("invalid edges for " + feature + ": '" + raw.get(i) + "' is not a number");
            }
        }
        return out;
    }

    /** The non-blank, trimmed items of a comma-separated list. */
    public static List<String> splitList(String value) {
        List<String> out = new ArrayList<>();
        for (String p : value.split(",")) {
            if (!p.isBlank()) {
                out.add(p.trim());
            }
        }
        return out;
    }
}
