package io.headway.eta.model;

import java.util.Arrays;

/**
 * A job's progress over time within one attempt: (log time, fraction) points in time order, appended only when the
 * fraction moves. Bounded: past {@link #CAPACITY} points the older half is thinned to every other point, so a job
 * that reports a million times keeps its shape in constant memory.
 */
public final class ProgressSeries {

    static final int CAPACITY = 4096;

    private long[] times = new long[64];
    private double[] fractions = new double[64];
    private int size;

    /** Adds a point; one that does not move the fraction, or goes back in time, only moves nothing. */
    public void add(long atMs, double fraction) {
        if (size > 0 && (fraction <= fractions[size - 1] || atMs < times[size - 1])) {
            return;
        }
        if (size == times.length) {
            if (size >= CAPACITY) {
                thin();
            } else {
                times = Arrays.copyOf(times, size * 2);
                fractions = Arrays.copyOf(fractions, size * 2);
            }
        }
        times[size] = atMs;
        fractions[size] = fraction;
        size++;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long timeAt(int i) {
        return times[i];
    }

    public double fractionAt(int i) {
        return fractions[i];
    }

    public long lastTime() {
        return times[size - 1];
    }

    public double lastFraction() {
        return fractions[size - 1];
    }

    /**
     * The fraction reached by {@code atMs}, taking progress as steady between two reports (a report at 7 s of work
     * done since 0 s says little of when in between it was done): interpolated between the points around it, the
     * last fraction after the last point, 0 before the first.
     */
    public double fractionAtTime(long atMs) {
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= atMs) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return 0.0;
        }
        if (found == size - 1 || times[found] == atMs) {
            return fractions[found];
        }
        double share = (double) (atMs - times[found]) / (times[found + 1] - times[found]);
        return fractions[found] + share * (fractions[found + 1] - fractions[found]);
    }

    public void clear() {
        size = 0;
    }

    private void thin() {
        int half = size / 2;
        int kept = 0;
        for (int i = 0; i < half; i += 2) {
            times[kept] = times[i];
            fractions[kept] = fractions[i];
            kept++;
        }
        for (int i = half; i < size; i++) {
            times[kept] = times[i];
            fractions[kept] = fractions[i];
            kept++;
        }
        size = kept;
    }
}
