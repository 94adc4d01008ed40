package io.headway.testing;

import java.util.UUID;

/** Fresh ids, so that tests sharing the stack never see each other's jobs. */
public final class TestIds {

    private TestIds() {
    }

    /** A job id no other test or run uses, readable in logs: {@code <prefix>-<random>}. */
    public static String jobId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
