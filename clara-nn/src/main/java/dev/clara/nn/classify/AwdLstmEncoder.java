package dev.clara.nn.classify;

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
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.clara.nn.model.AwdLstmLanguageModel;
import dev.clara.nn.model.EmbeddingDropout;
import dev.clara.nn.model.LockedDropout;
import dev.clara.nn.model.WeightDroppedLstmLayer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The AWD-LSTM of Merity, Keskar &amp; Socher 2017 (arXiv:1708.02182) without its decoder: the
 * encoder a ULMFiT classifier (Howard &amp; Ruder 2018, arXiv:1801.06146) fine-tunes. For token ids
 * {@code w_1..w_T} starting from a zero state,
 * <pre>
 *   x_t  = LockedDrop_in( (E ⊙ m_emb / (1 − p_emb))[w_t] )
 *   h¹_t = WeightDroppedLSTM_1(x_t, h¹_{t−1})
 *   hˡ_t = WeightDroppedLSTM_l(LockedDrop_hid(hˡ⁻¹_t), hˡ_{t−1})      l = 2..L
 * </pre>
 * and the block returns the top layer's raw outputs {@code hᴸ_1..hᴸ_T}. Its parameters have the
 * same shapes, in the same order, as {@link AwdLstmLanguageModel}'s embedding and LSTM stack, so
 * {@link #copyFrom(AwdLstmLanguageModel)} can start it from a generator: in evaluation it then
 * computes exactly the generator's last-layer outputs.
 *
 * <p>Input: {@code [ids [batch, time] int64]}; output: {@code [hᴸ [batch, time, embedding]]}.
 */
public final class AwdLstmEncoder extends AbstractBlock {

    private static final byte VERSION = 1;
    /** fastai initialises the embedding U(−0.1, 0.1), as the generator's. */
    private static final float EMBEDDING_INIT_SCALE = 0.1f;

    private final int vocabularySize;
    private final ClassifierConfig config;
    private final Parameter embedding;
    private final List<WeightDroppedLstmLayer> layers;

    public AwdLstmEncoder(int vocabularySize, ClassifierConfig config) {
        super(VERSION);
        this.vocabularySize = vocabularySize;
        this.config = config;
        embedding = addParameter(Parameter.builder().setName("embedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabularySize, config.embeddingSize()))
                .optInitializer(new UniformInitializer(EMBEDDING_INIT_SCALE)).build());
        List<WeightDroppedLstmLayer> stack = new ArrayList<>();
        for (int layer = 0; layer < config.layers(); layer++) {
            stack.add(addChildBlock("lstm" + layer, new WeightDroppedLstmLayer(
                    config.layerInputSize(layer), config.layerSize(layer), config.weightDropout())));
        }
        this.layers = Collections.unmodifiableList(stack);
    }

    public int vocabularySize() {
        return vocabularySize;
    }

    public Parameter embedding() {
        return embedding;
    }

    public List<WeightDroppedLstmLayer> layers() {
        return layers;
    }

    /**
     * Copies a generator's embedding and LSTM weights into this encoder (ULMFiT's transfer step).
     * The caller checks that both read the same vocabulary; this checks the shapes.
     *
     * @throws IllegalArgumentException when the generator's shape differs, naming both
     */
    public void copyFrom(AwdLstmLanguageModel generator) {
        if (!isInitialized() || !generator.isInitialized()) {
            throw new IllegalStateException("both networks must be initialised before copying weights");
        }
        if (generator.vocabularySize() != vocabularySize || !config.encoderMatches(generator.config())) {
            throw new IllegalArgumentException("the generator's encoder (vocabulary " + generator.vocabularySize()
                    + ", embedding " + generator.config().embeddingSize() + ", " + generator.config().layers() + "×"
                    + generator.config().hiddenSize() + ") does not fit this classifier's (vocabulary " + vocabularySize
                    + ", embedding " + config.embeddingSize() + ", " + config.layers() + "×" + config.hiddenSize() + ")");
        }
        copy(generator.embedding(), embedding);
        for (int l = 0; l < layers.size(); l++) {
            List<Parameter> from = generator.layers().get(l).getParameters().values();
            List<Parameter> to = layers.get(l).getParameters().values();
            for (int p = 0; p < to.size(); p++) {
                copy(from.get(p), to.get(p));
            }
        }
    }

    /**
     * Overwrites a parameter's values in place, keeping its array (and so its manager and its
     * gradient flag): the values go through host memory, which works between any two devices, and
     * the two networks share no storage afterwards.
     */
    private static void copy(Parameter from, Parameter to) {
        NDArray source = from.getArray();
        NDArray target = to.getArray();
        if (!source.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException("cannot copy " + from.getName() + " " + source.getShape() + " into "
                    + to.getName() + " " + target.getShape());
        }
        // A GPU source is copied to the host first, into an array closed here rather than left on the generator's manager.
        NDArray host = source.getDevice().equals(Device.cpu()) ? null : source.toDevice(Device.cpu(), false);
        try {
            target.set((host == null ? source : host).toByteBuffer());
        } finally {
            if (host != null) {
                host.close();
            }
        }
    }

    /** Freezes or unfreezes every encoder weight: frozen weights get no gradient and no update. */
    public void freeze(boolean frozen) {
        freezeParameters(frozen);
    }

    /**
     * The encoder's weights in ULMFiT's layer groups, bottom first: the embedding with the first
     * LSTM layer, then each further LSTM layer.
     */
    public List<List<Parameter>> layerGroups() {
        List<List<Parameter>> groups = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            List<Parameter> group = new ArrayList<>();
            if (l == 0) {
                group.add(embedding);
            }
            group.addAll(layers.get(l).getParameters().values());
            groups.add(group);
        }
        return groups;
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
        NDArray embeddingWeight = parameterStore.getValue(embedding, device, training);
        NDArray lookupWeight = training
                ? EmbeddingDropout.apply(embeddingWeight, config.embeddingDropout(), manager)
                : embeddingWeight;
        NDArray x = ids.getNDArrayInternal().embedding(ids, lookupWeight, SparseFormat.DENSE).head();
        x = LockedDropout.apply(x, config.inputDropout(), training);
        NDArray output = null;
        for (int l = 0; l < layers.size(); l++) {
            Shape stateShape = new Shape(1, batch, layers.get(l).hiddenSize());
            NDArray h = manager.zeros(stateShape, DataType.FLOAT32, device);
            NDArray c = manager.zeros(stateShape, DataType.FLOAT32, device);
            output = layers.get(l).forward(parameterStore, new NDList(x, h, c), training).head();
            x = l < layers.size() - 1 ? LockedDropout.apply(output, config.hiddenDropout(), training) : output;
        }
        return new NDList(output);
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
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1), config.embeddingSize())};
    }

    @Override
    public String toString() {
        return "AwdLstmEncoder(vocabulary " + vocabularySize + ", embedding " + config.embeddingSize() + ", " + layers + ")";
    }
}
