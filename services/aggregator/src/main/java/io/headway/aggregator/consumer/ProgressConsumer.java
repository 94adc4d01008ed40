package io.headway.aggregator.consumer;

import io.headway.aggregator.fold.JobFolder;
import io.headway.events.ProgressEvent;
import io.headway.events.codec.EventDecodingException;
import io.headway.events.codec.ProgressEventCodec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads {@code headway.progress} and hands each event to the {@link JobFolder}, one at a time per partition, so a
 * job's events are folded in log order. A record that cannot be decoded is nacked with the reason and goes to the
 * dead-letter topic ({@code headway.progress.dlq}, reason in the {@code dead-letter-reason} header) while the
 * channel goes on. A store that fails is retried with backoff before the event is given up to the dead-letter topic.
 */
@ApplicationScoped
public class ProgressConsumer {

    /** The incoming channel, bound to {@code headway.progress} in configuration. */
    public static final String CHANNEL = "progress";

    private static final Logger LOG = Logger.getLogger(ProgressConsumer.class);
    private static final int STORE_ATTEMPTS = 8;

    private final ProgressEventCodec codec = new ProgressEventCodec();
    private final JobFolder folder;

    public ProgressConsumer(JobFolder folder) {
        this.folder = folder;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> record) {
        ProgressEvent event;
        try {
            event = codec.decode(record.getPayload());
        } catch (EventDecodingException e) {
            LOG.warnf("Dead-lettering an unreadable progress record: %s", e.getMessage());
            return Uni.createFrom().completionStage(record.nack(e));
        }
        return folder.fold(event)
                .onFailure().invoke(e -> LOG.warnf(e, "Folding %s of job %s failed; retrying", event.type(),
                        event.jobId()))
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5))
                .atMost(STORE_ATTEMPTS)
                .onItemOrFailure().transformToUni((snapshot, failure) -> Uni.createFrom().completionStage(
                        failure == null ? record.ack() : record.nack(failure)));
    }
}
