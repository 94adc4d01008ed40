package io.headway.gateway.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headway.events.codec.HeadwayJson;
import io.headway.stream.LogPosition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an SSE client has received, carried in each event's id so the browser hands it back as
 * {@code Last-Event-ID} when it reconnects: per job, the last snapshot sequence and the last log line. It covers the
 * {@value #JOBS} jobs that changed most recently; a job beyond them only gets its current snapshot again on resume
 * (states are idempotent), and its log from where the stream says it stands.
 */
public final class ResumeToken {

    static final int JOBS = 100;
    private static final ObjectMapper JSON = HeadwayJson.mapper();
    private static final TypeReference<Map<String, List<Long>>> SHAPE = new TypeReference<>() {
    };

    private final Map<String, Long> sequences = lru();
    private final Map<String, LogPosition> logs = lru();

    /** Notes a frame as sent; returns the id the event carries. */
    public synchronized String sent(Frame frame) {
        switch (frame.kind()) {
            case SNAPSHOT -> sequences.put(frame.jobId(), frame.sequence());
            case LOGS, LOG_GAP -> logs.put(frame.jobId(), frame.last());
            case SNAPSHOTS -> sequences.putAll(frame.carried());
            case MESSAGE -> { }
        }
        Map<String, List<Long>> state = new HashMap<>();
        sequences.forEach((job, sequence) -> state.put(job, new ArrayList<>(List.of(sequence))));
        logs.forEach((job, position) -> state.computeIfAbsent(job, k -> new ArrayList<>(List.of(-1L)))
                .addAll(List.of((long) position.attempt(), position.sequence())));
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(state));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a {@code Last-Event-ID} says the client has. */
    public record Resume(Map<String, Long> since, Map<String, LogPosition> logsAfter) {
        static final Resume NONE = new Resume(Map.of(), Map.of());
    }

    /** @throws IllegalArgumentException when the id is not one this stream made */
    public static Resume parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return Resume.NONE;
        }
        try {
            Map<String, List<Long>> state = JSON.readValue(Base64.getUrlDecoder().decode(lastEventId), SHAPE);
            Map<String, Long> since = new HashMap<>();
            Map<String, LogPosition> logsAfter = new HashMap<>();
            state.forEach((job, values) -> {
                if (values.getFirst() >= 0) {
                    since.put(job, values.getFirst());
                }
                if (values.size() == 3) {
                    logsAfter.put(job, new LogPosition(values.get(1).intValue(), values.get(2)));
                }
            });
            return new Resume(since, logsAfter);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Last-Event-ID is not an id this stream sent");
        }
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > JOBS;
            }
        };
    }
}
