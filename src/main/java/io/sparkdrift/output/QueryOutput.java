package io.sparkdrift.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Renders query results as an aligned text table, CSV (RFC 4180) or a JSON array of objects. */
public final class QueryOutput {
    public static final List<String> FORMATS = List.of("table", "csv", "json");

    private QueryOutput() {
    }

    public static String render(List<String> columns, List<List<Object>> rows, String format) {
        return switch (format) {
            case "csv" -> csv(columns, rows);
            case "json" -> json(columns, rows);
            default -> table(columns, rows);
        };
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        return v instanceof Double d ? ConsoleTable.format(d) : v.toString();
    }

    private static String table(List<String> columns, List<List<Object>> rows) {
        int[] width = new int[columns.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = columns.get(i).length();
            for (List<Object> r : rows) {
                width[i] = Math.max(width[i], text(r.get(i)).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, columns.stream().map(c -> (Object) c).toList(), width);
        for (List<Object> r : rows) {
            line(sb, r, width);
        }
        sb.append('(').append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)").append(System.lineSeparator());
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<Object> values, int[] width) {
        for (int i = 0; i < values.size(); i++) {
            String t = text(values.get(i));
            sb.append(t).append(" ".repeat(width[i] - t.length())).append(i + 1 < values.size() ? "  " : "");
        }
        sb.append(System.lineSeparator());
    }

    private static String csv(List<String> columns, List<List<Object>> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", columns.stream().map(QueryOutput::quote).toList())).append('\n');
        for (List<Object> r : rows) {
            sb.append(String.join(",", r.stream().map(v -> quote(v == null ? "" : String.valueOf(v))).toList())).append('\n');
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String json(List<String> columns, List<List<Object>> rows) {
        ArrayNode arr = Json.F.arrayNode();
        for (List<Object> r : rows) {
            ObjectNode o = arr.addObject();
            for (int i = 0; i < columns.size(); i++) {
                Object v = r.get(i);
                if (v == null) {
                    o.putNull(columns.get(i));
                } else if (v instanceof Double d) {
                    Json.put(o, columns.get(i), d);
                } else if (v instanceof Number n) {
                    o.put(columns.get(i), n.toString().contains(".") ? n.doubleValue() : n.longValue());
                } else if (v instanceof Boolean b) {
                    o.put(columns.get(i), b);
                } else {
                    o.put(columns.get(i), v.toString());
                }
            }
        }
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(arr) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
