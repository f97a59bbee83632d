package dev.clara.generator.service;

import dev.clara.generator.config.GeneratorConfig;
import dev.clara.proto.v1.Sample;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Generation runs on a fixed pool of workers behind a bounded queue. gRPC callers are refused when the queue is
 * full (RESOURCE_EXHAUSTED); the Kafka consumer waits for room instead, since Kafka already holds its backlog.
 */
@ApplicationScoped
public class GenerationQueue {
    private final BatchComposer composer;
    private final ThreadPoolExecutor workers;
    private final AtomicInteger waiting = new AtomicInteger();

    public GenerationQueue(GeneratorConfig config, BatchComposer composer, MeterRegistry metrics) {
        this.composer = composer;
        BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(config.queueCapacity());
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(config.workers(), config.workers(), 0, TimeUnit.MILLISECONDS, queue, r -> {
            Thread thread = new Thread(r, "clara-generation-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
        metrics.gauge("clara.generator.queue.depth", queue, BlockingQueue::size);
    }

    /** A queued generation: its result, and the switch that stops it. */
    public record Job(CompletableFuture<List<Sample>> result, AtomicBoolean cancelled) {
        public void cancel() {
            cancelled.set(true);
        }
    }

    /** Queues a plan or refuses it at once when the queue is full. */
    public Job submit(GenerationPlan plan, GenerationListener listener) throws RefusedGenerationException {
        Job job = new Job(new CompletableFuture<>(), new AtomicBoolean());
        try {
            workers.execute(() -> run(plan, listener, job));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new RefusedGenerationException(Status.Code.RESOURCE_EXHAUSTED, "QUEUE_FULL", "the generation queue is full ("
                    + workers.getQueue().size() + " requests wait); try again shortly");
        }
        return job;
    }

    /** Queues a plan, waiting for room rather than refusing (the Kafka path). */
    public Job submitWaiting(GenerationPlan plan, GenerationListener listener) throws InterruptedException {
        while (true) {
            try {
                return submit(plan, listener);
            } catch (RefusedGenerationException full) {
                Thread.sleep(200);
            }
        }
    }

    private void run(GenerationPlan plan, GenerationListener listener, Job job) {
        if (job.cancelled().get()) {
            job.result().cancel(false);
            return;
        }
        try {
            job.result().complete(composer.compose(plan, listener, job.cancelled()::get));
        } catch (Throwable e) {
            job.result().completeExceptionally(e);
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}
