package dev.clara.generator.service;

/**
 * The sampling a request gets. Clara's mix (argmax, or with probability {@code randomFreq} a draw among the
 * {@code trunc} most likely) unless the request sets a temperature, top-k or top-p.
 */
public record SamplingChoice(boolean claraMix, double randomFreq, int trunc, double temperature, int topK,
                             double topP, boolean masked) {
}
