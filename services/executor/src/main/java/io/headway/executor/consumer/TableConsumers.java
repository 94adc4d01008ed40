package io.headway.executor.consumer;

import io.headway.events.ControlIntent;
import io.headway.events.kafka.JobStateHeaders;
import io.headway.events.kafka.WireType;
import io.headway.executor.supervisor.JobSupervisor;
import io.headway.executor.supervisor.JobTableUpdates;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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

    /**
     * Snapshots in batches: only each job's latest in the batch matters to a table, and external jobs, which no
     * executor runs, are skipped by their header without being decoded.
     */
    @Incoming(STATE)
    public void state(ConsumerRecords<String, byte[]> batch) {
        Map<String, ConsumerRecord<String, byte[]>> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            if (record.value() != null && !JobStateHeaders.external(record.headers())) {
                latest.put(record.key(), record);
            }
        }
        for (ConsumerRecord<String, byte[]> record : latest.values()) {
            try {
                tables.snapshot(WireType.JOB_STATE.codec().decode(record.value()));
            } catch (RuntimeException e) {
                LOG.warnf("Skipping an unreadable snapshot of job %s: %s", record.key(), e.getMessage());
            }
        }
    }
}
