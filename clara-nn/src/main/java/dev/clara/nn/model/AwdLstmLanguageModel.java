package dev.clara.nn.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.clara.nn.LanguageModelConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The AWD-LSTM language model of Merity, Keskar &amp; Socher 2017, "Regularizing and Optimizing
 * LSTM Language Models" (arXiv:1708.02182), in the shape fastai gives it and Clara trains on music
 * tokens.
 *
 * <p>For token ids {@code w_1..w_T} of one stream:
 * <pre>
 *   x_t     = LockedDrop_in( (E ⊙ m_emb / (1 − p_emb))[w_t] )                 embedding dropout, then input dropout
 *   h¹_t    = WeightDroppedLSTM_1(x_t, h¹_{t−1})
 *   hˡ_t    = WeightDroppedLSTM_l(LockedDrop_hid(hˡ⁻¹_t), hˡ_{t−1})            l = 2..L
 *   y_t     = W_dec · LockedDrop_out(hᴸ_t) + b_dec,   W_dec = E when tied (Press &amp; Wolf 2017; Inan et al. 2017)
 *   P(w_{t+1} | w_≤t) = softmax(y_t)
 * </pre>
 * Layers 1..L−1 are {@code hiddenSize} wide and layer L is {@code embeddingSize} wide, so that
 * {@code W_dec} and {@code E} have the same shape whether tied or not. Training adds
 * {@code α·mean(LockedDrop_out(hᴸ)²)} (AR) and {@code β·mean((hᴸ_t − hᴸ_{t−1})²)} (TAR, on the raw
 * output) to the cross-entropy; this block returns both outputs for that (Merity's placement of AR on
 * the dropped output; fastai v1 uses the raw one).
 *
 * <p>In evaluation ({@code training == false}) no dropout of any kind is applied, so outputs are
 * deterministic. Block inputs: {@code [ids [batch, time] int64, h_1, c_1, ..., h_L, c_L]} (the state
 * is optional and starts at zero); outputs: {@code [logits, h_1, c_1, ..., h_L, c_L, raw, dropped]}.
 */
public final class AwdLstmLanguageModel extends AbstractBlock {

    private static final byte VERSION = 1;
    /** fastai initialises the embedding U(−0.1, 0.1). */
    private static final float EMBEDDING_INIT_SCALE = 0.1f;

    private final int vocabularySize;
    private final LanguageModelConfig config;
    private final Parameter embedding;
    private final Parameter decoderWeight;
    private final Parameter decoderBias;
    private final List<WeightDroppedLstmLayer> layers;

    private AwdLstmLanguageModel(Builder builder) {
        super(VERSION);
        this.vocabularySize = builder.vocabularySize;
        this.config = builder.config;
        Shape matrix = new Shape(vocabularySize, config.embeddingSize());
        embedding = addParameter(Parameter.builder().setName("embedding").setType(Parameter.Type.WEIGHT)
                .optShape(matrix).optInitializer(new UniformInitializer(EMBEDDING_INIT_SCALE)).build());
        decoderWeight = config.tieWeights() ? null : addParameter(Parameter.builder().setName("decoder_weight")
                .setType(Parameter.Type.WEIGHT).optShape(matrix)
                .optInitializer(new UniformInitializer(EMBEDDING_INIT_SCALE)).build());
        decoderBias = addParameter(Parameter.builder().setName("decoder_bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(vocabularySize)).optInitializer(Initializer.ZEROS).build());
        List<WeightDroppedLstmLayer> stack = new ArrayList<>();
        for (int layer = 0; layer < config.layers(); layer++) {
            stack.add(addChildBlock("lstm" + layer, new WeightDroppedLstmLayer(
                    config.layerInputSize(layer), config.layerSize(layer), config.weightDropout())));
        }
        this.layers = Collections.unmodifiableList(stack);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int vocabularySize() {
        return vocabularySize;
    }

    public LanguageModelConfig config() {
        return config;
    }

    public List<WeightDroppedLstmLayer> layers() {
        return layers;
    }

    /** The embedding matrix E [vocabulary, embedding]; also the decoder's weight when tied. */
    public Parameter embedding() {
        return embedding;
    }

    /** The decoder's own weight, or the embedding when weights are tied. */
    public Parameter decoderWeight() {
        return decoderWeight == null ? embedding : decoderWeight;
    }

    /** The width of each layer's state, for {@link RecurrentState#zeros}. */
    public int[] stateSizes() {
        return layers.stream().mapToInt(WeightDroppedLstmLayer::hiddenSize).toArray();
    }

    /** Creates the weights on {@code manager}, drawing them from the engine's seeded generator. */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 1));
    }

    /** The all-zero state for {@code batchSize} streams. */
    public RecurrentState zeroState(NDManager manager, long batchSize) {
        return RecurrentState.zeros(manager, batchSize, stateSizes());
    }

