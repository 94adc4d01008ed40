package io.headway.events.live;

import io.headway.events.LogLine;

/** One line of a job's live log tail in Redis ({@link LiveKeys#logs}), with the attempt that printed it. */
public record LogTailEntry(int attempt, LogLine line) {
}
