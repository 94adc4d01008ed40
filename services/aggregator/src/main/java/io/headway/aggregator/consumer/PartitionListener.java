package io.headway.aggregator.consumer;

import io.headway.aggregator.alert.JobMonitor;
import io.headway.aggregator.fold.BatchFolder;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells the folder to forget its cached job states, and the alert monitor which jobs to watch, whenever this instance's progress partitions change, and knows
 * which partitions this instance folds now.
 */
@ApplicationScoped
@Identifier(PartitionListener.NAME)
public class PartitionListener implements KafkaConsumerRebalanceListener {

    /** Referenced from the progress channel's configuration. */
    public static final String NAME = "headway-progress-partitions";

    private final BatchFolder folder;
    private final JobMonitor monitor;
    private volatile Set<Integer> owned = Set.of();

    public PartitionListener(BatchFolder folder, JobMonitor monitor) {
        this.folder = folder;
        this.monitor = monitor;
    }

    /** The progress partitions this instance folds now. */
    public Set<Integer> owned() {
        return owned;
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        owned = Set.of();
        folder.forgetStates();
        monitor.partitionsChanged(owned);
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        owned = consumer.assignment().stream().map(TopicPartition::partition).collect(Collectors.toUnmodifiableSet());
        folder.forgetStates();
        monitor.partitionsChanged(owned);
    }
}
