package io.headway.gateway.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One range of a download (RFC 9110, 14.1.2): {@code bytes=0-499}, {@code bytes=500-}, {@code bytes=-500}. Several
 * ranges at once are answered with the whole object, as the RFC allows; a malformed header is ignored the same way.
 *
 * @param length how many bytes from {@code first}
 */
public record ByteRange(long first, long length) {

    private static final Pattern SINGLE = Pattern.compile("bytes=\\s*(\\d*)-(\\d*)\\s*");

    /** What a Range header asks of an object of {@code size} bytes. */
    public sealed interface Request {
    }

    /** The whole object: no header, several ranges, or one the server may ignore. */
    public record Whole() implements Request {
    }

    public record Partial(ByteRange range) implements Request {
    }

    /** A range that starts beyond the object: 416. */
    public record Unsatisfiable() implements Request {
    }

    public static Request of(String header, long size) {
        Matcher m = header == null ? null : SINGLE.matcher(header);
        if (m == null || !m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return new Whole();
        }
        Optional<Long> first = number(m.group(1));
        Optional<Long> last = number(m.group(2));
        if (first.isEmpty() && last.isPresent()) {
            long suffix = Math.min(last.get(), size);
            return suffix == 0 ? new Unsatisfiable() : new Partial(new ByteRange(size - suffix, suffix));
        }
        if (first.isEmpty() || last.isPresent() && last.get() < first.get()) {
            return new Whole();
        }
        if (first.get() >= size) {
            return new Unsatisfiable();
        }
        long end = Math.min(last.orElse(size - 1), size - 1);
        return new Partial(new ByteRange(first.get(), end - first.get() + 1));
    }

    /** The Content-Range header of this range of an object of {@code size} bytes. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + (first + length - 1) + "/" + size;
    }

    private static Optional<Long> number(String digits) {
        if (digits.isEmpty() || digits.length() > 18) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(digits));
    }
}
