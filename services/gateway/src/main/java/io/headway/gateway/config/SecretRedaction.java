package io.headway.gateway.config;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Keeps secrets out of every log line the gateway writes, whoever writes it: Quarkus' own error handler logs the
 * full URL of a failed request, and a stream URL may carry {@code access_token=<key>} or {@code ticket=<ticket>}.
 * Such values, and anything shaped like a Headway key ({@code hw_...}), are replaced by {@code [redacted]} before the
 * line is formatted. Installed on the console handler ({@code quarkus.log.console.filter}).
 */
@LoggingFilter(name = "redact-secrets")
public final class SecretRedaction implements Filter {

    private static final Pattern SECRETS = Pattern.compile(
            "((?:access_token|ticket|api_key|key)=)[^&\\s\"']+|\\bhw(?:t)?_[A-Za-z0-9_\\-]{6,}");

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            // Format first (printf or {0} style, whichever the logger used), then redact the finished line.
            String formatted = ext.getFormattedMessage();
            if (formatted != null) {
                ext.setMessage(redact(formatted), ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        } else if (record.getMessage() != null && record.getParameters() == null) {
            record.setMessage(redact(record.getMessage()));
        }
        return true;
    }

    /** The text with every secret in it replaced. */
    public static String redact(String text) {
        return SECRETS.matcher(text).replaceAll(match -> match.group(1) != null
                ? Matcher.quoteReplacement(match.group(1)) + "[redacted]" : "[redacted]");
    }
}
