package io.headway.gateway.api;

/** Why a job is cancelled, paused or resumed; shown in its history. */
public record ControlReason(String reason) {
}
