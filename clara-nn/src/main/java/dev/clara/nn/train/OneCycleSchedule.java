package dev.clara.nn.train;

import ai.djl.training.tracker.Tracker;

/**
 * A one-cycle learning-rate schedule (Smith 2018, "A disciplined approach to neural network
 * hyper-parameters"), in the piecewise-linear form Clara uses: over the first
 * {@code warmupFraction} of the steps the rate rises linearly from {@code peak / initialDivisor}
 * to {@code peak}, then falls linearly to {@code peak / finalDivisor} at the last step.
 *
 * <pre>
 *   w = round(warmupFraction · N)
 *   lr(s) = lr₀ + (peak − lr₀) · s / w                         for s &lt; w
 *   lr(s) = peak + (lr_end − peak) · (s − w) / (N − 1 − w)      for w ≤ s &lt; N
 * </pre>
 * with {@code lr₀ = peak / initialDivisor} and {@code lr_end = peak / finalDivisor} (fastai's 25 and
 * 10⁴ by default). Steps past the end keep the final rate, so that a jittered epoch that runs a few
 * steps longer than planned does not fall off the schedule.
 */
public final class OneCycleSchedule implements Tracker {

    private final float peakLearningRate;
    private final long totalSteps;
    private final long warmupSteps;
    private final float initialLearningRate;
    private final float finalLearningRate;

    private OneCycleSchedule(Builder builder) {
        this.peakLearningRate = builder.peakLearningRate;
        this.totalSteps = builder.totalSteps;
        this.warmupSteps = Math.min(totalSteps - 1, Math.round(builder.warmupFraction * totalSteps));
        this.initialLearningRate = peakLearningRate / builder.initialDivisor;
        this.finalLearningRate = peakLearningRate / builder.finalDivisor;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The learning rate of step {@code step}, counted from 0. */
    public float learningRate(long step) {
        long s = Math.max(0, Math.min(step, totalSteps - 1));
        if (s < warmupSteps) {
            return initialLearningRate + (peakLearningRate - initialLearningRate) * s / warmupSteps;
        }
        long decaySteps = totalSteps - 1 - warmupSteps;
        if (decaySteps <= 0) {
            return peakLearningRate;
        }
        return peakLearningRate + (finalLearningRate - peakLearningRate) * (s - warmupSteps) / decaySteps;
    }

    /** The rate for DJL's optimisers, which count updates from 1. */
    @Override
    public float getNewValue(int numUpdate) {
        return learningRate(Math.max(0, numUpdate - 1));
    }

    public long totalSteps() {
        return totalSteps;
    }

    public long warmupSteps() {
        return warmupSteps;
    }

    /** Builds a {@link OneCycleSchedule}; the peak rate and the number of steps are required. */
    public static final class Builder {

        private float peakLearningRate;
        private long totalSteps;
        private float warmupFraction = 0.1f;
        private float initialDivisor = 25f;
        private float finalDivisor = 1e4f;

        private Builder() {}

        public Builder setPeakLearningRate(float peakLearningRate) {
            this.peakLearningRate = peakLearningRate;
            return this;
        }

        public Builder setTotalSteps(long totalSteps) {
            this.totalSteps = totalSteps;
            return this;
        }

        /** The share of steps spent warming up, 0.1 by default. */
        public Builder optWarmupFraction(float warmupFraction) {
            this.warmupFraction = warmupFraction;
            return this;
        }

        /** The schedule starts at peak / initialDivisor, 25 by default. */
        public Builder optInitialDivisor(float initialDivisor) {
            this.initialDivisor = initialDivisor;
            return this;
        }

        /** The schedule ends at peak / finalDivisor, 10⁴ by default. */
        public Builder optFinalDivisor(float finalDivisor) {
            this.finalDivisor = finalDivisor;
            return this;
        }

        public OneCycleSchedule build() {
            if (!(peakLearningRate > 0) || !Float.isFinite(peakLearningRate)) {
                throw new IllegalArgumentException("the peak learning rate must be positive, was " + peakLearningRate);
            }
            if (totalSteps < 1) {
                throw new IllegalArgumentException("a schedule needs at least one step, was " + totalSteps);
            }
            if (!(warmupFraction >= 0 && warmupFraction < 1)) {
                throw new IllegalArgumentException("the warm-up fraction must be in [0, 1), was " + warmupFraction);
            }
            if (!(initialDivisor >= 1) || !(finalDivisor >= 1)) {
                throw new IllegalArgumentException("the divisors must be at least 1, were " + initialDivisor + " and " + finalDivisor);
            }
            return new OneCycleSchedule(this);
        }
    }
}
