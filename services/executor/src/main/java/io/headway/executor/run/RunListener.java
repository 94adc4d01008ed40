package io.headway.executor.run;

import io.headway.events.LogLine;
import io.headway.events.ProgressEvent;

/** Where a running attempt's events and log lines go; called from the attempt's reader and sampler threads. */
public interface RunListener {

    void event(ProgressEvent event);

    void log(LogLine line);
}
