package io.headway.history;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A job in the history: its latest snapshot (JSON) and the columns searches and aggregates use. The aggregator writes
 * these rows in bulk with the reactive client; this entity is how they are read.
 */
@Entity
@Table(name = "jobs")
public class JobRecord extends PanacheEntityBase {

    @Id
    @Column(name = "job_id")
    public String jobId;

    public String tenant;

    @Column(name = "job_type")
    public String jobType;

    public String status;

    @Column(name = "batch_id")
    public String batchId;

    public double progress;

    public long sequence;

    /** The offset of the last event folded in; see the migration V2. */
    @Column(name = "last_offset")
    public long lastOffset;

    /** The {@code JobSnapshot} JSON, read as text (the reactive driver would hand jsonb over as a JSON object). */
    @ColumnTransformer(read = "snapshot::text")
    public String snapshot;

    @Column(name = "submitted_at")
    public Instant submittedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "expected_finish_at")
    public Instant expectedFinishAt;
}
