package dev.clara.generator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the generator service ({@code clara.generator.*}); limits are refusals, never out-of-memory. */
@ConfigMapping(prefix = "clara.generator")
public interface GeneratorConfig {

    /** Samples per request when the request names none. Default 4. */
    @WithDefault("4")
    int defaultCount();

    /** Most samples one request may ask for. Default 64. */
    @WithDefault("64")
    int maxCount();

    /** New tokens per sample when the request names no length. Default 500. */
    @WithDefault("500")
    int defaultLengthTokens();

    /** Most new tokens per sample. Default 20,000. */
    @WithDefault("20000")
    int maxLengthTokens();

    /** Longest sample asked for in seconds of music. Default 1,200 s. */
    @WithDefault("1200")
    double maxLengthSeconds();

    /** Largest prompt (MIDI bytes or token text). Default 4 MiB. */
    @WithDefault("4194304")
    int maxPromptBytes();

    /** Prompt tokens kept when the request names no prompt size. Default 64. */
    @WithDefault("64")
    int defaultPromptSize();

    /** Most prompt tokens kept. Default 2,048. */
    @WithDefault("2048")
    int maxPromptSize();

    /** Requests that may wait for a worker; beyond that gRPC answers RESOURCE_EXHAUSTED. Default 8. */
    @WithDefault("8")
    int queueCapacity();

    /** Requests generated at once (each a batch; generation is CPU-bound). Default 1. */
    @WithDefault("1")
    int workers();

    /** Progress events are sent at most this often. Default 500 ms. */
    @WithDefault("500ms")
    Duration progressInterval();

    /** How long a corpus snapshot (for corpus prompts) is reused before it is read again. Default 10 min. */
    @WithDefault("10m")
    Duration corpusRefresh();

    /**
     * PyTorch intra-op threads (0 = PyTorch's choice, all cores). Default 1: a sampling step is many small
     * operations, and on a shared laptop several threads per service stall each other.
     */
    @WithDefault("1")
    int threads();

    /** Default sampling: Clara's mix (notewise recommendation). */
    Sampling sampling();

    interface Sampling {
        /** Default 0.8. */
        @WithDefault("0.8")
        double randomFreq();

        /** Default 3. */
        @WithDefault("3")
        int trunc();
    }
}
