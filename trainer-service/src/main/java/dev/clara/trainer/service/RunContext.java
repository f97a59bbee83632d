package dev.clara.trainer.service;

import dev.clara.proto.v1.ModelKind;
import dev.clara.proto.v1.RunState;
import dev.clara.proto.v1.TrainProgress;
import java.time.Duration;
import java.util.Map;

/**
 * What a running job reports through: state changes always, step progress at most once per interval (a tiny
 * model takes hundreds of steps a second; nobody needs each one on Kafka).
 */
public final class RunContext {
    private final TrainingPlan plan;
    private final RunRegistry registry;
    private final long intervalNanos;
    private volatile boolean cancelled;
    private volatile Runnable cancelHook = () -> { };
    private long lastStepReport;
    private volatile double tokensPerSecond;
    private String device = "";

    RunContext(TrainingPlan plan, RunRegistry registry, Duration progressInterval) {
        this.plan = plan;
        this.registry = registry;
        this.intervalNanos = progressInterval.toNanos();
    }

    public TrainingPlan plan() {
        return plan;
    }

    public boolean cancelled() {
        return cancelled;
    }

    void cancel() {
        cancelled = true;
        cancelHook.run();
    }

    /** What stops the job's running trainer when the run is cancelled (the service shutting down). */
    public void onCancel(Runnable hook) {
        cancelHook = hook;
        if (cancelled) {
            hook.run();
        }
    }

    /** Training throughput of the last step reported by the trainer. */
    public double tokensPerSecond() {
        return tokensPerSecond;
    }

    public void device(String name) {
        this.device = name;
    }

    public TrainProgress.Builder base(RunState state) {
        return TrainProgress.newBuilder().setRunId(plan.runId()).setState(state).setDevice(device)
                .setKind(ModelKind.forNumber(plan.kind().ordinal() + 1));
    }

    /** A state change or an epoch's end: always reported. */
    public void report(TrainProgress progress) {
        lastStepReport = System.nanoTime();
        registry.update(progress);
    }

    public void status(String message) {
        report(base(RunState.RUN_STATE_RUNNING).setMessage(message).build());
    }

    /** A step: reported when the interval has passed since the last report. */
    public void step(int epoch, int epochs, long step, long totalSteps, double loss, double tokensPerSecond,
                     Duration eta, Map<String, Double> validation) {
        this.tokensPerSecond = tokensPerSecond;
        long now = System.nanoTime();
        if (validation.isEmpty() && now - lastStepReport < intervalNanos) {
            return;
        }
        report(base(RunState.RUN_STATE_RUNNING).setEpoch(epoch).setEpochs(epochs).setStep(step)
                .setTotalSteps(totalSteps).setLoss(loss).setTokensPerSecond(tokensPerSecond)
                .setEtaSeconds(eta == null ? 0 : eta.toMillis() / 1000.0).putAllValidation(validation)
                .setMessage(validation.isEmpty() ? "training" : "epoch " + (epoch + 1) + " validated").build());
    }
}
