package io.headway.templates;

import io.headway.events.StagePlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A job type the executor can run: the only way anything runs. A submission names a type and gives parameters;
 * {@link #resolve} checks them and yields the exact argv, environment and limits of the process.
 *
 * @param command          argv; an element that is exactly {@code ${name}} is replaced by that parameter's value as
 *                         one whole argument, never split or interpreted by a shell. {@code ${checkpoint}} is the
 *                         last checkpoint of a previous attempt (empty on the first)
 * @param directory        the folder of the template's own files; {@code ${templateDir}} names it anywhere in the
 *                         command (it comes from the executor, not from a submission)
 * @param workingDirectory where the process runs; null for a fresh temporary folder per attempt
 * @param memoryLimitBytes resident memory of the whole process tree above which the job is stopped; 0 for none
 * @param concurrency      how many jobs of this type one executor runs at once
 */
public record JobTemplate(
        String type, String description, List<String> command, Path directory, Path workingDirectory,
        Map<String, String> environment, List<ParameterSpec> parameters, List<StagePlan> stages,
        List<ProgressPattern> progressPatterns, Duration timeout, RetryPolicy retry, long memoryLimitBytes,
        int concurrency) {

    public JobTemplate {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        parameters = List.copyOf(parameters);
        stages = List.copyOf(stages);
        progressPatterns = List.copyOf(progressPatterns);
    }

    /**
     * The process a submission asks for.
     *
     * @param values      the submitted parameters
     * @param checkpoint  the checkpoint the attempt resumes from, or null
     * @param timeoutMs   the submission's timeout, which may shorten the template's, or null
     * @param maxAttempts the submission's attempts, which may lower the template's, or null
     * @throws InvalidSubmissionException with every problem found, when the parameters are not acceptable
     */
    public ResolvedJob resolve(Map<String, String> values, String checkpoint, Long timeoutMs, Integer maxAttempts) {
        return ParameterResolver.resolve(this, values, checkpoint, timeoutMs, maxAttempts);
    }

    /**
     * Checks a submission before it is accepted: its parameters, and its overrides, which may only tighten the
     * template's limits (the executor would otherwise quietly keep the template's).
     *
     * @throws InvalidSubmissionException with every problem found
     */
    public void check(Map<String, String> values, Long timeoutMs, Integer maxAttempts) {
        List<String> problems = new ArrayList<>();
        if (timeoutMs != null && (timeoutMs <= 0 || timeoutMs > timeout.toMillis())) {
            problems.add("timeoutMs must be between 1 and " + timeout.toMillis() + " (the " + type
                    + " template's timeout), was " + timeoutMs);
        }
        if (maxAttempts != null && (maxAttempts < 1 || maxAttempts > retry.maxAttempts())) {
            problems.add("maxAttempts must be between 1 and " + retry.maxAttempts() + " (the " + type
                    + " template's limit), was " + maxAttempts);
        }
        try {
            resolve(values, null, timeoutMs, maxAttempts);
        } catch (InvalidSubmissionException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new InvalidSubmissionException(problems);
        }
    }
}
