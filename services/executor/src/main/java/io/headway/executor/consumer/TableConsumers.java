package io.headway.executor.consumer;

import io.headway.events.ControlIntent;
import io.headway.events.JobSnapshot;
import io.headway.events.kafka.WireType;
import io.headway.executor.supervisor.JobSupervisor;
import io.headway.executor.supervisor.JobTableUpdates;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the two compacted topics every executor instance needs whole (each instance is a consumer group of its own,
 * from the beginning): the control intents, which it applies to the jobs it holds, and the job snapshots, from which it
 * knows which jobs have ended and which attempt comes next. A record that cannot be read is skipped with a warning:
 * tables are rewritten by their owners, and the next record of the job replaces it.
 */
@ApplicationScoped
public class TableConsumers {

    public static final String CONTROL = "job-control";
    public static final String STATE = "job-state";

    private static final Logger LOG = Logger.getLogger(TableConsumers.class);

    private final JobTableUpdates tables;
    private final JobSupervisor supervisor;

    public TableConsumers(JobTableUpdates tables, JobSupervisor supervisor) {
        this.tables = tables;
        this.supervisor = supervisor;
    }

    @Incoming(CONTROL)
    public void control(ConsumerRecord<String, byte[]> record) {
        try {
            ControlIntent intent = record.value() == null ? null
                    : WireType.JOB_CONTROL.codec().decode(record.value());
            tables.intent(record.key(), intent);
            supervisor.control(record.key(), intent);
        } catch (RuntimeException e) {
            LOG.warnf("Skipping an unreadable control intent for job %s: %s", record.key(), e.getMessage());
        }
    }

    @Incoming(STATE)
    public void state(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            JobSnapshot snapshot = WireType.JOB_STATE.codec().decode(record.value());
            tables.snapshot(snapshot);
        } catch (RuntimeException e) {
            LOG.warnf("Skipping an unreadable snapshot of job %s: %s", record.key(), e.getMessage());
        }
    }
}
