package dev.clara.scoring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of a scoring service ({@code clara.scorer.*}). */
@ConfigMapping(prefix = "clara.scorer")
public interface ScorerConfig {

    /** Which classifier this service serves: {@code critic} or {@code composer}. */
    String kind();

    /** Longest token text or MIDI file scored, in bytes. Default 16 MiB. */
    @WithDefault("16777216")
    int maxInputBytes();

    /** Longest token sequence scored; longer samples are scored on their first tokens. Default 50,000. */
    @WithDefault("50000")
    int maxTokens();

    /**
     * PyTorch intra-op threads (0 = PyTorch's choice, all cores). Default 1: scoring is many small operations, and
     * on a shared laptop several threads per service stall each other.
     */
    @WithDefault("1")
    int threads();

    /** Where model artifacts live. */
    @WithDefault("run/models")
    String modelStoreRoot();
}
