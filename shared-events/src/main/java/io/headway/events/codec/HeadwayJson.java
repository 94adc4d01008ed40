package io.headway.events.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON settings of the wire format, in one place: ISO-8601 UTC instants (read and written by {@link WireInstants}
 * in their canonical form), absent rather than null optional fields,
 * and unknown fields ignored on read so that newer producers never break older readers.
 */
public final class HeadwayJson {

    private static final ObjectMapper MAPPER = configure(JsonMapper.builder()).build();

    private HeadwayJson() {
    }

    /** The shared, thread-safe mapper. Do not reconfigure it; use {@link #configure} for a mapper of your own. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Applies the wire-format settings to a builder, e.g. to align a framework's own mapper. */
    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder
                .addModule(new JavaTimeModule())
                .addModule(WireInstants.module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .serializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