    /**
     * Runs the network over a window.
     *
     * @param parameterStore hands out the weights
     * @param ids [batch, time] token ids (int64)
     * @param state the state to start from; null for zeros
     * @param training applies every dropout when true, none when false
     */
    public LanguageModelOutput forward(ParameterStore parameterStore, NDArray ids, RecurrentState state, boolean training) {
        NDList inputs = new NDList(ids);
        if (state != null) {
            inputs.addAll(state.arrays());
        }
        NDList out = forward(parameterStore, inputs, training);
        int layerCount = layers.size();
        NDList stateArrays = new NDList(out.subList(1, 1 + 2 * layerCount));
        return new LanguageModelOutput(out.get(0), RecurrentState.of(stateArrays),
                out.get(1 + 2 * layerCount), out.get(2 + 2 * layerCount));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        if (ids.getShape().dimension() != 2) {
            throw new IllegalArgumentException("token ids must be [batch, time], got " + ids.getShape());
        }
        NDManager manager = ids.getManager();
        Device device = ids.getDevice();
        long batch = ids.getShape().get(0);
        if (inputs.size() != 1 && inputs.size() != 1 + 2 * layers.size()) {
            throw new IllegalArgumentException("expected the ids and " + 2 * layers.size()
                    + " state arrays, got " + inputs.size() + " inputs");
        }

        NDArray embeddingWeight = parameterStore.getValue(embedding, device, training);
        NDArray lookupWeight = training
                ? EmbeddingDropout.apply(embeddingWeight, config.embeddingDropout(), manager)
                : embeddingWeight;
        NDArray x = ids.getNDArrayInternal().embedding(ids, lookupWeight, SparseFormat.DENSE).head();
        x = LockedDropout.apply(x, config.inputDropout(), training);

        NDList outputs = new NDList(2 + 2 * layers.size() + 1);
        outputs.add(null);
        NDArray raw = null;
        for (int l = 0; l < layers.size(); l++) {
            NDArray h;
            NDArray c;
            if (inputs.size() == 1) {
                Shape stateShape = new Shape(1, batch, layers.get(l).hiddenSize());
                h = manager.zeros(stateShape, DataType.FLOAT32, device);
                c = manager.zeros(stateShape, DataType.FLOAT32, device);
            } else {
                h = inputs.get(1 + 2 * l);
                c = inputs.get(2 + 2 * l);
            }
            NDList layerOut = layers.get(l).forward(parameterStore, new NDList(x, h, c), training);
            raw = layerOut.get(0);
            outputs.add(layerOut.get(1));
            outputs.add(layerOut.get(2));
            x = l < layers.size() - 1 ? LockedDropout.apply(raw, config.hiddenDropout(), training) : raw;
        }
        NDArray dropped = LockedDropout.apply(raw, config.outputDropout(), training);
        NDArray decoder = decoderWeight == null ? embeddingWeight : parameterStore.getValue(decoderWeight, device, training);
        NDArray bias = parameterStore.getValue(decoderBias, device, training);
        NDArray logits = dropped.getNDArrayInternal().linear(dropped, decoder, bias).head();
        outputs.set(0, logits);
        outputs.add(raw);
        outputs.add(dropped);
        return outputs;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        long time = inputShapes[0].get(1);
        for (WeightDroppedLstmLayer layer : layers) {
            Shape state = new Shape(1, batch, layer.hiddenSize());
            layer.initialize(manager, dataType, new Shape(batch, time, layer.inputSize()), state, state);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        long time = inputShapes[0].get(1);
        List<Shape> shapes = new ArrayList<>();
        shapes.add(new Shape(batch, time, vocabularySize));
        for (WeightDroppedLstmLayer layer : layers) {
            shapes.add(new Shape(1, batch, layer.hiddenSize()));
            shapes.add(new Shape(1, batch, layer.hiddenSize()));
        }
        shapes.add(new Shape(batch, time, config.embeddingSize()));
        shapes.add(new Shape(batch, time, config.embeddingSize()));
        return shapes.toArray(new Shape[0]);
    }

    @Override
    public String toString() {
        return "AwdLstmLanguageModel(vocabulary " + vocabularySize + ", embedding " + config.embeddingSize()
                + ", " + layers + (config.tieWeights() ? ", tied" : ", untied") + ")";
    }

    /** Builds an {@link AwdLstmLanguageModel}; the vocabulary size and the configuration are required. */
    public static final class Builder {

        private int vocabularySize;
        private LanguageModelConfig config;

        private Builder() {}

        public Builder setVocabularySize(int vocabularySize) {
            this.vocabularySize = vocabularySize;
            return this;
        }

        public Builder setConfig(LanguageModelConfig config) {
            this.config = config;
            return this;
        }

        public AwdLstmLanguageModel build() {
            if (config == null) {
                throw new IllegalArgumentException("the configuration is required");
            }
            if (vocabularySize < 4) {
                throw new IllegalArgumentException("the vocabulary must hold the three special tokens and at least one more, was "
                        + vocabularySize);
            }
            config.validate(vocabularySize);
            return new AwdLstmLanguageModel(this);
        }
    }
}
