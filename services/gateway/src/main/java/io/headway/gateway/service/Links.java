package io.headway.gateway.service;

import io.headway.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** The URLs a response points a client to, under the configured base path. */
@ApplicationScoped
public class Links {

    private final String base;

    public Links(GatewayConfig config) {
        this.base = config.basePath();
    }

    public Map<String, String> job(String jobId) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", base + "/jobs/" + jobId);
        links.put("logs", base + "/jobs/" + jobId + "/logs");
        links.put("events", base + "/jobs/" + jobId + "/events");
        links.put("cancel", base + "/jobs/" + jobId + "/cancel");
        links.put("stream", base + "/stream/sse?jobId=" + jobId);
        return links;
    }

    public Map<String, String> externalJob(String jobId) {
        Map<String, String> links = job(jobId);
        links.put("report", base + "/external-jobs/" + jobId + "/events");
        links.put("reportLogs", base + "/external-jobs/" + jobId + "/logs");
        return links;
    }

    public Map<String, String> batch(String batchId) {
        return Map.of("self", base + "/batches/" + batchId, "jobs", base + "/jobs?batchId=" + batchId);
    }
}
