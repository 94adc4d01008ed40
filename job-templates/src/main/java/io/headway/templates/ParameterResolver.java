package io.headway.templates;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Checks a submission's parameters against its template and substitutes them into the command, whole. */
final class ParameterResolver {

    /** Environment variable with the checkpoint a retried attempt resumes from. */
    static final String CHECKPOINT_VARIABLE = "HEADWAY_CHECKPOINT";

    private ParameterResolver() {
    }

    static ResolvedJob resolve(JobTemplate template, Map<String, String> submitted, String checkpoint, Long timeoutMs,
            Integer maxAttempts) {
        List<String> problems = new ArrayList<>();
        Map<String, String> values = new HashMap<>();
        Map<String, ParameterSpec> specs = new HashMap<>();
        template.parameters().forEach(spec -> specs.put(spec.name(), spec));
        for (String name : new TreeSet<>(submitted.keySet())) {
            if (!specs.containsKey(name)) {
                problems.add("unknown parameter '" + name + "'; type " + template.type() + " takes "
                        + (specs.isEmpty() ? "none" : new TreeSet<>(specs.keySet())));
            }
        }
        for (ParameterSpec spec : template.parameters()) {
            String value = submitted.getOrDefault(spec.name(), spec.defaultValue());
            if (value == null) {
                if (spec.required()) {
                    problems.add("parameter '" + spec.name() + "' is required");
                }
                values.put(spec.name(), "");
                continue;
            }
            String problem = spec.problemWith(value);
            if (problem != null) {
                problems.add("parameter '" + spec.name() + "' " + problem);
            }
            values.put(spec.name(), value);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSubmissionException(problems);
        }
        values.put("checkpoint", checkpoint == null ? "" : checkpoint);
        values.put(TemplateCatalog.TEMPLATE_DIR, template.directory() == null ? "" : template.directory().toString());

        List<String> argv = template.command().stream().map(arg -> substitute(arg, values)).toList();
        Map<String, String> environment = new HashMap<>();
        template.environment().forEach((key, value) -> environment.put(key, substitute(value, values)));
        if (checkpoint != null) {
            environment.put(CHECKPOINT_VARIABLE, checkpoint);
        }
        Duration timeout = timeoutMs == null || template.timeout().toMillis() < timeoutMs
                ? template.timeout() : Duration.ofMillis(timeoutMs);
        return new ResolvedJob(template, argv, environment, template.workingDirectory(), timeout,
                template.retry().limitedTo(maxAttempts), template.memoryLimitBytes());
    }

    /**
     * An argument that is exactly {@code ${name}} becomes the value; anything else stays as written, except the
     * template's own folder, which the executor chose.
     */
    private static String substitute(String argument, Map<String, String> values) {
        String name = TemplateCatalog.placeholder(argument);
        return name != null ? values.get(name)
                : argument.replace(TemplateCatalog.TEMPLATE_DIR_PLACEHOLDER, values.get(TemplateCatalog.TEMPLATE_DIR));
    }
}
