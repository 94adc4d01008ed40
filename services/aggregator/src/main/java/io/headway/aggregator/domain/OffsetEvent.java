package io.headway.aggregator.domain;

import io.headway.events.ProgressEvent;

/** An event with where it was read from: a job's events share one partition, so the offset orders them. */
public record OffsetEvent(int partition, long offset, ProgressEvent event) {
}
