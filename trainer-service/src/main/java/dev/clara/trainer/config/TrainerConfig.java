package dev.clara.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the trainer service ({@code clara.trainer.*}). */
@ConfigMapping(prefix = "clara.trainer")
public interface TrainerConfig {

    /** Runs that may wait behind the one in progress; further requests are refused. Default 4. */
    @WithDefault("4")
    int queueCapacity();

    /** Where to train: {@code auto} (a GPU when DJL finds one), {@code cpu} or {@code gpu}. Default auto. */
    @WithDefault("auto")
    String device();

    /** PyTorch intra-op threads (0 = PyTorch's choice, all cores). Default 0. */
    @WithDefault("0")
    int threads();

    /** Encoding of a request that names none. Default notewise-sf12-r62. */
    @WithDefault("notewise-sf12-r62")
    String defaultEncoding();

    /** How long reading the corpus snapshot from clara.tokens may take. Default 120 s. */
    @WithDefault("120s")
    Duration corpusReadTimeout();

    /** Step progress is published at most this often (epoch ends and state changes always). Default 1 s. */
    @WithDefault("1s")
    Duration progressInterval();

    /** Largest number of hidden units, embedding size or layers × hidden a request may ask for. */
    Limits limits();

    interface Limits {
        /** Default 4096. */
        @WithDefault("4096")
        int maxEmbeddingSize();

        /** Default 4096. */
        @WithDefault("4096")
        int maxHiddenSize();

        /** Default 8. */
        @WithDefault("8")
        int maxLayers();

        /** Default 100. */
        @WithDefault("100")
        int maxEpochs();

        /** Default 2048. */
        @WithDefault("2048")
        int maxBptt();

        /** Default 512. */
        @WithDefault("512")
        int maxBatchSize();
    }
}
