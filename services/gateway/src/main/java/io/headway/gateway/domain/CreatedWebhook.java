package io.headway.gateway.domain;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** The answer to creating a webhook: the only time its signing secret is shown. */
public record CreatedWebhook(@JsonUnwrapped Webhook webhook, String secret) {
}
