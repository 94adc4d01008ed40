package io.headway.templates;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Exactly what to run for one attempt: argv (no shell), environment, limits and retry policy. */
public record ResolvedJob(
        JobTemplate template, List<String> argv, Map<String, String> environment, Path workingDirectory,
        Duration timeout, RetryPolicy retry, long memoryLimitBytes) {
}
