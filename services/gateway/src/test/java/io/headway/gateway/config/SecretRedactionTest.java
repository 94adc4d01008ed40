package io.headway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** No key or ticket survives into a log line, wherever in the line it is. */
class SecretRedactionTest {

    @Test
    void keysAndTicketsInUrlsAndTextAreRedacted() {
        assertThat(SecretRedaction.redact("HTTP Request to /api/v1/stream?access_token=hw_dev_abc123XYZ failed"))
                .isEqualTo("HTTP Request to /api/v1/stream?access_token=[redacted] failed");
        assertThat(SecretRedaction.redact("GET /api/v1/stream?all=true&ticket=hwt_Zm9vYmFy_baz&logs=true"))
                .isEqualTo("GET /api/v1/stream?all=true&ticket=[redacted]&logs=true");
        assertThat(SecretRedaction.redact("the key hw_e2e_1234567890 was refused"))
                .isEqualTo("the key [redacted] was refused");
        assertThat(SecretRedaction.redact("job 42 of type demo reached 50 %")).isEqualTo("job 42 of type demo reached 50 %");
    }

    @Test
    void theFilterRedactsTheFormattedLine() {
        // Quarkus' error handler logs printf-style, the URL as a parameter.
        ExtLogRecord record = new ExtLogRecord(Level.SEVERE, "HTTP Request to %s failed, error id: %s",
                ExtLogRecord.FormatStyle.PRINTF, SecretRedactionTest.class.getName());
        record.setParameters(new Object[] {"/api/v1/stream?access_token=hw_secret_value", "e-1"});
        assertThat(new SecretRedaction().isLoggable(record)).isTrue();
        assertThat(record.getFormattedMessage())
                .isEqualTo("HTTP Request to /api/v1/stream?access_token=[redacted] failed, error id: e-1");
    }

    @Test
    void anExceptionLoggedWithTheLineIsRedactedTooAndStillReadsAsItself() {
        ExtLogRecord record = new ExtLogRecord(Level.SEVERE, "request failed", SecretRedactionTest.class.getName());
        IllegalStateException cause = new IllegalStateException("bad ticket=hwt_abcdefgh in /api/v1/stream");
        record.setThrown(new RuntimeException("wrapped", cause));

        assertThat(new SecretRedaction().isLoggable(record)).isTrue();

        StringWriter printed = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString()).doesNotContain("hwt_abcdefgh")
                .contains("java.lang.RuntimeException: wrapped")
                .contains("Caused by: java.lang.IllegalStateException: bad ticket=[redacted] in /api/v1/stream")
                .contains("SecretRedactionTest.anExceptionLoggedWithTheLineIsRedactedTooAndStillReadsAsItself");
    }
}
