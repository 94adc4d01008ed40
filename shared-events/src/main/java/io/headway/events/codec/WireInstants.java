package io.headway.events.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeFormatter;

/**
 * Reads and writes the one form the wire format gives an instant, {@code 2026-12-01T20:15:03.120Z}
 * ({@link DateTimeFormatter#ISO_INSTANT}: UTC, whole seconds, then the fraction in groups of three digits when it is
 * not zero), by hand, and leaves every other form to the JSR-310 module.
 *
 * <p>Why: every event carries one or more instants, and every snapshot several. Through {@code DateTimeFormatter}
 * they cost 5 % of the aggregator's CPU and 12 % of the ETA predictor's event loop at 5,000 events/s (async-profiler,
 * {@code docs/benchmarks.md}): a formatter parse builds a field map and resolves it for every value. This reads the
 * fixed positions of the canonical form and must give exactly what {@code Instant.parse} and {@code
 * Instant.toString} give; a string in any other form (an offset, a year past 9999, a leap second) goes to the
 * module's own deserializer, which accepts it or fails with its own message. The wire format gives no field a
 * format of its own, and these honour none: a {@code @JsonFormat} on an {@code Instant} would need the module's.
 */
public final class WireInstants {

    private static final int SECONDS_PER_DAY = 86_400;
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000, 1_000_000_000};
    private static final long FIRST_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * SECONDS_PER_DAY;
    private static final long AFTER_LAST_SECOND = LocalDate.of(10_000, 1, 1).toEpochDay() * SECONDS_PER_DAY;

    private WireInstants() {
    }

    /** A module that reads and writes {@link Instant}s this way; register it after the JSR-310 module. */
    public static SimpleModule module() {
        return new SimpleModule("headway-wire-instants")
                .addSerializer(Instant.class, new Writer())
                .addDeserializer(Instant.class, new Reader());
    }

    /** The instant a canonical string names, or {@code null} when it is in another form (or no instant at all). */
    public static Instant parse(CharSequence text) {
        int length = text.length();
        if (length < 20 || length == 21 || length > 30 || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            int fraction = text.charAt(19) == '.' ? digits(text, 20, length - 1) : -1;
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * POWERS_OF_TEN[9 - fractionDigits];
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The canonical form of an instant, exactly as {@link Instant#toString()} writes it. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND || seconds >= AFTER_LAST_SECOND) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        int nanos = instant.getNano();
        char[] out = new char[nanos == 0 ? 20 : nanos % 1_000_000 == 0 ? 24 : nanos % 1_000 == 0 ? 27 : 30];
        put(out, 0, 4, date.getYear());
        out[4] = '-';
        put(out, 5, 7, date.getMonthValue());
        out[7] = '-';
        put(out, 8, 10, date.getDayOfMonth());
        out[10] = 'T';
        put(out, 11, 13, secondOfDay / 3_600);
        out[13] = ':';
        put(out, 14, 16, secondOfDay / 60 % 60);
        out[16] = ':';
        put(out, 17, 19, secondOfDay % 60);
        if (out.length > 20) {
            out[19] = '.';
            put(out, 20, out.length - 1, nanos / POWERS_OF_TEN[30 - out.length]);
        }
        out[out.length - 1] = 'Z';
        return new String(out);
    }

    /** The decimal number in {@code text[from, to)}, or -1 if any of it is not a digit. */
    private static int digits(CharSequence text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** Writes {@code value} as the decimal digits of {@code out[from, to)}, zero-padded on the left. */
    private static void put(char[] out, int from, int to, int value) {
        for (int i = to - 1; i >= from; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static final class Reader extends StdScalarDeserializer<Instant> {

        Reader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant canonical = parse(parser.getText());
                if (canonical != null) {
                    return canonical;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }

    private static final class Writer extends StdSerializer<Instant> {

        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
                InstantSerializer.INSTANCE.serialize(value, generator, provider);
            } else {
                generator.writeString(format(value));
            }
        }
    }
}
