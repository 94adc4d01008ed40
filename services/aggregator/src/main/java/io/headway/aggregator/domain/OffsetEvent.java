package io.headway.aggregator.domain;

import io.headway.events.ProgressEvent;

/**
 * An event with where it was read from: a job's events share one partition, so the offset orders them.
 *
 * @param payload the record's bytes as received, which history stores as they are instead of encoding the event
 *     again; null for an event that was never a record (a test's)
 */
public record OffsetEvent(int partition, long offset, ProgressEvent event, byte[] payload) {

    public OffsetEvent(int partition, long offset, ProgressEvent event) {
        this(partition, offset, event, null);
    }
}
