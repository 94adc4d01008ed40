package io.headway.gateway.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/** Where a page of jobs ended: the last job's submission time and id, as an opaque token for the client. */
public record JobCursor(Instant submittedAt, String jobId) {

    public static JobCursor of(JobSummary last) {
        return new JobCursor(last.submittedAt(), last.jobId());
    }

    public String token() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((submittedAt + "|" + jobId).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the token was not made by {@link #token()} */
    public static JobCursor parse(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            return new JobCursor(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
        } catch (IllegalArgumentException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("the cursor '" + token + "' is not one this API returned");
        }
    }
}
