package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The eta-predictor's estimate of the time left, with a range the job finishes within at the given confidence.
 *
 * @param remainingMs best estimate of the time left
 * @param lowMs       lower bound of the range
 * @param highMs      upper bound of the range
 * @param confidence  how likely the job ends within [low, high], 0 to 1
 * @param model       which estimator produced it, so its accuracy can be tracked
 */
public record EtaEstimated(
        UUID eventId, String jobId, Instant occurredAt, String source,
        long remainingMs, long lowMs, long highMs, double confidence, String model) implements ProgressEvent {

    public EtaEstimated {
        Require.envelope(eventId, jobId, occurredAt, source);
        Require.notNegative(lowMs, "lowMs");
        if (!(lowMs <= remainingMs && remainingMs <= highMs)) {
            throw new IllegalArgumentException(
                    "expected lowMs <= remainingMs <= highMs, was " + lowMs + ", " + remainingMs + ", " + highMs);
        }
        Require.fraction(confidence, "confidence");
        Require.optionalName(model, "model");
    }
}
