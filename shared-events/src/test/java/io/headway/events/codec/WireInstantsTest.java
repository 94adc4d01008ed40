package io.headway.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireInstantsTest {

    final ObjectMapper mapper = HeadwayJson.mapper();
    final ObjectMapper javaTimeOnly = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    /** Years 0 to 9999, with nanoseconds, milliseconds, microseconds or whole seconds, as the wire carries them. */
    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.longs().between(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(us -> us * 1_000),
                Arbitraries.integers().between(0, 999_999_999));
        return seconds.flatMap(s -> nanos.map(n -> Instant.ofEpochSecond(s, n)));
    }

    @Property(tries = 5_000)
    void writesWhatTheJdkWrites(@ForAll("instants") Instant instant) {
        assertThat(WireInstants.format(instant)).isEqualTo(instant.toString());
    }

    @Property(tries = 5_000)
    void readsWhatTheJdkReads(@ForAll("instants") Instant instant) {
        assertThat(WireInstants.parse(instant.toString())).isEqualTo(instant);
    }

    @Property(tries = 2_000)
    void theMapperRoundTripsEveryInstant(@ForAll("instants") Instant instant) throws Exception {
        String json = mapper.writeValueAsString(instant);

        assertThat(json).isEqualTo('"' + instant.toString() + '"');
        assertThat(mapper.readValue(json, Instant.class)).isEqualTo(instant);
    }

    @Test
    void instantsOutsideTheFourDigitYearsAreWrittenAsTheJdkWritesThem() throws Exception {
        for (Instant far : new Instant[] {Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59.5Z"), Instant.MAX, Instant.MIN}) {
            assertThat(mapper.writeValueAsString(far)).isEqualTo('"' + far.toString() + '"');
            assertThat(mapper.readValue(mapper.writeValueAsString(far), Instant.class)).isEqualTo(far);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01T20:15:03+01:00", "2026-12-01T20:15:03.5-02:30", "+10000-01-01T00:00:00Z",
            "2026-12-31T23:59:60Z", "2026-12-01T20:15Z", "2026-12-01 20:15:03Z", "2026-02-29T00:00:00Z",
            "2026-12-01T20:15:03.Z", "2026-12-01T20:15:03.1234567890Z", "2026-13-01T00:00:00Z", "١٢٣٤-12-01T00:00:00Z",
            "2026-12-01T20:15:03,5Z"})
    void anyOtherFormIsLeftToTheJavaTimeModule(String text) {
        assertThat(WireInstants.parse(text)).isNull();
        assertThat(read(mapper, text)).isEqualTo(read(javaTimeOnly, text));
    }

    @Test
    void theWireMapperUsesThem() throws Exception {
        var deserializers = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createDummyInstance(mapper.getDeserializationConfig());

        assertThat(mapper.getSerializerProviderInstance().findValueSerializer(Instant.class).getClass()
                .getEnclosingClass()).isEqualTo(WireInstants.class);
        assertThat(deserializers.findRootValueDeserializer(mapper.constructType(Instant.class)).getClass()
                .getEnclosingClass()).isEqualTo(WireInstants.class);
    }

    @Test
    void numbersAreStillReadAsEpochSeconds() throws Exception {
        assertThat(mapper.readValue("1764620103.5", Instant.class)).isEqualTo(Instant.ofEpochSecond(1764620103,
                500_000_000));
    }

    @Test
    void aMapperWritingTimestampsStillWritesNumbers() throws Exception {
        ObjectMapper timestamps = mapper.copy().enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

        assertThat(timestamps.writeValueAsString(Instant.ofEpochSecond(1764620103, 500_000_000)))
                .isEqualTo("1764620103.500000000");
    }

    /** The instant a mapper reads from a JSON string, or the kind of error it fails with. */
    private static Object read(ObjectMapper reader, String text) {
        try {
            return reader.readValue('"' + text + '"', Instant.class);
        } catch (Exception e) {
            return e.getClass();
        }
    }
}
