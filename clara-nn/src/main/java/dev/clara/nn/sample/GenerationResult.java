package dev.clara.nn.sample;

import java.time.Duration;
import java.util.List;

/**
 * The samples of one request and how long they took.
 *
 * @param samples one per requested sample, in request order
 * @param seed the seed the request ran with (drawn when the request gave none): passing it again
 *     reproduces every sample token for token
 * @param steps sampling steps run (the longest sample's length, or fewer when cancelled)
 * @param cancelled whether the request was cancelled before every sample ended
 * @param priming the time spent running the prompts through the network
 * @param sampling the time spent in the sampling loop
 */
public record GenerationResult(List<GeneratedSample> samples, long seed, int steps, boolean cancelled,
        Duration priming, Duration sampling) {

    public GenerationResult {
        samples = List.copyOf(samples);
    }

    public long totalTokens() {
        return samples.stream().mapToLong(GeneratedSample::length).sum();
    }

    /** Milliseconds per sampling step: one network step for the whole batch plus the choice of its tokens. */
    public double millisPerStep() {
        return steps == 0 ? 0 : sampling.toNanos() / 1e6 / steps;
    }

    /** Generated tokens per second of wall time, priming included. */
    public double tokensPerSecond() {
        long nanos = priming.toNanos() + sampling.toNanos();
        return nanos == 0 ? 0 : totalTokens() * 1e9 / nanos;
    }
}
