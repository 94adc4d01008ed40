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
 * Such values, and anything shaped like a Headway key ({@code hw_...}) or a webhook signing secret
 * ({@code whsec_...}), are replaced by {@code [redacted]} before the line is formatted; an exception logged with the line whose message (or a cause's) holds one is replaced by a copy
 * with the same class name, redacted message and stack trace. Installed on the console handler ({@code quarkus.log.console.filter}).
 */
@LoggingFilter(name = "redact-secrets")
public final class SecretRedaction implements Filter {

    private static final Pattern SECRETS = Pattern.compile(
            "((?:access_token|ticket|api_key|key)=)[^&\\s\"']+|\\bhw(?:t)?_[A-Za-z0-9_\\-]{6,}"
                    + "|\\bwhsec_[A-Za-z0-9+/=]{6,}");

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
        if (record.getThrown() != null && holdsSecret(record.getThrown(), 0)) {
            record.setThrown(redacted(record.getThrown(), 0));
        }
        return true;
    }

    private static final int MAX_CAUSES = 16;

    private static boolean holdsSecret(Throwable thrown, int depth) {
        return thrown != null && depth < MAX_CAUSES && (thrown.getMessage() != null
                && SECRETS.matcher(thrown.getMessage()).find() || holdsSecret(thrown.getCause(), depth + 1));
    }

    private static Throwable redacted(Throwable thrown, int depth) {
        Throwable cause = thrown.getCause() == null || depth + 1 >= MAX_CAUSES ? null
                : redacted(thrown.getCause(), depth + 1);
        Redacted copy = new Redacted(thrown.getClass().getName(),
                thrown.getMessage() == null ? null : redact(thrown.getMessage()), cause);
        copy.setStackTrace(thrown.getStackTrace());
        return copy;
    }

    /** An exception as it was logged, with the secrets taken out of its message; it prints as the original. */
    static final class Redacted extends RuntimeException {
        private final String originalClass;

        Redacted(String originalClass, String message, Throwable cause) {
            super(message, cause, false, true);
            this.originalClass = originalClass;
        }

        @Override
        public String toString() {
            return getMessage() == null ? originalClass : originalClass + ": " + getMessage();
        }
    }

    /** The text with every secret in it replaced. */
    public static String redact(String text) {
        return SECRETS.matcher(text).replaceAll(match -> match.group(1) != null
                ? Matcher.quoteReplacement(match.group(1)) + "[redacted]" : "[redacted]");
    }
}
