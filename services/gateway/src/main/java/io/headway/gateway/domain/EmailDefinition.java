package io.headway.gateway.domain;

import io.headway.events.AlertSeverity;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An email address a tenant wants its alerts at.
 *
 * @param minSeverity the least severe alerts it gets; INFO (the default) for all
 */
@Schema(description = "An address alerts are emailed to")
public record EmailDefinition(
        @Schema(required = true, examples = "oncall@example.com") String address, String minSeverity) {

    /** One @, something on each side, no spaces or angle brackets: the mail server decides the rest. */
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>]{1,64}@[^@\\s<>]{1,253}");

    public Channel checked() {
        List<String> problems = new ArrayList<>();
        if (address == null || !ADDRESS.matcher(address).matches()) {
            problems.add("address must be an email address such as oncall@example.com, was "
                    + AlertRuleDefinition.quoted(address));
        }
        AlertSeverity level = Severities.parse(minSeverity, "minSeverity", AlertSeverity.INFO, problems);
        if (!problems.isEmpty()) {
            throw RequestError.unacceptable("the email address is not acceptable", problems);
        }
        return new Channel(Channel.Kind.EMAIL, address, level);
    }
}
