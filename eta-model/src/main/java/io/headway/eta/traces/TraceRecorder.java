package io.headway.eta.traces;

import io.headway.events.EtaEstimated;
import io.headway.events.JobSubmitted;
import io.headway.events.ProgressEvent;
import io.headway.events.codec.Codec;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code headway.sh eta-record TYPE OUT}: saves the events of one job type's recent runs from {@code headway.progress}
 * as a trace the evaluator reads, so real runs (of the executor's templates, or of your own jobs) can join the suite.
 * Reads every partition from {@code --since} ago up to where it ended when the command started, keeps the jobs
 * whose {@code JobSubmitted} names the type, and leaves out estimates (the evaluator makes its own). Lines are as the
 * codec writes them, in time order; {@code .gz} files are gzipped.
 */
@Command(name = "eta-record", mixinStandardHelpOptions = true,
        description = "Saves one job type's recent events from headway.progress as an ETA trace.")
public final class TraceRecorder implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TYPE", description = "the job type to keep")
    String jobType;

    @Parameters(index = "1", paramLabel = "OUT", description = "the trace to write (.jsonl, or .jsonl.gz)")
    Path out;

    @Option(names = "--since", defaultValue = "PT1H", description = "how far back to read, ISO-8601 (${DEFAULT-VALUE})")
    Duration since;

    @Option(names = "--bootstrap", description = "Kafka (default: HEADWAY_KAFKA_BOOTSTRAP or the local stack's)")
    String bootstrap = System.getenv().getOrDefault("HEADWAY_KAFKA_BOOTSTRAP", "127.0.0.1:19092");

    @Option(names = "--topic", defaultValue = Topics.PROGRESS, description = "(${DEFAULT-VALUE})")
    String topic;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TraceRecorder()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        List<ProgressEvent> kept = read();
        kept.sort(Comparator.comparing(ProgressEvent::occurredAt));
        Codec<ProgressEvent> codec = WireType.PROGRESS.codec();
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out));
                OutputStream stream = out.toString().endsWith(".gz") ? new GZIPOutputStream(file) : file) {
            for (ProgressEvent event : kept) {
                stream.write(codec.encode(event));
                stream.write('\n');
            }
        }
        long jobs = kept.stream().map(ProgressEvent::jobId).distinct().count();
        System.out.printf("%s: %d jobs of type %s, %d events%n", out, jobs, jobType, kept.size());
        return 0;
    }

    private List<ProgressEvent> read() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Codec<ProgressEvent> codec = WireType.PROGRESS.codec();
        Map<String, List<ProgressEvent>> byJob = new HashMap<>();
        Set<String> ofType = new HashSet<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long from = Instant.now().minus(since).toEpochMilli();
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, from));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                consumer.seek(partition, start == null ? ends.get(partition) : start.offset());
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    ProgressEvent event;
                    try {
                        event = codec.decode(record.value());
                    } catch (RuntimeException unreadable) {
                        continue;
                    }
                    if (event instanceof EtaEstimated) {
                        continue;
                    }
                    if (event instanceof JobSubmitted submitted && jobType.equals(submitted.jobType())) {
                        ofType.add(submitted.jobId());
                    }
                    byJob.computeIfAbsent(event.jobId(), k -> new ArrayList<>()).add(event);
                }
            }
        }
        List<ProgressEvent> kept = new ArrayList<>();
        ofType.forEach(jobId -> kept.addAll(byJob.get(jobId)));
        return kept;
    }
}
