package io.headway.aggregator;

import io.agroal.api.AgroalDataSource;
import io.headway.events.JobSnapshot;
import io.headway.events.codec.HeadwayJson;
import io.headway.events.kafka.WireType;
import io.headway.livestore.LiveKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What tests read back from the real Redis and PostgreSQL, as a user of either would see it. */
@ApplicationScoped
class Stores {

    private final RedisDataSource redis;
    private final AgroalDataSource postgres;

    Stores(RedisDataSource redis, AgroalDataSource postgres) {
        this.redis = redis;
        this.postgres = postgres;
    }

    JobSnapshot liveSnapshot(String jobId) {
        String json = redis.value(String.class).get(LiveKeys.snapshot(jobId));
        return json == null ? null : WireType.JOB_STATE.codec().decode(json.getBytes(StandardCharsets.UTF_8));
    }

    <T> T liveValue(String key, Class<T> type) {
        String json = redis.value(String.class).get(key);
        try {
            return json == null ? null : HeadwayJson.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Duration ttl(String key) {
        return Duration.ofMillis(redis.key().pttl(key));
    }

    RedisDataSource redis() {
        return redis;
    }

    /** The rows a query returns, each row its columns in order. */
    List<List<Object>> rows(String sql, Object... parameters) {
        try (Connection connection = postgres.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = query.executeQuery()) {
                List<List<Object>> rows = new ArrayList<>();
                while (result.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
                        row.add(result.getObject(c));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs an insert, update or delete. */
    void update(String sql, Object... parameters) {
        try (Connection connection = postgres.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String sql, Object... parameters) {
        return ((Number) rows(sql, parameters).getFirst().getFirst()).longValue();
    }
}
