package io.headway.events.docs;

import io.headway.events.reporter.JobReporter;

/** The README's "report progress from your own code" example, compiled and run by {@link ReporterExampleTest}. */
final class ReporterExample {

    private ReporterExample() {
    }

    static void reportNightlyImport(String bootstrapServers, String jobId) {
        // tag::reporter[]
        try (JobReporter job = JobReporter.builder(bootstrapServers, "acme", "nightly-import")
                .jobId(jobId) // optional: a random id otherwise
                .stage("download", 1).stage("load", 3)
                .start()) {
            job.stageStarted("download");
            job.progress(0.5, "half way");
            job.stageCompleted("download");
            job.stageStarted("load");
            for (int rows = 1000; rows <= 5000; rows += 1000) {
                if (job.cancelRequested()) { // someone cancelled it over the API or the dashboard
                    job.cancelled("stopped before row " + rows);
                    return;
                }
                job.units(rows, 5000, "rows");
            }
            job.succeed("5000 rows loaded");
        }
        // end::reporter[]
    }
}
