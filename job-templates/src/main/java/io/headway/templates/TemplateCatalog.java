package io.headway.templates;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.headway.events.StagePlan;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The job types an executor can run, read from YAML definitions: those bundled with the executor (listed in
 * {@code templates/index.txt} on the classpath, their files extracted to a folder so they can run) and those in an
 * operator's folder ({@code *.yaml}). The executor {@link #load}s them to run them; the gateway
 * {@link #loadForChecking loads them for checking}, without extracting files it would never run. A definition that could let a submission do more than its author meant (a
 * placeholder inside an argument, an unknown placeholder, a bad pattern) is refused when the catalog loads, with the
 * file and the reason.
 */
public final class TemplateCatalog {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_]*)}");
    /** The folder of the template's own files: set by the executor, not by a submission, so it may be embedded. */
    static final String TEMPLATE_DIR = "templateDir";
    static final String TEMPLATE_DIR_PLACEHOLDER = "${" + TEMPLATE_DIR + "}";
    private static final Set<String> BUILT_IN_PLACEHOLDERS = Set.of("checkpoint", TEMPLATE_DIR);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Map<String, JobTemplate> templates;

    private TemplateCatalog(Map<String, JobTemplate> templates) {
        this.templates = Map.copyOf(templates);
    }

    /**
     * The bundled templates, with their files extracted under {@code extractTo}, plus those in {@code folder} when
     * given; a template in the folder replaces a bundled one of the same type. For a process that runs the templates;
     * call it once, as every call copies the files again.
     */
    public static TemplateCatalog load(Path extractTo, Optional<Path> folder) {
        return load(folder, name -> extractTo.resolve(name),
                (name, file) -> extract("templates/" + name + "/" + file, extractTo.resolve(name).resolve(file)));
    }

    /**
     * The same templates as {@link #load}, checked the same way, for a process that only checks submissions against
     * them: nothing is written to disk, and a bundled template has no {@link JobTemplate#directory()} (null), as its
     * files are never run there.
     */
    public static TemplateCatalog loadForChecking(Optional<Path> folder) {
        return load(folder, name -> null, (name, file) -> {
        });
    }

    /**
     * @param directoryOf where a bundled template's files are, by the template's name
     * @param extractor   what to do with each file a bundled template names
     */
    private static TemplateCatalog load(Optional<Path> folder, Function<String, Path> directoryOf,
            BiConsumer<String, String> extractor) {
        Map<String, JobTemplate> templates = new LinkedHashMap<>();
        for (String name : bundledNames()) {
            String resource = "templates/" + name + ".yaml";
            JobTemplate template = parse(resource, read(resource), directoryOf.apply(name),
                    file -> extractor.accept(name, file));
            templates.put(template.type(), template);
        }
        folder.ifPresent(dir -> {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(file -> {
                    JobTemplate template = parse(file.toString(), readFile(file), dir, f -> {
                    });
                    templates.put(template.type(), template);
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the templates in " + dir, e);
            }
        });
        return new TemplateCatalog(templates);
    }

    /** The template of a job type. */
    public Optional<JobTemplate> find(String type) {
        return Optional.ofNullable(templates.get(type));
    }

    /** The template of a job type, or the reason a submission naming it must fail. */
    public JobTemplate require(String type) {
        return find(type).orElseThrow(() -> new InvalidSubmissionException(List.of(
                "unknown job type '" + type + "'; this executor runs " + new TreeSet<>(templates.keySet()))));
    }

    public Set<String> types() {
        return templates.keySet();
    }

    /** The parameter name when {@code argument} is exactly one placeholder, else null. */
    static String placeholder(String argument) {
        Matcher m = PLACEHOLDER.matcher(argument);
        return m.matches() ? m.group(1) : null;
    }

    static JobTemplate parse(String origin, String yaml, Path directory, FileExtractor extractor) {
        TemplateDefinition definition;
        try {
            definition = YAML.readValue(yaml, TemplateDefinition.class);
        } catch (IOException e) {
            throw new IllegalStateException(origin + ": " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>(BUILT_IN_PLACEHOLDERS);
        definition.parametersOrEmpty().forEach(p -> names.add(p.name()));
        if (definition.type() == null || !definition.type().matches("[a-z][a-z0-9-]*")) {
            problems.add("type must be lower-case letters, digits and dashes");
        }
        if (definition.command() == null || definition.command().isEmpty()) {
            problems.add("command is required (an argv list, never a shell string)");
        } else {
            definition.command().forEach(arg -> checkPlaceholders("command argument '" + arg + "'", arg, names,
                    problems));
        }
        definition.environmentOrEmpty().forEach((key, value) -> checkPlaceholders("environment " + key, value, names,
                problems));
        List<ProgressPattern> patterns = new ArrayList<>();
        for (String regex : definition.progressPatternsOrEmpty()) {
            try {
                patterns.add(ProgressPattern.of(regex));
            } catch (PatternSyntaxException e) {
                problems.add("progress pattern '" + regex + "' is not a regular expression: " + e.getDescription());
            }
        }
        for (ParameterSpec spec : definition.parametersOrEmpty()) {
            if (spec.pattern() != null) {
                try {
                    Pattern.compile(spec.pattern());
                } catch (PatternSyntaxException e) {
                    problems.add("parameter " + spec.name() + ": pattern is not a regular expression");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(origin + ": " + String.join("; ", problems));
        }
        definition.filesOrEmpty().forEach(extractor::extract);
        return new JobTemplate(definition.type(), definition.description(), definition.command(), directory,
                definition.workingDirectory() == null ? null : Path.of(definition.workingDirectory()),
                definition.environmentOrEmpty(), definition.parametersOrEmpty(), definition.stagesOrEmpty(), patterns,
                duration(definition.timeout(), Duration.ofHours(1)), definition.retryPolicy(),
                definition.memoryLimit() == null ? 0
                        : new MemorySizeConverter().convert(definition.memoryLimit()).asLongValue(),
                definition.concurrency() == null ? Integer.MAX_VALUE : definition.concurrency());
    }

    private static void checkPlaceholders(String where, String written, Set<String> names, List<String> problems) {
        String value = written.equals(TEMPLATE_DIR_PLACEHOLDER) ? written
                : written.replace(TEMPLATE_DIR_PLACEHOLDER, "");
        String whole = placeholder(value);
        if (whole != null) {
            if (!names.contains(whole)) {
                problems.add(where + " names no parameter");
            }
        } else if (value.contains("${")) {
            problems.add(where + ": a placeholder must be the whole argument, so its value stays one argument");
        }
    }

    static Duration duration(String text, Duration fallback) {
        return text == null ? fallback : DurationConverter.parseDuration(text);
    }

    private static List<String> bundledNames() {
        return read("templates/index.txt").lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    private static String read(String resource) {
        try (InputStream in = TemplateCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void extract(String resource, Path target) {
        try (InputStream in = TemplateCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing template file " + resource);
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            target.toFile().setExecutable(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a template's file next to it, so the command can run it. */
    interface FileExtractor {
        void extract(String file);
    }

    /** A template as written in YAML, before it is checked. */
    record TemplateDefinition(
            String type, String description, List<String> command, List<String> files, String workingDirectory,
            Map<String, String> environment, List<ParameterSpec> parameters, List<StagePlan> stages,
            List<String> progressPatterns, String timeout, RetryDefinition retry, String memoryLimit,
            Integer concurrency) {

        List<String> filesOrEmpty() {
            return files == null ? List.of() : files;
        }

        Map<String, String> environmentOrEmpty() {
            return environment == null ? Map.of() : environment;
        }

        List<ParameterSpec> parametersOrEmpty() {
            return parameters == null ? List.of() : parameters;
        }

        List<StagePlan> stagesOrEmpty() {
            return stages == null ? List.of() : stages;
        }

        List<String> progressPatternsOrEmpty() {
            return progressPatterns == null ? List.of() : progressPatterns;
        }

        RetryPolicy retryPolicy() {
            return retry == null ? RetryPolicy.NONE : new RetryPolicy(
                    retry.maxAttempts() == null ? 1 : retry.maxAttempts(),
                    duration(retry.initialDelay(), Duration.ofSeconds(1)),
                    duration(retry.maxDelay(), Duration.ofMinutes(1)),
                    retry.multiplier() == null ? 2 : retry.multiplier(),
                    retry.jitter() == null ? 0.2 : retry.jitter());
        }
    }

    /** The retry section of a template. */
    record RetryDefinition(Integer maxAttempts, String initialDelay, String maxDelay, Double multiplier,
            Double jitter) {
    }
}
