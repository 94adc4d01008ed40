package io.headway.aggregator.consumer;

import io.headway.aggregator.fold.BatchFolder;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Tells the folder to forget its cached job states whenever this instance's progress partitions change. */
@ApplicationScoped
@Identifier(PartitionListener.NAME)
public class PartitionListener implements KafkaConsumerRebalanceListener {

    /** Referenced from the progress channel's configuration. */
    public static final String NAME = "headway-progress-partitions";

    private final BatchFolder folder;

    public PartitionListener(BatchFolder folder) {
        this.folder = folder;
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        folder.forgetStates();
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        folder.forgetStates();
    }
}
