package io.headway.gateway.domain;

import io.headway.events.AlertSeverity;

/**
 * Where a tenant's alerts go, checked and ready to store: a webhook's URL or an email address.
 *
 * @param target the URL or the address
 */
public record Channel(Kind kind, String target, AlertSeverity minSeverity) {

    public enum Kind {
        WEBHOOK,
        EMAIL
    }
}
