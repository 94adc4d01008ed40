package io.headway.gateway.service;

import io.headway.gateway.domain.AlertRule;
import io.headway.gateway.domain.AlertRuleDefinition;
import io.headway.gateway.domain.RequestError;
import io.headway.gateway.store.AlertRuleStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A tenant's threshold rules: checked before they are stored, and another tenant's are never found. */
@ApplicationScoped
public class AlertRules {

    private final AlertRuleStore rules;

    public AlertRules(AlertRuleStore rules) {
        this.rules = rules;
    }

    public Uni<List<AlertRule>> list(String tenant) {
        return rules.list(tenant);
    }

    public Uni<AlertRule> create(String tenant, AlertRuleDefinition rule) {
        return rules.create(tenant, rule.checked());
    }

    public Uni<AlertRule> get(String tenant, UUID ruleId) {
        return rules.find(tenant, ruleId).map(found -> found(found, ruleId));
    }

    public Uni<AlertRule> replace(String tenant, UUID ruleId, AlertRuleDefinition rule) {
        return rules.replace(tenant, ruleId, rule.checked()).map(found -> found(found, ruleId));
    }

    public Uni<Void> delete(String tenant, UUID ruleId) {
        return rules.delete(tenant, ruleId).invoke(deleted -> {
            if (!deleted) {
                throw notFound(ruleId);
            }
        }).replaceWithVoid();
    }

    private static AlertRule found(Optional<AlertRule> rule, UUID ruleId) {
        return rule.orElseThrow(() -> notFound(ruleId));
    }

    private static RequestError notFound(UUID ruleId) {
        return RequestError.notFound("no alert rule '" + ruleId + "'");
    }
}
