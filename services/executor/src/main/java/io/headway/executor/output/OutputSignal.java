package io.headway.executor.output;

import io.headway.events.Require;
import java.util.HashMap;
import java.util.Map;

/** Something a job's output line says about its progress, in the line protocol or through a template's pattern. */
public sealed interface OutputSignal {

    /** A stage begins (the one running before it, if any, is complete). */
    record StageBegins(String stage, Double weight) implements OutputSignal {
    }

    /** A stage is complete; a null name means the stage running now. */
    record StageEnds(String stage) implements OutputSignal {
    }

    /**
     * Progress of the running stage; every part may be absent. Counters are running totals: a later value replaces an
     * earlier one.
     */
    record Progress(Double fraction, Long current, Long total, String unit, String message,
            Map<String, Long> counters) implements OutputSignal {

        public Progress {
            counters = counters == null ? Map.of() : Map.copyOf(counters);
        }

        /** Whether {@link #then} stays within the counters one event may carry. */
        boolean mergesWith(Progress later) {
            return counters.size() + later.counters().keySet().stream().filter(name -> !counters.containsKey(name))
                    .count() <= Require.MAX_ENTRIES;
        }

        /** This progress, updated by a later one: later values win, counters merge. */
        Progress then(Progress later) {
            boolean units = later.current() != null;
            var merged = new HashMap<>(counters);
            merged.putAll(later.counters());
            return new Progress(
                    later.fraction() != null ? later.fraction() : units ? null : fraction,
                    units ? later.current() : current,
                    units ? later.total() : total,
                    units ? later.unit() : unit,
                    later.message() != null ? later.message() : message,
                    merged);
        }
    }

    /** A point the job can resume from. */
    record Checkpoint(String value) implements OutputSignal {
    }

    /**
     * A file the job made, to keep as an artifact or show as a preview.
     *
     * @param path      relative to the job's working directory
     * @param name      what to call it; null takes the file's name
     * @param mediaType what the job says it is; null takes what its name implies (the bytes are checked either way)
     */
    record ArtifactOffered(String path, String name, String mediaType, boolean preview) implements OutputSignal {
    }
}
