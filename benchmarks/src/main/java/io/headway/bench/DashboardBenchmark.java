package io.headway.bench;

import io.headway.events.JobSnapshot;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.ProgressReported;
import io.headway.events.StagePlan;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobState;
import io.headway.testing.Browser;
import io.headway.testing.LocalStack;
import io.headway.testing.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.awaitility.Awaitility;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code headway.sh bench dashboard}: is the jobs table smooth with many live jobs? A gateway of the run's own feeds
 * headless Chromium (Debian's, through chromedriver) {@code --jobs} live jobs, each changing {@code --updates} times a
 * second, for {@code --seconds}; the page's own Long Tasks API and requestAnimationFrame measure what a person would
 * feel: tasks over 50 ms that block input, and the time between frames. Prints the numbers; asserts nothing.
 */
@Command(name = "dashboard-benchmark", mixinStandardHelpOptions = true,
        description = "Long tasks and frame times in Chromium while many jobs update live.")
public final class DashboardBenchmark implements Callable<Integer> {

    @Option(names = "--jobs", description = "live jobs on the page (default ${DEFAULT-VALUE})")
    int jobs = 1_000;

    @Option(names = "--updates", description = "snapshots per job per second (default ${DEFAULT-VALUE})")
    int updates = 10;

    @Option(names = "--seconds", description = "how long it measures (default ${DEFAULT-VALUE})")
    int seconds = 20;

    @Option(names = "--profile", description = "also print where the page spends its time (Chrome's CPU profiler)")
    boolean profile;

    @Option(names = "--gateway-jar", description = "the packaged gateway (default ${DEFAULT-VALUE})")
    Path gatewayJar = Path.of("services/gateway/target/quarkus-app/quarkus-run.jar");

    private static final String INSTRUMENT = """
            window.__perf = {longTasks: [], frames: [], parses: 0, parseMs: 0, parseChars: 0,
                loaf: {count: 0, total: 0, scripts: 0, beforeRender: 0, frameCallbacks: 0, styleLayout: 0, top: {}}};
            new PerformanceObserver(list => list.getEntries().forEach(e => {
                const l = __perf.loaf, end = e.startTime + e.duration;
                l.count++; l.total += e.duration;
                const render = e.renderStart || end, style = e.styleAndLayoutStart || end;
                l.beforeRender += render - e.startTime; l.frameCallbacks += style - render; l.styleLayout += end - style;
                for (const s of e.scripts) {
                    l.scripts += s.duration;
                    const name = `${s.invoker} (${(s.sourceURL || '').split('/').pop()})`;
                    l.top[name] = (l.top[name] || 0) + s.duration;
                }
            })).observe({type: 'long-animation-frame', buffered: false});
            const parse = JSON.parse;
            JSON.parse = (text, reviver) => {
                const t = performance.now();
                try { return parse(text, reviver); } finally {
                    __perf.parses++; __perf.parseMs += performance.now() - t; __perf.parseChars += text.length;
                }
            };
            new PerformanceObserver(list => list.getEntries().forEach(e => __perf.longTasks.push(e.duration)))
                .observe({type: 'longtask', buffered: false});
            let last = performance.now();
            (function frame(t) { __perf.frames.push(t - last); last = t; requestAnimationFrame(frame); })(last);
            """;

    private final String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final String jobStateTopic = Topics.JOB_STATE + "." + run;
    private final String key = "hw_bench_" + UUID.randomUUID();

    public static void main(String[] args) {
        System.exit(new CommandLine(new DashboardBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path logs = Files.createTempDirectory("dashboard-" + run);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStack.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(jobStateTopic, 6, (short) 1))).all().get();
            try (ServiceProcess gateway = new ServiceProcess(gatewayJar, List.of(
                    "headway.gateway.auth.dev-key=" + key, "headway.gateway.auth.dev-tenant=" + run,
                    "headway.gateway.topics.job-state=" + jobStateTopic),
                    logs.resolve("gateway.log")).start();
                    Browser browser = Browser.open(1400, 1000);
                    KafkaProducer<String, byte[]> producer = producer()) {
                measure(gateway, browser, producer);
            } finally {
                admin.deleteTopics(List.of(jobStateTopic)).all().get();
            }
        }
        return 0;
    }

    private void measure(ServiceProcess gateway, Browser browser, KafkaProducer<String, byte[]> producer) {
        browser.go("http://127.0.0.1:" + gateway.port() + "/");
        Awaitility.await().until(() -> browser.find("#signin-key").isDisplayed());
        browser.find("#signin-key").sendKeys(key);
        browser.find("#signin-form button").click();
        Awaitility.await().until(() -> "live".equals(browser.find("#connection").getDomAttribute("data-state")));

        List<JobState> states = new ArrayList<>(jobs);
        List<StagePlan> plan = List.of(new StagePlan("fetch", 1), new StagePlan("work", 3));
        for (int j = 0; j < jobs; j++) {
            String jobId = run + "-" + j;
            JobState state = JobReducer.apply(JobState.initial(jobId), new JobSubmitted(UUID.randomUUID(), jobId,
                    Instant.now(), "benchmark", run, "bench", Map.of("size", "100"), 0, null, Map.of("n", "" + j),
                    plan, true));
            state = JobReducer.apply(state, new JobStarted(UUID.randomUUID(), jobId, Instant.now(), "benchmark", 1,
                    "benchmark", plan));
            states.add(state);
            producer.send(WireType.JOB_STATE.record(jobStateTopic, jobId, JobSnapshot.of(state)));
        }
        Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> jobsOnPage(browser) >= jobs);
        System.out.printf("run %s: %,d jobs on the page; %d updates/s each for %d s%n", run, jobs, updates, seconds);

        browser.script(INSTRUMENT);
        if (profile) {
            browser.devTools("Profiler.enable", Map.of());
            browser.devTools("Profiler.start", Map.of());
        }
        int rate = jobs * updates;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long sent = 0;
        while (System.nanoTime() < end) {
            int j = (int) (sent % jobs);
            JobState state = states.get(j);
            long item = sent / jobs % 101;
            state = JobReducer.apply(state, new ProgressReported(UUID.randomUUID(), state.jobId(), Instant.now(),
                    "benchmark", "work", null, item, 100L, "items", "item " + item, Map.of("done", item)));
            states.set(j, state);
            producer.send(WireType.JOB_STATE.record(jobStateTopic, state.jobId(), JobSnapshot.of(state)));
            sent++;
            LockSupport.parkNanos(Math.max(0, start + sent * 1_000_000_000L / rate - System.nanoTime()));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (profile) {
            printProfile(browser.devTools("Profiler.stop", Map.of()));
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> perf = (Map<String, Object>) browser.script("return window.__perf");
        List<Number> frameTimes = numbers(perf.get("frames"));
        List<Number> longTaskTimes = numbers(perf.get("longTasks"));
        Histogram frames = histogram(frameTimes);
        Histogram longTasks = histogram(longTaskTimes);
        double blocked = longTaskTimes.stream().mapToDouble(Number::doubleValue).map(d -> d - 50).sum();
        System.out.printf("snapshots published  %,d in %.1f s (%,.0f/s)%n", sent, elapsed, sent / elapsed);
        System.out.printf("frames               %,d (%.1f/s); between frames p50 %.1f ms, p95 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms%n", frames.getTotalCount(), frames.getTotalCount() / elapsed,
                ms(frames, 50), ms(frames, 95), ms(frames, 99), frames.getMaxValue() / 1000.0);
        System.out.printf("long tasks (>50 ms)  %d; longest %.0f ms; input blocked %.0f ms in %.0f s (%.1f%%)%n",
                longTasks.getTotalCount(), longTasks.getMaxValue() / 1000.0, blocked, elapsed,
                100 * blocked / (elapsed * 1000));
        long parses = ((Number) perf.get("parses")).longValue();
        double parseMs = millis(perf, "parseMs");
        System.out.printf("JSON.parse           %,d messages, %.1f MB; %.0f ms in all (%.1f%% of the time), %.1f ms each%n",
                parses, millis(perf, "parseChars") / 1e6, parseMs, 100 * parseMs / (elapsed * 1000),
                parseMs / Math.max(1, parses));
        @SuppressWarnings("unchecked")
        Map<String, Object> loaf = (Map<String, Object>) perf.get("loaf");
        System.out.printf("long animation frames %d, %.0f ms: tasks before rendering %.0f ms (of which scripts %.0f),"
                        + " frame callbacks %.0f ms, style and layout %.0f ms%n",
                ((Number) loaf.get("count")).longValue(), millis(loaf, "total"), millis(loaf, "beforeRender"),
                millis(loaf, "scripts"), millis(loaf, "frameCallbacks"), millis(loaf, "styleLayout"));
        @SuppressWarnings("unchecked")
        Map<String, Number> top = (Map<String, Number>) loaf.get("top");
        top.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue().doubleValue(), a.getValue().doubleValue()))
                .limit(5).forEach(e -> System.out.printf("  script %6.0f ms  %s%n", e.getValue().doubleValue(),
                        e.getKey()));
        browser.screenshot("dashboard-benchmark");
        browser.script("window.scrollTo(0, document.body.scrollHeight)");
        Awaitility.await().until(() -> !browser.all("[data-job='" + states.getFirst().jobId() + "']").isEmpty());
        browser.screenshot("dashboard-benchmark-scrolled");
    }

    /** The functions with the most self time, from a CDP CPU profile: where to look before changing code. */
    @SuppressWarnings("unchecked")
    private static void printProfile(Map<String, Object> result) {
        Map<String, Object> profile = (Map<String, Object>) result.get("profile");
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) profile.get("nodes");
        List<Number> samples = (List<Number>) profile.get("samples");
        Map<Long, String> names = new HashMap<>();
        for (Map<String, Object> node : nodes) {
            Map<String, Object> frame = (Map<String, Object>) node.get("callFrame");
            String url = String.valueOf(frame.get("url"));
            names.put(((Number) node.get("id")).longValue(), frame.get("functionName") + " "
                    + url.substring(url.lastIndexOf('/') + 1) + ":" + frame.get("lineNumber"));
        }
        Map<String, Long> self = new HashMap<>();
        samples.forEach(id -> self.merge(names.get(id.longValue()), 1L, Long::sum));
        System.out.println("page CPU profile, samples by function (self):");
        self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
                .forEach(e -> System.out.printf("  %6.1f%%  %s%n", 100.0 * e.getValue() / samples.size(), e.getKey()));
    }

    /** The jobs the page knows, from its count ("1000 shown of 1000"): only the rows on screen are in the DOM. */
    private static int jobsOnPage(Browser browser) {
        String count = browser.text("#job-count");
        return count.contains(" of ") ? Integer.parseInt(count.substring(count.lastIndexOf(' ') + 1)) : 0;
    }

    private static double millis(Map<String, Object> values, String name) {
        return ((Number) values.get(name)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Number> numbers(Object list) {
        return (List<Number>) list;
    }

    private static Histogram histogram(List<Number> millis) {
        Histogram histogram = new Histogram(3);
        millis.forEach(ms -> histogram.recordValue(Math.max(0, Math.round(ms.doubleValue() * 1000))));
        return histogram;
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return LocalStack.kafkaProducer(Map.of(ProducerConfig.LINGER_MS_CONFIG, "5", ProducerConfig.ACKS_CONFIG, "1"));
    }
}
