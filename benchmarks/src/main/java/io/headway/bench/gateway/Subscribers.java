package io.headway.bench.gateway;

import io.headway.stream.ClientMessage.Subscribe;
import io.headway.stream.ServerMessage;
import io.vertx.core.http.WebSocket;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Option;

/**
 * {@code --connections} WebSocket subscribers of one gateway, each following one of {@code --jobs} jobs
 * ({@link GatewayRun#fanOutJob}), that count the snapshot frames they receive. The connections part measures what they
 * cost; the fan-out part publishes to the jobs they follow.
 */
public final class Subscribers implements AutoCloseable {

    /** Options of the parts that open subscribers. */
    public static final class Options {
        @Option(names = "--connections", description = "WebSocket subscribers to open (default ${DEFAULT-VALUE})")
        int connections = 10_000;

        @Option(names = "--jobs", description = "jobs the subscribers follow, evenly (default ${DEFAULT-VALUE})")
        int jobs = 1_000;

        public int connections() {
            return connections;
        }
    }

    /** What opening them took. */
    public record Opened(int connections, int held, int subscribed, int failed, int refused, double seconds) {

        public void print() {
            System.out.printf("  held open                  %,d of %,d, %,d subscribed (%d failed to connect, %d refused), "
                    + "in %.1f s%n", held, connections, subscribed, failed, refused, seconds);
        }
    }

    /** How many connections may be opening at once. */
    private static final int OPENING_AT_ONCE = 200;
    private static final long PATIENCE_MINUTES = 10;

    private final GatewayRun run;
    private final Options options;
    private final Queue<WebSocket> sockets = new ConcurrentLinkedQueue<>();
    private final LongAdder frames = new LongAdder();
    private final AtomicInteger subscribed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    public Subscribers(GatewayRun run, Options options) {
        this.run = run;
        this.options = options;
    }

    /** Opens the subscribers and waits until the gateway has answered each subscription. */
    public Opened open() throws InterruptedException {
        Semaphore opening = new Semaphore(OPENING_AT_ONCE);
        CountDownLatch answered = new CountDownLatch(options.connections);
        long start = System.nanoTime();
        for (int i = 0; i < options.connections; i++) {
            opening.acquire();
            String jobId = run.fanOutJob(i % options.jobs);
            run.connect().onComplete(result -> {
                opening.release();
                if (result.failed()) {
                    failed.incrementAndGet();
                    answered.countDown();
                } else {
                    sockets.add(result.result());
                    follow(result.result(), jobId, answered);
                }
            });
        }
        if (!answered.await(PATIENCE_MINUTES, TimeUnit.MINUTES)) {
            System.out.printf("only %,d of %,d subscriptions were answered within %d minutes%n",
                    options.connections - answered.getCount(), options.connections, PATIENCE_MINUTES);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int held = (int) sockets.stream().filter(socket -> !socket.isClosed()).count();
        return new Opened(options.connections, held, subscribed.get(), failed.get(), refused.get(),
                Percentiles.round(seconds));
    }

    private void follow(WebSocket socket, String jobId, CountDownLatch answered) {
        AtomicBoolean answer = new AtomicBoolean();
        GatewayRun.follow(socket, Subscribe.jobs(jobId), message -> {
            switch (message) {
                case ServerMessage.Snapshot snapshot -> frames.increment();
                case ServerMessage.Subscribed acknowledged when answer.compareAndSet(false, true) -> {
                    subscribed.incrementAndGet();
                    answered.countDown();
                }
                case ServerMessage.Error error when answer.compareAndSet(false, true) -> {
                    refused.incrementAndGet();
                    answered.countDown();
                }
                default -> {
                }
            }
        });
    }

    /** The snapshot frames every subscriber together has received so far. */
    public long frames() {
        return frames.sum();
    }

    public int jobs() {
        return options.jobs;
    }

    /** How many subscribers follow each job. */
    public int perJob() {
        return options.connections / options.jobs;
    }

    @Override
    public void close() {
        sockets.forEach(WebSocket::close);
    }
}
