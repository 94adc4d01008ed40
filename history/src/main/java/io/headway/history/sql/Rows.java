package io.headway.history.sql;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Reading and writing the values the stores exchange with PostgreSQL, the same way in every store. */
public final class Rows {

    private Rows() {
    }

    public static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static <T> List<T> all(RowSet<Row> rows, Function<Row, T> read) {
        List<T> items = new ArrayList<>(rows.size());
        rows.forEach(row -> items.add(read.apply(row)));
        return items;
    }

    public static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> read) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(read.apply(rows.iterator().next()));
    }
}
