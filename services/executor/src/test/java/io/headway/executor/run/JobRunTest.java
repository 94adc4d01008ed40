package io.headway.executor.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.headway.artifacts.ArtifactIntake;
import io.headway.artifacts.ArtifactLimits;
import io.headway.artifacts.ArtifactStore;
import io.headway.artifacts.FileSystemArtifactStore;
import io.headway.events.ArtifactSaved;
import io.headway.events.CheckpointSaved;
import io.headway.events.LogLevel;
import io.headway.events.LogLine;
import io.headway.events.LogStream;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.ResourceSampled;
import io.headway.events.StageCompleted;
import io.headway.events.StageStarted;
import io.headway.templates.ResolvedJob;
import io.headway.templates.TemplateCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One attempt of a job as a real process tree: output, resources, and every way it can end. */
class JobRunTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path folder;

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private Clock clock = Clock.systemUTC();
    private ArtifactStore store;
    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    private final List<LogLine> logs = new CopyOnWriteArrayList<>();
    private final RunListener listener = new RunListener() {
        @Override
        public void event(ProgressEvent event) {
            events.add(event);
        }

        @Override
        public void log(LogLine line) {
            logs.add(line);
        }
    };

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void theDemoRunsToSuccessWithItsEventsInOrder() throws Exception {
        JobRun run = run("demo", Map.of("size", "6", "delayMs", "40"));

        RunOutcome outcome = run.start().get(30, TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(new RunOutcome.Succeeded("item=5"));
        assertThat(events.getFirst().type()).isEqualTo("JobStarted");
        assertThat(events).filteredOn(e -> e instanceof StageStarted || e instanceof StageCompleted)
                .extracting(e -> e.type() + " " + (e instanceof StageStarted s ? s.stage()
                        : ((StageCompleted) e).stage()))
                .containsExactly("StageStarted prepare", "StageCompleted prepare", "StageStarted scan",
                        "StageCompleted scan", "StageStarted report", "StageCompleted report");
        assertThat(events).filteredOn(CheckpointSaved.class::isInstance).hasSize(1);
        assertThat(events).filteredOn(ResourceSampled.class::isInstance).isNotEmpty();
        assertThat(events).extracting(ProgressEvent::type).contains("ProgressReported");
        assertThat(logs).extracting(LogLine::text).contains("scanned item 1", "report: 6 items scanned, 0 issues")
                .noneMatch(text -> text.startsWith("::"));
        assertThat(logs).extracting(LogLine::sequence).isSorted().doesNotHaveDuplicates();
        assertThat(events).filteredOn(ArtifactSaved.class::isInstance).extracting(ArtifactSaved.class::cast)
                .as("a PNG preview at 25, 50 and 75 %, each readable (it has a thumbnail), then the report")
                .extracting(ArtifactSaved::name, ArtifactSaved::mediaType, ArtifactSaved::preview,
                        saved -> saved.thumbnail() != null)
                .containsExactly(tuple("preview-25.png", "image/png", true, true),
                        tuple("preview-50.png", "image/png", true, true),
                        tuple("preview-75.png", "image/png", true, true),
                        tuple("report.txt", "text/plain", false, false));
    }

    @Test
    void itsEventsAndLogLinesAreStampedByTheClockItIsGiven() throws Exception {
        Instant then = Instant.parse("2030-01-02T03:04:05.678Z");
        clock = Clock.fixed(then, ZoneOffset.UTC);
        JobRun run = script("echo hello; exit 3");

        assertThat(run.start().get(20, TimeUnit.SECONDS)).isInstanceOf(RunOutcome.Failed.class);

        assertThat(events).isNotEmpty().extracting(ProgressEvent::occurredAt).containsOnly(then);
        assertThat(logs).extracting(LogLine::at).containsExactly(then);
    }

    @Test
    void aToolsOwnProgressLinesAreReadThroughTheTemplatesPatterns() throws Exception {
        JobRun run = inline("""
                type: tool
                command: ["bash", "-c", "echo '[25%] compiling'; echo 'Step 3/4 : RUN make'; echo 'Tests run: 12, Failures: 1'"]
                progressPatterns:
                  - '\\[(?<percent>\\d+)%\\]'
                  - 'Step (?<current>\\d+)/(?<total>\\d+)'
                  - 'Tests run: (?<testsRun>\\d+), Failures: (?<testsFailed>\\d+)'
                """, Map.of());

        assertThat(run.start().get(20, TimeUnit.SECONDS)).isInstanceOf(RunOutcome.Succeeded.class);

        assertThat(events).filteredOn(ProgressReported.class::isInstance).extracting(ProgressReported.class::cast)
                .anySatisfy(p -> assertThat(p.fraction()).isEqualTo(0.25))
                .anySatisfy(p -> {
                    assertThat(p.current()).isEqualTo(3);
                    assertThat(p.total()).isEqualTo(4);
                })
                .anySatisfy(p -> assertThat(p.counters()).containsEntry("testsRun", 12L)
                        .containsEntry("testsFailed", 1L));
        assertThat(logs).extracting(LogLine::text).contains("[25%] compiling", "Tests run: 12, Failures: 1");
    }

    @Test
    void cancelEndsTheWholeTreeEvenAProcessThatIgnoresSigterm() throws Exception {
        JobRun run = script("trap '' TERM; sleep 60 & echo \"child $!\"; sleep 60 & echo \"child $!\"; wait; wait");
        var outcome = run.start();
        List<Long> children = await().atMost(PATIENCE).until(this::childPids, pids -> pids.size() == 2);

        run.cancel("not needed", "alice");

        assertThat(outcome.get(20, TimeUnit.SECONDS)).isEqualTo(new RunOutcome.Cancelled("not needed", "alice", null));
        // Killed processes linger until their new parent reaps them: wait for that, briefly.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(children)
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                        .as("process %d", pid).isEmpty()));
    }

    @Test
    void pauseStopsTheTreesCpuUseAndResumeContinuesIt() throws Exception {
        JobRun run = script("echo \"pid $$\"; while :; do :; done");
        var outcome = run.start();
        long pid = await().atMost(PATIENCE).until(() -> pidFromLog("pid "), p -> p > 0);
        ProcessHandle busy = ProcessHandle.of(pid).orElseThrow();
        await().atMost(PATIENCE).until(() -> cpu(busy).toMillis() > 100);

        run.pause();
        // SIGSTOP reaches the process a moment after kill returns; on a loaded machine /proc still says R meanwhile.
        await().atMost(PATIENCE).until(() -> state(pid), "T"::equals);
        Duration paused = cpu(busy);
        await().pollDelay(Duration.ofMillis(500)).atMost(PATIENCE).until(() -> true);
        assertThat(cpu(busy)).as("no CPU while paused").isLessThanOrEqualTo(paused.plusMillis(20));

        run.resume();
        await().atMost(PATIENCE).until(() -> cpu(busy).compareTo(paused.plusMillis(200)) > 0);
        assertThat(events).extracting(ProgressEvent::type).contains("JobPaused", "JobResumed");
        run.cancel("done testing", "test");
        assertThat(outcome.get(20, TimeUnit.SECONDS)).isInstanceOf(RunOutcome.Cancelled.class);
    }

    @Test
    void aJobRunningPastItsTimeoutIsStopped() throws Exception {
        JobRun run = inline("""
                type: slow
                command: ["sleep", "30"]
                timeout: 300ms
                """, Map.of());

        assertThat(run.start().get(20, TimeUnit.SECONDS)).isEqualTo(new RunOutcome.TimedOut(300, null));
    }

    @Test
    void filesTheJobNamesAreKeptAsArtifactsAndThoseItMayNotShareAreRefusedInItsLog() throws Exception {
        JobRun run = inline("""
                type: reporting
                command: ["bash", "-c", "printf 'id,reason\\n' > rows.csv; ln -s /etc/hostname host.txt;
                  echo '::artifact name=rejected path=rows.csv'; echo '::artifact path=host.txt';
                  echo '::preview path=rows.csv'; echo '::artifact path=../outside.txt'"]
                """, Map.of());

        assertThat(run.start().get(20, TimeUnit.SECONDS)).isInstanceOf(RunOutcome.Succeeded.class);

        assertThat(events).filteredOn(ArtifactSaved.class::isInstance).extracting(ArtifactSaved.class::cast)
                .singleElement().satisfies(saved -> {
                    assertThat(saved.name()).isEqualTo("rejected");
                    assertThat(saved.mediaType()).isEqualTo("text/csv");
                    assertThat(saved.sizeBytes()).isEqualTo(10);
                    assertThat(saved.preview()).isFalse();
                });
        assertThat(logs).filteredOn(line -> line.level() == LogLevel.WARN).extracting(LogLine::text).containsExactly(
                "artifact host.txt not kept: path host.txt goes through a symbolic link (host.txt); links are not "
                        + "followed",
                "preview rows.csv not kept: a preview must be a PNG, JPEG, GIF or WebP image; this is text/csv",
                "artifact ../outside.txt not kept: path ../outside.txt leads outside the job's working directory");
    }

    @Test
    void anArtifactStillBeingStoredWhenTheJobExitsIsPublishedBeforeTheAttemptEnds() throws Exception {
        CountDownLatch storeMayFinish = new CountDownLatch(1);
        store = new SlowStore(new FileSystemArtifactStore(folder.resolve("slow")), storeMayFinish);
        JobRun run = inline("""
                type: last-word
                command: ["bash", "-c", "printf done > summary.txt; echo '::artifact path=summary.txt'"]
                """, Map.of());

        var outcome = run.start();
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() -> !outcome.isDone());
        storeMayFinish.countDown();

        assertThat(outcome.get(20, TimeUnit.SECONDS)).isInstanceOf(RunOutcome.Succeeded.class);
        assertThat(events).filteredOn(ArtifactSaved.class::isInstance).singleElement()
                .extracting(e -> ((ArtifactSaved) e).name()).isEqualTo("summary.txt");
    }

    /** A store whose writes wait for the test, as a large file to a slow object store would. */
    private record SlowStore(ArtifactStore store, CountDownLatch mayFinish) implements ArtifactStore {

        @Override
        public void put(String key, Path file, String mediaType) throws IOException {
            try {
                mayFinish.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.put(key, file, mediaType);
        }

        @Override
        public OptionalLong size(String key) throws IOException {
            return store.size(key);
        }

        @Override
        public InputStream open(String key, long offset, long length) throws IOException {
            return store.open(key, offset, length);
        }

        @Override
        public void delete(String key) throws IOException {
            store.delete(key);
        }

        @Override
        public void deleteAll(String prefix) throws IOException {
            store.deleteAll(prefix);
        }
    }

    @Test
    void aJobOverItsMemoryLimitIsStoppedWithTheReason() throws Exception {
        JobRun run = inline("""
                type: hungry
                command: ["bash", "-c", "x=$(head -c 200000000 /dev/zero | tr '\\\\0' a); sleep 30"]
                memoryLimit: 50M
                """, Map.of());

        RunOutcome outcome = run.start().get(30, TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOfSatisfying(RunOutcome.Failed.class, failed -> {
            assertThat(failed.error()).startsWith("memory limit of 50 MiB exceeded: the job used ");
            assertThat(failed.retryable()).isFalse();
        });
    }

    @Test
    void aNonZeroExitFailsRetryablyWithTheCodeAndKeepsStderr() throws Exception {
        JobRun run = script("echo 'ERROR cannot reach the database' >&2; exit 3");

        RunOutcome outcome = run.start().get(20, TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(new RunOutcome.Failed("exit code 3", 3, true, null));
        assertThat(logs).singleElement().satisfies(line -> {
            assertThat(line.stream()).isEqualTo(LogStream.STDERR);
            assertThat(line.level().name()).isEqualTo("ERROR");
        });
    }

    @Test
    void aCommandThatCannotStartFailsWithTheReason() throws Exception {
        JobRun run = inline("""
                type: missing
                command: ["/no/such/program"]
                """, Map.of());

        assertThat(run.start().get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(RunOutcome.Failed.class,
                failed -> assertThat(failed.error()).startsWith("cannot start /no/such/program"));
    }

    private JobRun script(String script) throws Exception {
        return inline("""
                type: script
                command: ["bash", "-c", "${script}"]
                parameters: [{name: script, maxLength: 4096}]
                """, Map.of("script", script));
    }

    private JobRun inline(String yaml, Map<String, String> parameters) throws Exception {
        Path templates = Files.createDirectories(folder.resolve("templates"));
        Files.writeString(templates.resolve("inline.yaml"), yaml);
        String type = yaml.lines().filter(l -> l.startsWith("type:")).findFirst().orElseThrow().substring(5).strip();
        return run(TemplateCatalog.load(folder.resolve("bundled"), Optional.of(templates)), type, parameters);
    }

    private JobRun run(String type, Map<String, String> parameters) {
        return run(TemplateCatalog.load(folder.resolve("bundled"), Optional.empty()), type, parameters);
    }

    private JobRun run(TemplateCatalog catalog, String type, Map<String, String> parameters) {
        ResolvedJob job = catalog.require(type).resolve(parameters, null, null, null);
        var settings = new JobRun.Settings(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(500),
                4096);
        return new JobRun(job, "job-" + type, 1, "executor-test", listener, new ArtifactKeeper(intake(),
                "job-" + type), settings, scheduler, clock);
    }

    private ArtifactIntake intake() {
        try {
            ArtifactStore artifacts = store != null ? store : new FileSystemArtifactStore(folder.resolve("artifacts"));
            return new ArtifactIntake(artifacts,
                    new ArtifactLimits(1024 * 1024, 4 * 1024 * 1024, 10, 64));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Long> childPids() {
        return logs.stream().map(LogLine::text).filter(t -> t.startsWith("child "))
                .map(t -> Long.parseLong(t.substring(6))).toList();
    }

    private long pidFromLog(String prefix) {
        return logs.stream().map(LogLine::text).filter(t -> t.startsWith(prefix))
                .mapToLong(t -> Long.parseLong(t.substring(prefix.length()))).findFirst().orElse(-1);
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static String state(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }
}
