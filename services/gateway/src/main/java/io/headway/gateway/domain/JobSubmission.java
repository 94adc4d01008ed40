package io.headway.gateway.domain;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a client asks to run.
 *
 * @param type        the job template to run
 * @param parameters  the template's parameters, each one whole argument of its command
 * @param priority    higher starts first among waiting jobs; -100 to 100, default 0
 * @param batchId     groups jobs; a batch submission sets it for all of its jobs
 * @param labels      free key/value labels to search and subscribe by
 * @param timeoutMs   a shorter timeout than the template's
 * @param maxAttempts fewer attempts than the template allows
 */
@Schema(description = "A job to run: a template type and its parameters, with optional overrides")
public record JobSubmission(
        @Schema(required = true, examples = "demo") String type,
        Map<String, String> parameters, Integer priority, String batchId, Map<String, String> labels,
        Long timeoutMs, Integer maxAttempts) {

    public JobSubmission {
        parameters = parameters == null ? Map.of() : parameters;
        labels = labels == null ? Map.of() : labels;
    }
}
