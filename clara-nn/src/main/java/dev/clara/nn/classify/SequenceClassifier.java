package dev.clara.nn.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.clara.nn.model.AwdLstmLanguageModel;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sequence classifier of ULMFiT (Howard &amp; Ruder 2018, "Universal Language Model Fine-tuning
 * for Text Classification", arXiv:1801.06146, §3.3), one shape for Clara's critic (machine or human)
 * and composer model (which composer): an {@link AwdLstmEncoder} with the generator's shape, concat
 * pooling of its top layer, and a batch-norm/dropout/linear head,
 * <pre>
 *   H   = AWD-LSTM(w_1..w_T)                                  top layer, [T, E]
 *   h_c = [ h_T ; max_t h_t ; mean_t h_t ]                      {@link ConcatPooling}, 3·E
 *   P(c | w) = softmax( Head(h_c) )_c                           {@link ClassifierHead}
 * </pre>
 * The encoder can start from a generator's weights ({@link #copyEncoderFrom}) and be frozen while
 * the head learns ({@link #freezeEncoder}).
 *
 * <p>Block inputs: {@code [ids [batch, time] int64]} or {@code [ids, lengths [batch] int64]} for
 * right-padded batches of sequences of different lengths; output: {@code [logits [batch, classes]]}.
 * In evaluation no dropout applies and batch norm uses its running statistics, so outputs are
 * deterministic and do not depend on the rest of the batch.
 */
public final class SequenceClassifier extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int vocabularySize;
    private final int classes;
    private final ClassifierConfig config;
    private final AwdLstmEncoder encoder;
    private final ClassifierHead head;

    private SequenceClassifier(Builder builder) {
        super(VERSION);
        this.vocabularySize = builder.vocabularySize;
        this.classes = builder.classes;
        this.config = builder.config;
        this.encoder = addChildBlock("encoder", new AwdLstmEncoder(vocabularySize, config));
        this.head = addChildBlock("head", new ClassifierHead(config.pooledSize(), config.headHiddenSize(), classes,
                config.headDropout(), config.headHiddenDropout()));
    }

    public static Builder builder() {
        return new Builder();
    }

    public int vocabularySize() {
        return vocabularySize;
    }

    public int classes() {
        return classes;
    }

    public ClassifierConfig config() {
        return config;
    }

    public AwdLstmEncoder encoder() {
        return encoder;
    }

    public ClassifierHead head() {
        return head;
    }

    /** Creates the weights on {@code manager}, drawing them from the engine's seeded generator. */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(2, 1), new Shape(2));
    }

    /** Starts the encoder from a generator's embedding and LSTM weights (same vocabulary and shape). */
    public void copyEncoderFrom(AwdLstmLanguageModel generator) {
        encoder.copyFrom(generator);
    }

    /** Freezes (or unfreezes) the encoder, so that only the head learns. */
    public void freezeEncoder(boolean frozen) {
        encoder.freeze(frozen);
    }

    /**
     * ULMFiT's layer groups, bottom first: embedding with the first LSTM layer, each further LSTM
     * layer, then the head. Discriminative fine-tuning gives each group its own learning rate.
     */
    public List<PairList<String, Parameter>> layerGroups() {
        Map<Parameter, String> paths = new IdentityHashMap<>();
        getParameters().forEach(entry -> paths.put(entry.getValue(), entry.getKey()));
        List<PairList<String, Parameter>> groups = new ArrayList<>();
        for (List<Parameter> group : encoder.layerGroups()) {
            groups.add(withPaths(group, paths));
        }
        groups.add(withPaths(head.getParameters().values(), paths));
        return groups;
    }

    private static PairList<String, Parameter> withPaths(List<Parameter> parameters, Map<Parameter, String> paths) {
        PairList<String, Parameter> group = new PairList<>();
        parameters.forEach(parameter -> group.add(paths.get(parameter), parameter));
        return group;
    }

    /**
     * Classifies a batch.
     *
     * @param parameterStore hands out the weights
     * @param ids [batch, time] token ids (int64), right-padded
     * @param lengths [batch] int64 lengths of the sequences; null when all fill the batch
     * @param training applies every dropout and batch statistics when true
     * @return the logits [batch, classes]
     */
    public NDArray forward(ParameterStore parameterStore, NDArray ids, NDArray lengths, boolean training) {
        NDList inputs = lengths == null ? new NDList(ids) : new NDList(ids, lengths);
        return forward(parameterStore, inputs, training).head();
    }

    /** The encoder's top-layer outputs [batch, time, embedding], before pooling. */
    public NDArray encode(ParameterStore parameterStore, NDArray ids, boolean training) {
        return encoder.forward(parameterStore, new NDList(ids), training).head();
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray lengths = inputs.size() > 1 ? inputs.get(1) : null;
        NDArray outputs = encode(parameterStore, ids, training);
        NDArray pooled = ConcatPooling.apply(outputs, lengths);
        return head.forward(parameterStore, new NDList(pooled), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes[0]);
        head.initialize(manager, dataType, new Shape(inputShapes[0].get(0), config.pooledSize()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    @Override
    public String toString() {
        return "SequenceClassifier(" + encoder + ", concat pooling, " + head + ")";
    }

    /** Builds a {@link SequenceClassifier}; the vocabulary size, the number of classes and the configuration are required. */
    public static final class Builder {

        private int vocabularySize;
        private int classes;
        private ClassifierConfig config;

        private Builder() {}

        public Builder setVocabularySize(int vocabularySize) {
            this.vocabularySize = vocabularySize;
            return this;
        }

        public Builder setClasses(int classes) {
            this.classes = classes;
            return this;
        }

        public Builder setConfig(ClassifierConfig config) {
            this.config = config;
            return this;
        }

        public SequenceClassifier build() {
            if (config == null) {
                throw new IllegalArgumentException("the configuration is required");
            }
            if (vocabularySize < 4) {
                throw new IllegalArgumentException("the vocabulary must hold the three special tokens and at least one more, was "
                        + vocabularySize);
            }
            if (classes < 2) {
                throw new IllegalArgumentException("a classifier needs at least two classes, was " + classes);
            }
            config.validate();
            return new SequenceClassifier(this);
        }
    }
}
