package io.headway.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headway.aggregator.config.AggregatorConfig;
import io.headway.events.EtaEstimated;
import io.headway.events.JobSnapshot;
import io.headway.events.ProgressEvent;
import io.headway.events.StagePlan;
import io.headway.events.kafka.CloudEventHeaders;
import io.headway.events.kafka.DeadLetter;
import io.headway.events.kafka.JobStateHeaders;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobStatus;
import io.headway.livestore.LiveKeys;
import io.headway.testing.ServiceEndpoints;
import io.headway.testing.TestIds;
import io.headway.testing.TopicReader;
import io.quarkus.redis.datasource.pubsub.PubSubCommands.RedisSubscriber;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Events produced to the real Kafka are folded into the real Redis, the real PostgreSQL and the job-state topic, as
 * the same state the shared reducer computes.
 */
@QuarkusTest
class JobFoldingTest extends StackTest {

    @Inject
    AggregatorConfig config;

    @Test
    void aMultiStageJobBecomesLiveStateHistoryAndASnapshotStream() {
        String jobId = TestIds.jobId("fold");
        Jobs job = new Jobs(jobId, "acme", null);
        List<ProgressEvent> events = List.of(job.submitted(new StagePlan("fetch", 1), new StagePlan("scan", 3)),
                job.started(), job.stageStarted("fetch"), job.stageCompleted("fetch"), job.stageStarted("scan"),
                job.progress("scan", 0.5));
        JobSnapshot expected = JobSnapshot.of(JobReducer.fold(jobId, events));

        try (TopicReader jobState = TopicReader.fromNow(Topics.JOB_STATE)) {
            progress.send(events.toArray(ProgressEvent[]::new));

            JobSnapshot live = await().atMost(PATIENCE).until(() -> stores.liveSnapshot(jobId),
                    s -> s != null && s.sequence() == 6);
            assertThat(live).isEqualTo(expected);
            assertThat(live.state().progress()).isEqualTo((1 + 3 * 0.5) / 4);
            assertThat(stores.ttl(LiveKeys.snapshot(jobId))).isPositive().isLessThanOrEqualTo(config.activeTtl());
            assertThat(stores.redis().set(String.class).sismember(LiveKeys.activeJobs("acme"), jobId)).isTrue();

            // Redis is written first, PostgreSQL right behind it.
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(stores.rows("SELECT tenant, status, progress, "
                    + "sequence, last_offset >= 0 FROM jobs WHERE job_id = ?", jobId))
                    .containsExactly(List.of("acme", "RUNNING", 0.625, 6L, true)));
            assertThat(stores.rows("SELECT type FROM job_events WHERE job_id = ? ORDER BY kafka_offset", jobId))
                    .extracting(List::getFirst).containsExactly("JobSubmitted", "JobStarted", "StageStarted",
                            "StageCompleted", "StageStarted", "ProgressReported");
            assertThat(stores.rows("SELECT stage, duration_ms, job_type FROM stage_durations WHERE job_id = ?",
                    jobId)).containsExactly(List.of("fetch", 1000L, "demo"));

            List<ConsumerRecord<String, byte[]>> published = await().atMost(PATIENCE).until(
                    () -> jobState.recordsWithKey(jobId),
                    records -> !records.isEmpty() && snapshot(records.getLast()).sequence() == 6);
            assertThat(snapshot(published.getLast())).isEqualTo(expected);
            assertThat(published).extracting(r -> snapshot(r).sequence()).isSorted().doesNotHaveDuplicates();
            assertThat(CloudEventHeaders.read(published.getLast().headers()).id()).isEqualTo(jobId + ":6");
        }
    }

    @Test
    void everySnapshotIsPushedOnItsTenantsChannelAsItGoesToJobState() {
        String tenant = TestIds.jobId("tenant");
        String jobId = TestIds.jobId("push");
        Jobs job = new Jobs(jobId, tenant, null);
        List<JobSnapshot> pushed = new CopyOnWriteArrayList<>();
        RedisSubscriber channel = stores.redis().pubsub(String.class).subscribe(LiveKeys.snapshots(tenant),
                json -> pushed.add(WireType.JOB_STATE.codec().decode(json.getBytes(StandardCharsets.UTF_8))));
        try (TopicReader jobState = TopicReader.fromNow(Topics.JOB_STATE)) {
            progress.send(job.submitted(), job.started(), job.progress(null, 0.5), job.succeeded());

            await().atMost(PATIENCE).until(() -> !pushed.isEmpty() && pushed.getLast().sequence() == 4);
            assertThat(pushed.getLast().state().status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(pushed).extracting(JobSnapshot::sequence).isSorted().doesNotHaveDuplicates();
            assertThat(pushed).extracting(JobSnapshot::jobId).containsOnly(jobId);

            List<ConsumerRecord<String, byte[]>> published = await().atMost(PATIENCE).until(
                    () -> jobState.recordsWithKey(jobId),
                    records -> !records.isEmpty() && snapshot(records.getLast()).sequence() == 4);
            assertThat(snapshot(published.getLast())).isEqualTo(pushed.getLast());
            assertThat(published).allSatisfy(record -> assertThat(JobStateHeaders.sequence(record.headers()))
                    .isEqualTo(snapshot(record).sequence()));
        } finally {
            channel.unsubscribe();
        }
    }

    @Test
    void aBurstOfProgressIsCoalescedOnJobStateWithTheLatestStateNeverLost() {
        String jobId = TestIds.jobId("burst");
        Jobs job = new Jobs(jobId, "acme", null);
        List<ProgressEvent> events = new ArrayList<>(List.of(job.submitted(), job.started()));
        for (int i = 1; i <= 200; i++) {
            events.add(job.progress(null, i / 200.0));
        }

        try (TopicReader jobState = TopicReader.fromNow(Topics.JOB_STATE)) {
            progress.send(events.toArray(ProgressEvent[]::new));

            List<ConsumerRecord<String, byte[]>> published = await().atMost(PATIENCE).until(
                    () -> jobState.recordsWithKey(jobId),
                    records -> !records.isEmpty() && snapshot(records.getLast()).sequence() == 202);
            assertThat(published).hasSizeLessThan(50);
            assertThat(snapshot(published.getLast()).state().progress()).isEqualTo(1.0);
        }
    }

    @Test
    void aFinishedJobLeavesTheActiveSetAndIsKeptForTheRetention() {
        String jobId = TestIds.jobId("fold-done");
        Jobs job = new Jobs(jobId, "acme", null);
        var succeeded = job.succeeded();
        progress.send(job.submitted(), job.started(), succeeded);

        await().atMost(PATIENCE).until(() -> stores.liveSnapshot(jobId), s -> s != null && s.sequence() == 3);

        assertThat(stores.liveSnapshot(jobId).state().status()).isEqualTo(JobStatus.SUCCEEDED);
        Duration expected = Duration.between(Instant.now(), succeeded.occurredAt()
                .plus(config.terminalRetention()));
        assertThat(stores.ttl(LiveKeys.snapshot(jobId))).isBetween(expected.minusSeconds(30), expected.plusSeconds(1));
        assertThat(stores.redis().set(String.class).sismember(LiveKeys.activeJobs("acme"), jobId)).isFalse();
    }

    @Test
    void anUnreadableRecordIsDeadLetteredAndAnUnknownKindIsKeptInHistoryOnly() {
        String jobId = TestIds.jobId("fold-odd");
        Jobs job = new Jobs(jobId, "acme", null);
        String unknownKind = """
                {"type":"JobTeleported","schemaVersion":2,"eventId":"%s","jobId":"%s",
                 "occurredAt":"2026-11-24T10:15:30.123Z","source":"future-service","to":"mars"}"""
                .formatted(UUID.randomUUID(), jobId);

        try (TopicReader deadLetters = TopicReader.fromNow(Topics.deadLetter(Topics.PROGRESS))) {
            progress.send(job.submitted());
            progress.sendRaw(Topics.PROGRESS, jobId, "{\"type\":\"ProgressReported\",\"fraction\":7}"
                    .getBytes(StandardCharsets.UTF_8));
            progress.sendRaw(Topics.PROGRESS, jobId, unknownKind.getBytes(StandardCharsets.UTF_8));
            progress.send(job.started());

            ConsumerRecord<String, byte[]> rejected = await().atMost(PATIENCE)
                    .until(() -> deadLetters.recordsWithKey(jobId), records -> records.size() == 1).getFirst();
            assertThat(new String(rejected.value(), StandardCharsets.UTF_8)).contains("\"fraction\":7");
            assertThat(CloudEventHeaders.get(rejected.headers(), DeadLetter.REASON))
                    .isEqualTo("invalid ProgressReported: eventId is required");
            assertThat(CloudEventHeaders.get(rejected.headers(), DeadLetter.TOPIC)).isEqualTo(Topics.PROGRESS);
            assertThat(CloudEventHeaders.get(rejected.headers(), DeadLetter.OFFSET)).isNotBlank();

            JobSnapshot live = await().atMost(PATIENCE).until(() -> stores.liveSnapshot(jobId),
                    s -> s != null && s.state().status() == JobStatus.RUNNING);
            assertThat(live.sequence()).as("the unknown kind is not folded").isEqualTo(2);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(stores.rows("SELECT type FROM job_events "
                    + "WHERE job_id = ? ORDER BY kafka_offset", jobId)).extracting(List::getFirst)
                    .containsExactly("JobSubmitted", "JobTeleported", "JobStarted"));
            ServiceEndpoints.assertReadyWith(ServiceEndpoints.KAFKA);
        }
    }

    @Test
    void historyKeepsEachEventAsItArrivedWithTheFieldsThisVersionDoesNotKnow() {
        String jobId = TestIds.jobId("fold-raw");
        Jobs job = new Jobs(jobId, "acme", null);
        String fromANewerReporter = """
                {"type":"ProgressReported","schemaVersion":1,"eventId":"%s","jobId":"%s",
                 "occurredAt":"2026-11-24T10:15:30.123Z","source":"newer-reporter","fraction":0.5,"addedLater":"kept"}"""
                .formatted(UUID.randomUUID(), jobId);

        progress.send(job.submitted());
        progress.sendRaw(Topics.PROGRESS, jobId, fromANewerReporter.getBytes(StandardCharsets.UTF_8));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(stores.rows("SELECT payload->>'addedLater' FROM "
                + "job_events WHERE job_id = ? AND type = 'ProgressReported'", jobId)).extracting(List::getFirst)
                .containsExactly("kept"));
    }

    @Test
    void anEventOnAnotherPartitionThanItsJobsIsDeadLetteredWithTheReasonNotDropped() {
        String jobId = TestIds.jobId("fold-partition");
        Jobs job = new Jobs(jobId, "acme", null);
        int home = progress.partitionOf(jobId);
        int other = (home + 1) % progress.partitions();
        var strayed = job.progress(null, 0.4);

        try (TopicReader deadLetters = TopicReader.fromNow(Topics.deadLetter(Topics.PROGRESS))) {
            progress.send(job.submitted(), job.started());
            await().atMost(PATIENCE).until(() -> stores.liveSnapshot(jobId), s -> s != null && s.sequence() == 2);
            progress.sendTo(other, strayed);
            progress.send(job.progress(null, 0.5));

            ConsumerRecord<String, byte[]> rejected = await().atMost(PATIENCE)
                    .until(() -> deadLetters.recordsWithKey(jobId), records -> records.size() == 1).getFirst();
            assertThat(WireType.PROGRESS.codec().decode(rejected.value())).isEqualTo(strayed);
            assertThat(CloudEventHeaders.get(rejected.headers(), DeadLetter.REASON))
                    .contains("read from partition " + home, "came on partition " + other, "murmur2");
            assertThat(CloudEventHeaders.get(rejected.headers(), DeadLetter.PARTITION))
                    .isEqualTo(Integer.toString(other));
            JobSnapshot live = await().atMost(PATIENCE).until(() -> stores.liveSnapshot(jobId),
                    s -> s != null && s.sequence() == 3);
            assertThat(live.state().progress()).isEqualTo(0.5);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(stores.rows("SELECT count(*) FROM job_events "
                    + "WHERE job_id = ?", jobId)).containsExactly(List.of(3L)));
        }
    }

    @Test
    void eventsOfAJobNeverSubmittedAndAfterAJobsEndAreDeadLetteredWithTheReason() {
        Jobs unknown = new Jobs(TestIds.jobId("fold-unknown"), "acme", null);
        Jobs ended = new Jobs(TestIds.jobId("fold-ended"), "acme", null);
        var late = ended.progress(null, 0.9);

        try (TopicReader deadLetters = TopicReader.fromNow(Topics.deadLetter(Topics.PROGRESS))) {
            progress.send(unknown.started());
            progress.send(ended.submitted(), ended.started(), ended.succeeded());
            await().atMost(PATIENCE).until(() -> stores.liveSnapshot(ended.jobId()),
                    s -> s != null && s.state().status() == JobStatus.SUCCEEDED);
            progress.send(late);

            ConsumerRecord<String, byte[]> neverSubmitted = await().atMost(PATIENCE)
                    .until(() -> deadLetters.recordsWithKey(unknown.jobId()), records -> records.size() == 1)
                    .getFirst();
            assertThat(CloudEventHeaders.get(neverSubmitted.headers(), DeadLetter.REASON))
                    .contains("never submitted");
            ConsumerRecord<String, byte[]> afterEnd = await().atMost(PATIENCE)
                    .until(() -> deadLetters.recordsWithKey(ended.jobId()), records -> records.size() == 1)
                    .getFirst();
            assertThat(WireType.PROGRESS.codec().decode(afterEnd.value())).isEqualTo(late);
            assertThat(CloudEventHeaders.get(afterEnd.headers(), DeadLetter.REASON))
                    .contains("already ended (SUCCEEDED)");
            assertThat(stores.liveSnapshot(unknown.jobId())).isNull();
            assertThat(stores.rows("SELECT count(*) FROM jobs WHERE job_id = ?", unknown.jobId()))
                    .containsExactly(List.of(0L));
        }
    }

    @Test
    void anEventThatWouldMakeAnOversizedSnapshotIsDeadLetteredAndTheJobGoesOn() {
        String jobId = TestIds.jobId("fold-huge");
        Jobs job = new Jobs(jobId, "acme", null);
        StringBuilder counters = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            counters.append(i == 0 ? "" : ",").append("\"counter-").append(i).append("\":").append(i);
        }
        String huge = """
                {"type":"ProgressReported","schemaVersion":1,"eventId":"%s","jobId":"%s",
                 "occurredAt":"2026-11-24T10:15:30.123Z","source":"reporter","counters":{%s}}"""
                .formatted(UUID.randomUUID(), jobId, counters);

        try (TopicReader deadLetters = TopicReader.fromNow(Topics.deadLetter(Topics.PROGRESS));
                TopicReader jobState = TopicReader.fromNow(config.topics().jobState())) {
            progress.send(job.submitted(), job.started());
            progress.sendRaw(Topics.PROGRESS, jobId, huge.getBytes(StandardCharsets.UTF_8));
            progress.sendRaw(Topics.PROGRESS, jobId, huge.replace("counter-", "other-")
                    .getBytes(StandardCharsets.UTF_8));
            progress.send(job.progress(null, 0.5));

            List<ConsumerRecord<String, byte[]>> rejected = await().atMost(PATIENCE)
                    .until(() -> deadLetters.recordsWithKey(jobId), records -> records.size() == 2);
            assertThat(CloudEventHeaders.get(rejected.getFirst().headers(), DeadLetter.REASON))
                    .contains("counters holds 40000 entries; at most 64");
            ConsumerRecord<String, byte[]> published = await().atMost(PATIENCE)
                    .until(() -> jobState.recordsWithKey(jobId), records -> !records.isEmpty()
                            && snapshot(records.getLast()).sequence() == 3)
                    .getLast();
            assertThat(published.value()).hasSizeLessThan(4096);
            assertThat(snapshot(published).state().progress()).isEqualTo(0.5);
        }
    }

    @Test
    void anExternalJobThatStaysQuietEndsAsTimedOutAndAnExecutorJobDoesNot() {
        Jobs quiet = new Jobs(TestIds.jobId("fold-quiet"), "acme", null);
        Jobs queued = new Jobs(TestIds.jobId("fold-queued"), "acme", null);

        // The platform's estimates keep coming for a silent job (moving its updatedAt); they are not the job reporting.
        progress.send(quiet.submittedExternal(), new EtaEstimated(UUID.randomUUID(), quiet.jobId(),
                Instant.now().plusSeconds(3600), "eta-predictor", 1000, 500, 2000, 0.8, "m"), queued.submitted());

        JobSnapshot ended = await().atMost(PATIENCE).until(() -> stores.liveSnapshot(quiet.jobId()),
                s -> s != null && s.state().status() == JobStatus.TIMED_OUT);
        assertThat(ended.state().outcome().timeoutMs()).isEqualTo(3000);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(stores.rows("SELECT type, payload->>'source' "
                + "FROM job_events WHERE job_id = ? ORDER BY kafka_offset", quiet.jobId()))
                .containsExactly(List.of("JobSubmitted", "gateway"), List.of("EtaEstimated", "eta-predictor"),
                        List.of("JobTimedOut", "aggregator")));
        assertThat(stores.liveSnapshot(queued.jobId()).state().status()).isEqualTo(JobStatus.QUEUED);
    }

    static JobSnapshot snapshot(ConsumerRecord<String, byte[]> record) {
        return WireType.JOB_STATE.codec().decode(record.value());
    }
}
