package io.headway.events.live;

import io.headway.events.LogLine;

/** One line of a job's live log tail, with the attempt that printed it. */
public record LogTailEntry(int attempt, LogLine line) {
}
