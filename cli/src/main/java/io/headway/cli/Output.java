package io.headway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.headway.events.codec.HeadwayJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Read commands print a table for people, or JSON or CSV for scripts ({@code --output}). */
final class Output {

    enum Format { table, json, csv }

    private static final ObjectMapper JSON = HeadwayJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    /** A column: its heading and how to get its text from a row. */
    record Column(String name, Function<JsonNode, String> value) {
        static Column of(String name, String field) {
            return new Column(name, row -> text(row.path(field)));
        }
    }

    static void print(PrintWriter out, Format format, JsonNode raw, List<JsonNode> rows, List<Column> columns) {
        switch (format) {
            case json -> out.println(write(raw));
            case csv -> {
                out.println(String.join(",", columns.stream().map(Column::name).toList()));
                for (JsonNode row : rows) {
                    out.println(String.join(",", columns.stream().map(c -> csv(c.value().apply(row))).toList()));
                }
            }
            case table -> table(out, rows, columns);
        }
        out.flush();
    }

    private static void table(PrintWriter out, List<JsonNode> rows, List<Column> columns) {
        List<String[]> cells = new ArrayList<>();
        int[] widths = columns.stream().mapToInt(c -> c.name().length()).toArray();
        for (JsonNode row : rows) {
            String[] line = new String[columns.size()];
            for (int i = 0; i < line.length; i++) {
                line[i] = columns.get(i).value().apply(row);
                widths[i] = Math.max(widths[i], line[i].length());
            }
            cells.add(line);
        }
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            header.append(String.format("%-" + widths[i] + "s  ", columns.get(i).name().toUpperCase()));
        }
        out.println(header.toString().stripTrailing());
        for (String[] line : cells) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(String.format("%-" + widths[i] + "s  ", line[i]));
            }
            out.println(text.toString().stripTrailing());
        }
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            return node.toString();
        }
    }

    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (node.isObject()) {
            List<String> pairs = new ArrayList<>();
            node.properties().forEach(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
            return String.join(" ", pairs);
        }
        return node.asText();
    }

    private static String csv(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
