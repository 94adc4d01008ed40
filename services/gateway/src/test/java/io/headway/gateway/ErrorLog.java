package io.headway.gateway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what the gateway, running in the test's JVM, logs at ERROR (anyone's) and WARN (its own) while it is open.
 */
public final class ErrorLog extends Handler implements AutoCloseable {

    private final List<LogRecord> errors = new CopyOnWriteArrayList<>();
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();

    private ErrorLog() {
    }

    public static ErrorLog open() {
        ErrorLog log = new ErrorLog();
        Logger.getLogger("").addHandler(log);
        return log;
    }

    /** The ERROR lines so far, as "logger: message". */
    public List<String> errors() {
        return errors.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList();
    }

    /** The gateway's own WARN lines so far: a bug it survived shows here. */
    public List<String> gatewayWarnings() {
        return warnings.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList();
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
            errors.add(record);
        } else if (record.getLevel().intValue() >= Level.WARNING.intValue() && record.getLoggerName() != null
                && record.getLoggerName().startsWith("io.headway.gateway")) {
            warnings.add(record);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
