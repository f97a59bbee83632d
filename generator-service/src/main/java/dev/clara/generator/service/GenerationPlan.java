package dev.clara.generator.service;

import dev.clara.proto.v1.GenerateRequest;

/**
 * A validated generation request with its defaults filled in.
 *
 * @param lengthTokens   new tokens per sample (the cap when {@code lengthSeconds} is set)
 * @param lengthSeconds  seconds of music per sample, or 0 when the length is in tokens
 * @param prompt         where the prompt comes from
 * @param sampling       the sampling settings actually used
 */
public record GenerationPlan(String requestId, String modelVersion, int count, int lengthTokens, double lengthSeconds,
                             PromptSource prompt, int promptSize, SamplingChoice sampling, long seed,
                             GenerateRequest request) {
}
