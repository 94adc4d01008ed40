package io.headway.history.sql;

import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of a search made of optional filters, numbering the parameters ({@code $1}, {@code $2}, ...) as
 * filters are added, so a search says only which filters apply. Values are always parameters, never SQL text.
 */
public final class Conditions {

    private final List<String> clauses = new ArrayList<>();
    private final Tuple parameters = Tuple.tuple();

    /** Adds a condition; each {@code ?} in it becomes the next parameter, taking the values in order. */
    public Conditions and(String condition, Object... values) {
        clauses.add(numbered(condition, values));
        return this;
    }

    /** Adds the condition only when its value is present. */
    public Conditions andIfPresent(String condition, Object value) {
        return value == null ? this : and(condition, value);
    }

    /** The statement: {@code select WHERE ...} and then {@code rest}, whose {@code ?} take {@code values}. */
    public String statement(String select, String rest, Object... values) {
        return select + " WHERE " + String.join(" AND ", clauses) + " " + numbered(rest, values);
    }

    public Tuple parameters() {
        return parameters;
    }

    private String numbered(String text, Object[] values) {
        StringBuilder sql = new StringBuilder();
        int next = 0;
        for (char c : text.toCharArray()) {
            if (c == '?') {
                parameters.addValue(values[next++]);
                sql.append('$').append(parameters.size());
            } else {
                sql.append(c);
            }
        }
        return sql.toString();
    }
}
