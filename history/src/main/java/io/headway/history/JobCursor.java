package io.headway.history;

import io.headway.history.sql.Keyset;
import java.time.Instant;

/** Where a page of jobs ended: the last job's submission time and id, as an opaque token for the client. */
public record JobCursor(Instant submittedAt, String jobId) {

    public static JobCursor of(JobSummary last) {
        return new JobCursor(last.submittedAt(), last.jobId());
    }

    public String token() {
        return new Keyset(submittedAt, jobId).token();
    }

    /** @throws IllegalArgumentException when the token was not made by {@link #token()} */
    public static JobCursor parse(String token) {
        Keyset keyset = Keyset.parse(token);
        return new JobCursor(keyset.at(), keyset.id());
    }
}
