package dev.clara.trainer.service;

import dev.clara.proto.v1.ModelVersion;
import dev.clara.proto.v1.RunState;
import dev.clara.trainer.config.TrainerConfig;
import dev.clara.trainer.messaging.ModelVersionPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One run at a time on one worker thread; up to {@code queue-capacity} more wait, and beyond that a request is
 * refused with the reason, never held in memory without bound.
 */
@ApplicationScoped
public class TrainingQueue {
    private static final Logger LOG = Logger.getLogger(TrainingQueue.class);

    private final TrainerConfig config;
    private final RunRegistry registry;
    private final ModelVersionPublisher versions;
    private final Map<dev.clara.nn.store.ModelKind, TrainingJob> jobs = new EnumMap<>(dev.clara.nn.store.ModelKind.class);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "clara-training");
        thread.setDaemon(true);
        return thread;
    });
    private final Deque<String> waiting = new ArrayDeque<>();
    private RunContext running;

    public TrainingQueue(TrainerConfig config, RunRegistry registry, ModelVersionPublisher versions,
                         Instance<TrainingJob> jobs, MeterRegistry metrics) {
        this.config = config;
        this.registry = registry;
        this.versions = versions;
        jobs.forEach(job -> this.jobs.put(job.kind(), job));
        metrics.gauge("clara.trainer.queue.depth", this, queue -> queue.depth());
        metrics.gauge("clara.trainer.tokens.per.second", this, queue -> queue.runningTokensPerSecond());
    }

    /**
     * Queues a planned run.
     *
     * @param onRefused told when the run is refused once it starts (an empty corpus), to write its dead letter
     * @return the run's place: 0 = starts now, n = n-th in line
     */
    public synchronized int submit(TrainingPlan plan, Consumer<RefusedRequestException> onRefused)
            throws RefusedRequestException {
        String runId = plan.runId();
        if (waiting.contains(runId) || (running != null && running.plan().runId().equals(runId))) {
            throw new RefusedRequestException("DUPLICATE_RUN", "run " + runId + " is already queued or running");
        }
        if (!jobs.containsKey(plan.kind())) {
            throw new RefusedRequestException("UNSUPPORTED_KIND", "this trainer cannot train " + plan.kind() + " models");
        }
        if (running != null && waiting.size() >= config.queueCapacity()) {
            throw new RefusedRequestException("QUEUE_FULL", "the training queue is full (" + waiting.size()
                    + " runs wait behind " + running.plan().runId() + "); try again when one has finished");
        }
        int position = running == null && waiting.isEmpty() ? 0 : waiting.size() + 1;
        waiting.addLast(runId);
        RunContext context = new RunContext(plan, registry, config.progressInterval());
        context.report(context.base(RunState.RUN_STATE_QUEUED).setQueuePosition(position)
                .setEpochs(plan.config().epochs())
                .setMessage(position == 0 ? "starting" : "queued behind " + position + " run(s)").build());
        worker.submit(() -> execute(context, onRefused));
        return position;
    }

    synchronized double runningTokensPerSecond() {
        return running == null ? 0 : running.tokensPerSecond();
    }

    public synchronized int depth() {
        return waiting.size() + (running == null ? 0 : 1);
    }

    private void execute(RunContext context, Consumer<RefusedRequestException> onRefused) {
        synchronized (this) {
            waiting.remove(context.plan().runId());
            running = context;
        }
        String runId = context.plan().runId();
        try {
            context.status("started");
            ModelVersion version = jobs.get(context.plan().kind()).run(context);
            if (version == null) {
                context.report(context.base(RunState.RUN_STATE_CANCELLED).setMessage("cancelled").build());
                return;
            }
            versions.publish(version);
            context.report(context.base(RunState.RUN_STATE_SUCCEEDED).setVersionId(version.getVersionId())
                    .putAllValidation(version.getMetricsMap())
                    .setMessage("stored " + version.getVersionId()).build());
            LOG.infof("run %s produced %s", runId, version.getVersionId());
        } catch (RefusedRequestException e) {
            context.report(context.base(RunState.RUN_STATE_REFUSED).setMessage(e.code() + ": " + e.getMessage()).build());
            onRefused.accept(e);
        } catch (Throwable e) {
            // A crash leaves the stored versions untouched: artifacts are written atomically, at the very end.
            LOG.errorf(e, "run %s failed", runId);
            context.report(context.base(RunState.RUN_STATE_FAILED)
                    .setMessage("failed: " + (e.getMessage() == null ? e.toString() : e.getMessage())).build());
        } finally {
            synchronized (this) {
                running = null;
            }
        }
    }

    @PreDestroy
    void stop() {
        RunContext current;
        synchronized (this) {
            current = running;
        }
        if (current != null) {
            current.cancel();
        }
        worker.shutdownNow();
    }
}
