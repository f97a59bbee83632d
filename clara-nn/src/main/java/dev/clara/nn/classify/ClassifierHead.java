package dev.clara.nn.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The classifier head of ULMFiT (Howard &amp; Ruder 2018, arXiv:1801.06146, §3.3): over the
 * concat-pooled features {@code h_c}, two {@link HeadLayer}s with a ReLU between them,
 * <pre>
 *   z = ReLU(W₁ · Drop_p₁(BN(h_c)) + b₁)              hidden units
 *   logits = W₂ · Drop_p₂(BN(z)) + b₂                  one per class
 * </pre>
 * or, with no hidden units, the single layer {@code logits = W · Drop_p₁(BN(h_c)) + b}. The
 * probabilities are {@code softmax(logits)}; the block returns the logits so that the loss can use
 * the numerically stable log-softmax.
 */
public final class ClassifierHead extends AbstractBlock {

    private static final byte VERSION = 1;

    private final List<HeadLayer> layers;

    /**
     * @param inputSize the pooled features' width
     * @param hiddenSize units of the hidden layer; 0 for a single layer
     * @param classes the number of outputs
     * @param inputDropout dropout before the first linear map
     * @param hiddenDropout dropout before the second linear map (unused without a hidden layer)
     */
    public ClassifierHead(int inputSize, int hiddenSize, int classes, float inputDropout, float hiddenDropout) {
        super(VERSION);
        List<HeadLayer> stack = new ArrayList<>();
        if (hiddenSize > 0) {
            stack.add(addChildBlock("layer0", new HeadLayer(inputSize, hiddenSize, inputDropout)));
            stack.add(addChildBlock("layer1", new HeadLayer(hiddenSize, classes, hiddenDropout)));
        } else {
            stack.add(addChildBlock("layer0", new HeadLayer(inputSize, classes, inputDropout)));
        }
        this.layers = Collections.unmodifiableList(stack);
    }

    public List<HeadLayer> layers() {
        return layers;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(parameterStore, new NDList(x), training).head();
            if (i < layers.size() - 1) {
                x = x.getNDArrayInternal().relu();
            }
        }
        return new NDList(x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        for (HeadLayer layer : layers) {
            layer.initialize(manager, dataType, shape);
            shape = new Shape(shape.get(0), layer.outputSize());
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), layers.get(layers.size() - 1).outputSize())};
    }

    @Override
    public String toString() {
        return "ClassifierHead" + layers;
    }
}
