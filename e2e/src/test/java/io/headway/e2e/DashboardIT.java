package io.headway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headway.events.Alert;
import io.headway.events.AlertSeverity;
import io.headway.events.AlertState;
import io.headway.testing.ApiKeys;
import io.headway.testing.Browser;
import io.headway.testing.TestIds;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard in a real browser (headless Chromium) against the real services: a user signs in with a key,
 * submits a {@code demo} job through the form, watches its progress bar and log tail move, pauses and resumes it,
 * cancels another and sees it end cancelled; another tenant's key shows none of those jobs; and when the gateway goes
 * away and comes back the page reconnects by itself and shows what happened meanwhile, without a reload; an alert
 * about a job shows on its row, on its page and in the alerts view while it holds, and as resolved after. Screenshots
 * are kept in {@code e2e/target/screenshots/}.
 */
@Tag("browser")
@ExtendWith(SharedPlatform.class)
class DashboardIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static Platform platform;
    private static Platform.Tenant tenant;

    @BeforeAll
    static void start(Platform shared) throws Exception {
        platform = shared;
        tenant = shared.tenant("dashboard");
    }

    @Test
    void aUserSubmitsWatchesPausesResumesAndCancelsJobs() throws Exception {
        try (Browser browser = Browser.open(1400, 1000)) {
            signIn(browser, tenant.key());
            submitWatchPauseResumeAndCancel(browser);
        }
    }

    private void submitWatchPauseResumeAndCancel(Browser browser) throws Exception {
        try {
            browser.go(base() + "/#/submit");
            eventually().until(() -> !browser.all("#param-size").isEmpty());
            browser.script("const s = arguments[0]; s.value = 'demo'; s.dispatchEvent(new Event('change'));",
                    browser.find("#submit-type"));
            type(browser, "#param-size", "60");
            type(browser, "#param-delayMs", "250");
            type(browser, "#submit-labels", "suite=browser");
            browser.find("#submit-form button[type=submit]").click();

            eventually().until(() -> browser.hash().startsWith("#/jobs/"));
            eventually().until(() -> progress(browser) > 0);
            int early = progress(browser);
            eventually().until(() -> progress(browser) > early);
            eventually().until(() -> browser.all("#log-tail .line").size() > 3);
            assertThat(browser.text("#log-tail")).contains("scanned item");

            browser.find("#pause").click();
            eventually().until(() -> "PAUSED".equals(browser.text(".job-head .badge")));
            int paused = progress(browser);
            browser.screenshot("job-paused");
            browser.find("#resume").click();
            eventually().until(() -> "RUNNING".equals(browser.text(".job-head .badge")));
            eventually().until(() -> progress(browser) > paused);
            browser.screenshot("job-detail");

            String other = submit("{\"type\": \"demo\", \"parameters\": {\"size\": \"2000\", \"delayMs\": \"100\"}}");
            browser.go(base() + "/#/jobs/" + other);
            eventually().until(() -> "RUNNING".equals(browser.text(".job-head .badge")));
            type(browser, "#control-reason", "not needed");
            browser.find("#cancel").click();
            eventually().until(() -> "CANCELLED".equals(browser.text(".job-head .badge")));
            assertThat(browser.text(".job-progress")).contains("not needed");

            browser.go(base() + "/#/jobs");
            eventually().until(() -> "CANCELLED".equals(
                    browser.find("[data-job='" + other + "']").getDomAttribute("data-status")));
            browser.screenshot("jobs");

            browser.go(base() + "/#/queue");
            eventually().until(() -> !browser.all("tr[data-executor='" + platform.run + "']").isEmpty());
            eventually().until(() -> !"0".equals(browser.text(".count[data-status=CANCELLED] strong")));
        } catch (RuntimeException | AssertionError e) {
            browser.screenshot("failed-" + browser.hash().replaceAll("[^a-z0-9]+", "-"));
            throw e;
        }
    }

    @Test
    void anotherTenantsKeySeesNoneOfTheseJobs() throws Exception {
        String mine = submit("{\"type\": \"demo\", \"parameters\": {\"size\": \"5\", \"delayMs\": \"10\"}}");
        String otherKey = otherTenantKey();
        try (Browser browser = Browser.open(1200, 800)) {
            signIn(browser, otherKey);
            browser.go(base() + "/#/jobs");
            eventually().until(() -> "live".equals(browser.find("#connection").getDomAttribute("data-state")));
            browser.find("#older").click();
            eventually().until(() -> browser.text("#job-count").startsWith("0 shown"));
            assertThat(browser.all("[data-job]")).isEmpty();
            browser.go(base() + "/#/jobs/" + mine);
            eventually().until(() -> browser.text(".job-head").contains("No such job"));
        }
    }

    @Test
    void thePageReconnectsByItselfAndCatchesUpWhenTheGatewayComesBack() throws Exception {
        try (Browser browser = Browser.open(1200, 800)) {
            signIn(browser, tenant.key());
            String job = submit("{\"type\": \"demo\", \"parameters\": {\"size\": \"30\", \"delayMs\": \"100\"}}");
            eventually().until(() -> !browser.all("[data-job='" + job + "']").isEmpty());

            platform.gateway.stop();
            try {
                eventually().until(() -> !"live".equals(browser.find("#connection").getDomAttribute("data-state")));
                browser.screenshot("reconnecting");
            } finally {
                platform.gateway.startAgain(); // the suite's other classes share this gateway
            }
            eventually().until(() -> "live".equals(browser.find("#connection").getDomAttribute("data-state")));
            eventually().until(() -> "SUCCEEDED".equals(
                    browser.find("[data-job='" + job + "']").getDomAttribute("data-status")));
            assertThat(browser.script("return performance.getEntriesByType('navigation').length")).isEqualTo(1L);
        }
    }

    @Test
    void anAlertShowsOnItsJobsRowAndPageWhileItHoldsAndAsResolvedAfter() throws Exception {
        String job = submit("{\"type\": \"demo\", \"parameters\": {\"size\": \"400\", \"delayMs\": \"250\"}}");
        Instant raisedAt = Instant.now().minusSeconds(200).truncatedTo(ChronoUnit.MILLIS);
        Alert raised = new Alert(UUID.randomUUID(), job, tenant.name(), Alert.STALLED, AlertSeverity.WARNING,
                AlertState.RAISED,
                "no progress for 2m 10s", null, raisedAt, raisedAt);
        String mark = "[data-job='" + job + "'] .alert-mark";
        String row = "#job-alerts [data-alert='" + raised.alertId() + "']";
        try (Browser browser = Browser.open(1400, 1000)) {
            signIn(browser, tenant.key());
            browser.go(base() + "/#/jobs");
            eventually().until(() -> !browser.all("[data-job='" + job + "']").isEmpty());

            Platform.publishUntilShown(raised, () -> browser.find(mark).isDisplayed());
            assertThat(browser.find(mark).getDomAttribute("data-severity")).isEqualTo("WARNING");
            assertThat(browser.find(mark).getDomAttribute("aria-label")).isEqualTo("1 open alert, WARNING");
            assertThat(browser.find("#alert-count").isDisplayed()).isTrue();
            browser.screenshot("alert-jobs");

            browser.go(base() + "/#/alerts");
            eventually().until(() -> browser.text("table.alerts [data-alert='" + raised.alertId() + "']")
                    .contains("no progress for 2m 10s"));
            browser.screenshot("alerts");
            browser.find("#theme").click();
            browser.screenshot("alerts-dark");
            browser.find("#theme").click();

            browser.go(base() + "/#/jobs/" + job);
            eventually().until(() -> browser.text(row).contains("STALLED"));
            assertThat(browser.text(row)).contains("WARNING", "no progress for 2m 10s", "open");

            Alert updated = raised.next(AlertState.UPDATED, "no progress for 4m 10s", raisedAt.plusSeconds(120));
            Platform.publishUntilShown(updated, () -> browser.text(row).contains("4m 10s"));
            browser.screenshot("alert-job");

            Alert resolved = raised.next(AlertState.RESOLVED, "progressing again", raisedAt.plusSeconds(185));
            Platform.publishUntilShown(resolved,
                    () -> "RESOLVED".equals(browser.find(row).getDomAttribute("data-state")));
            assertThat(browser.text(row)).contains("resolved", "lasted 3m 05s");
            assertThat(browser.find("#alert-count").isDisplayed()).isFalse();
            browser.screenshot("alert-resolved");

            browser.go(base() + "/#/jobs");
            eventually().until(() -> !browser.all("[data-job='" + job + "']").isEmpty());
            assertThat(browser.find(mark).isDisplayed()).isFalse();
        }
    }

    @Test
    void aJobsPreviewShowsInTheListWhileItRunsAndItsGalleryAndArtifactsOnItsPage() throws Exception {
        String job = submit("{\"type\": \"demo\", \"parameters\": {\"size\": \"60\", \"delayMs\": \"150\"}}");
        try (Browser browser = Browser.open(1300, 900)) {
            signIn(browser, tenant.key());
            String thumb = "[data-job='" + job + "'] img.preview-thumb";
            eventually().until(() -> loaded(browser, thumb));
            assertThat(browser.find("[data-job='" + job + "']").getDomAttribute("data-status"))
                    .as("the preview shows while the job runs").isEqualTo("RUNNING");
            browser.screenshot("preview-jobs");

            browser.go(base() + "/#/jobs/" + job);
            eventually().until(() -> browser.all("#previews figure").size() >= 2
                    && loaded(browser, "#previews figure:last-child img"));
            browser.screenshot("preview-job");
            eventually().until(() -> browser.text("#artifact-list").contains("report.txt"));
            assertThat(browser.text("#artifact-list")).contains("preview-25.png", "preview-50.png",
                    "preview-75.png", "text/plain");
            browser.screenshot("artifacts-job");
        }
    }

    /** Whether the image has loaded (from its object URL) and has pixels. */
    private static boolean loaded(Browser browser, String css) {
        return Boolean.TRUE.equals(browser.script("const i = document.querySelector(arguments[0]);"
                + " return !!i && !i.hidden && i.complete && i.naturalWidth > 0;", css));
    }

    /** Waits for what the page shows; an element replaced while it is read is read again. */
    private static org.awaitility.core.ConditionFactory eventually() {
        return await().atMost(PATIENCE).ignoreExceptions();
    }

    private static void signIn(Browser browser, String key) {
        browser.go(base() + "/");
        eventually().until(() -> browser.find("#signin-key").isDisplayed());
        browser.find("#signin-key").sendKeys(key);
        browser.find("#signin-form button").click();
        eventually().until(() -> "live".equals(browser.find("#connection").getDomAttribute("data-state")));
    }

    private static void type(Browser browser, String css, String text) {
        browser.find(css).clear();
        browser.find(css).sendKeys(text);
    }

    private static int progress(Browser browser) {
        String value = browser.find(".job-progress .bar").getDomAttribute("aria-valuenow");
        return value == null ? 0 : Integer.parseInt(value);
    }

    private static String submit(String body) throws Exception {
        return platform.api(tenant.key()).call("POST", "/api/v1/jobs", body, 202).path("jobId").asText();
    }

    /** A read-only key of a tenant of its own. */
    private static String otherTenantKey() throws Exception {
        String key = "hw_other_" + TestIds.jobId("key");
        ApiKeys.register("k-" + tenant.name().substring(tenant.name().length() - 12), key,
                TestIds.jobId("other-tenant"), "other tenant",
                "read");
        return key;
    }

    private static String base() {
        return platform.base();
    }
}
