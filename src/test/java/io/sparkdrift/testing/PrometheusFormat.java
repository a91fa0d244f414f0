package io.sparkdrift.testing;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4), as the Prometheus server and
 * node_exporter's textfile collector parse it: metric and label names by the format's regular
 * expressions, label values with only \\, \" and \n escapes, values as Go floats (NaN, ±Inf), at
 * most one HELP and one TYPE per family and both before its first sample, a family's samples
 * together, no repeated series, a final line feed. Any breach throws, naming the line.
 */
public final class PrometheusFormat {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    private PrometheusFormat() {
    }

    /** Series ("name" or "name{labels as written}") → value. */
    public static Map<String, Double> parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the text must end with a line feed");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        Set<String> typed = new HashSet<>();
        Set<String> helped = new HashSet<>();
        Set<String> closed = new HashSet<>(); // families whose samples ended
        String current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + " '" + line + "': ";
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] f = line.split(" ", 4);
                if (f.length >= 3 && (f[1].equals("HELP") || f[1].equals("TYPE"))) {
                    check(NAME.matcher(f[2]).matches(), where + "bad metric name");
                    check(out.keySet().stream().noneMatch(k -> family(k).equals(f[2])), where + "HELP/TYPE after the family's samples");
                    if (f[1].equals("TYPE")) {
                        check(f.length == 4 && TYPES.contains(f[3]), where + "unknown type");
                        check(typed.add(f[2]), where + "second TYPE line");
                    } else {
                        check(helped.add(f[2]), where + "second HELP line");
                    }
                }
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
            check(NAME.matcher(name).matches(), where + "bad metric name");
            String rest;
            String key;
            if (brace >= 0 && brace < space) {
                int end = labelsEnd(line, brace, where);
                key = line.substring(0, end + 1);
                rest = line.substring(end + 1);
            } else {
                key = name;
                rest = line.substring(space);
            }
            check(rest.startsWith(" "), where + "no space before the value");
            String[] valueAndTime = rest.trim().split(" ");
            check(valueAndTime.length <= 2, where + "extra fields");
            double v = parseValue(valueAndTime[0]);
            if (valueAndTime.length == 2) {
                Long.parseLong(valueAndTime[1]);
            }
            if (!name.equals(current)) {
                check(!closed.contains(name), where + "samples of a family are not together");
                if (current != null) {
                    closed.add(current);
                }
                current = name;
            }
            check(out.put(key, v) == null, where + "repeated series");
        }
        return out;
    }

    private static String family(String key) {
        int b = key.indexOf('{');
        return b < 0 ? key : key.substring(0, b);
    }

    /** Index of the closing brace of the label set opened at {@code open}, checking every pair. */
    private static int labelsEnd(String line, int open, String where) {
        int i = open + 1;
        Set<String> names = new HashSet<>();
        while (line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            String label = line.substring(i, eq);
            check(LABEL.matcher(label).matches(), where + "bad label name " + label);
            check(names.add(label), where + "repeated label " + label);
            check(line.charAt(eq + 1) == '"', where + "label value not quoted");
            i = eq + 2;
            while (line.charAt(i) != '"') {
                if (line.charAt(i) == '\\') {
                    char e = line.charAt(i + 1);
                    check(e == '\\' || e == '"' || e == 'n', where + "bad escape \\" + e);
                    i++;
                }
                i++;
            }
            i++;
            if (line.charAt(i) == ',') {
                i++;
            } else {
                check(line.charAt(i) == '}', where + "expected , or }");
            }
        }
        return i;
    }

    /** A sample value as Go's ParseFloat reads it (what Prometheus uses). */
    public static double parseValue(String s) {
        switch (s) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                check(s.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?"), "bad value " + s);
                return Double.parseDouble(s);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
