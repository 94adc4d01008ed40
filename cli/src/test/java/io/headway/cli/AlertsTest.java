package io.headway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.headway.events.codec.HeadwayJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AlertsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void theOptionsBecomeTheListsFilters() {
        assertThat(parse("alerts", "--open", "--kind", "stalled", "--severity", "warning", "--job", "job 1",
                "--since", "2h").query(NOW, 50, null))
                .isEqualTo("limit=50&state=open&kind=STALLED&severity=WARNING&jobId=job+1"
                        + "&since=2026-12-01T10%3A00%3A00Z");
        assertThat(parse("alerts", "--state", "resolved").query(NOW, 200, "c/2"))
                .isEqualTo("limit=200&state=RESOLVED&cursor=c%2F2");
        assertThat(parse("alerts").query(NOW, 50, null)).isEqualTo("limit=50");
    }

    @Test
    void sinceTakesAnInstantOrATimeAgo() {
        assertThat(Alerts.since("90s", NOW)).isEqualTo(Instant.parse("2026-12-01T11:58:30Z"));
        assertThat(Alerts.since("30m", NOW)).isEqualTo(Instant.parse("2026-12-01T11:30:00Z"));
        assertThat(Alerts.since("7D", NOW)).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
        assertThat(Alerts.since("2026-11-30T08:00:00Z", NOW)).isEqualTo(Instant.parse("2026-11-30T08:00:00Z"));
        assertThatThrownBy(() -> Alerts.since("yesterday", NOW)).isInstanceOf(CliException.class)
                .hasMessageContaining("30m").extracting(e -> ((CliException) e).exitCode).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void openAndAStateTogetherAreAUsageError() {
        StringWriter err = new StringWriter();
        int status = Headway.run(new String[] {"--key", "k", "--url", "http://127.0.0.1:9", "alerts", "--open",
                "--state", "RAISED"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(status).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--open or --state");
    }

    @Test
    void theTableSaysWhatEachAlertIsAndAboutWhom() throws Exception {
        JsonNode page = HeadwayJson.mapper().readTree("""
                {"items": [
                  {"alertId": "6f1c2d3e-0000-4000-8000-000000000001", "jobId": "job-123", "jobType": "demo",
                   "kind": "STALLED", "ruleId": null, "severity": "WARNING", "state": "RAISED",
                   "message": "no progress for 2m 10s", "raisedAt": "2026-12-01T09:00:00Z",
                   "updatedAt": "2026-12-01T09:00:00Z", "resolvedAt": null},
                  {"alertId": "6f1c2d3e-0000-4000-8000-000000000002", "jobId": null, "kind": "WEBHOOK_DISABLED",
                   "severity": "CRITICAL", "state": "RESOLVED", "message": "failing, again",
                   "raisedAt": "2026-12-01T08:00:00Z", "resolvedAt": "2026-12-01T08:30:00Z"}],
                 "next": null}""");
        StringWriter table = new StringWriter();
        Output.print(new PrintWriter(table), Output.Format.table, page, list(page), Alerts.COLUMNS);
        assertThat(table.toString().lines()).containsExactly(
                "ALERT     SEVERITY  KIND              STATE     JOB       TYPE  MESSAGE                 RAISED"
                        + "                RESOLVED",
                "6f1c2d3e  WARNING   STALLED           RAISED    job-123   demo  no progress for 2m 10s  "
                        + "2026-12-01T09:00:00Z",
                "6f1c2d3e  CRITICAL  WEBHOOK_DISABLED  RESOLVED  (tenant)        failing, again          "
                        + "2026-12-01T08:00:00Z  2026-12-01T08:30:00Z");
        StringWriter csv = new StringWriter();
        Output.print(new PrintWriter(csv), Output.Format.csv, page, list(page), Alerts.COLUMNS);
        assertThat(csv.toString().lines()).element(2).asString().contains("\"failing, again\"");
    }

    private static Alerts parse(String... args) {
        CommandLine line = new CommandLine(new Headway()).setCaseInsensitiveEnumValuesAllowed(true);
        return (Alerts) line.parseArgs(args).subcommand().commandSpec().userObject();
    }

    private static List<JsonNode> list(JsonNode page) {
        List<JsonNode> rows = new ArrayList<>();
        page.path("items").forEach(rows::add);
        return rows;
    }
}
