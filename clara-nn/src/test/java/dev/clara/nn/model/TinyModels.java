package dev.clara.nn.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.clara.nn.LanguageModelConfig;

/** Tiny networks and inputs shared by the model tests. */
public final class TinyModels {

    public static final int VOCABULARY = 20;

    private TinyModels() {}

    /** Embedding 16, two layers of 32, no regularisation unless the test adds it. */
    public static LanguageModelConfig.Builder bare() {
        return LanguageModelConfig.builder().optEmbeddingSize(16).optHiddenSize(32).optLayers(2).optNoDropout()
                .optActivationRegularization(0).optTemporalActivationRegularization(0).optBatchSize(4).optBptt(8);
    }

    /** Builds and initialises a network with a fixed seed, so two calls give the same weights. */
    public static AwdLstmLanguageModel initialised(LanguageModelConfig config, NDManager manager, int seed) {
        Engine.getEngine("PyTorch").setRandomSeed(seed);
        AwdLstmLanguageModel model = AwdLstmLanguageModel.builder().setVocabularySize(VOCABULARY).setConfig(config).build();
        model.initialize(manager);
        return model;
    }

    /** A [4, 8] batch of ids covering most of the vocabulary, with repeats. */
    public static NDArray ids(NDManager manager) {
        long[] ids = new long[32];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 3 + (i * 7) % (VOCABULARY - 3);
        }
        return manager.create(ids, new Shape(4, 8));
    }

    public static NDArray logits(AwdLstmLanguageModel model, NDManager manager, NDArray ids, boolean training) {
        return model.forward(new ParameterStore(manager, false), ids, null, training).logits();
    }

    public static NDManager cpuManager() {
        return NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }
}
