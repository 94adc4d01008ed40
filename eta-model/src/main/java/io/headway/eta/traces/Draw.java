package io.headway.eta.traces;

import java.util.Random;

/**
 * The distributions the trace shapes draw from. {@link Random}'s algorithm is fixed by its specification and only
 * {@link StrictMath} is used, so a seed gives the same numbers on every JVM and platform.
 */
final class Draw {

    private Draw() {
    }

    static double uniform(Random random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    /** Lognormal with median 1: a machine's speed, as a factor on every duration of the job. */
    static double speedFactor(Random random, double sigma) {
        return StrictMath.exp(sigma * random.nextGaussian());
    }

    /** Lognormal with mean 1: mild noise around a nominal duration. */
    static double mild(Random random, double sigma) {
        return StrictMath.exp(sigma * random.nextGaussian() - sigma * sigma / 2);
    }

    /** Exponential with mean 1 (coefficient of variation 1). */
    static double exponential(Random random) {
        return -StrictMath.log(1 - random.nextDouble());
    }

    /** Pareto with shape {@code alpha} (> 1) and mean 1: mostly short, now and then very long. */
    static double pareto(Random random, double alpha) {
        double scale = (alpha - 1) / alpha;
        return scale / StrictMath.pow(1 - random.nextDouble(), 1 / alpha);
    }

    /** Log-uniform between {@code low} and {@code high}. */
    static double logUniform(Random random, double low, double high) {
        return StrictMath.exp(uniform(random, StrictMath.log(low), StrictMath.log(high)));
    }
}
