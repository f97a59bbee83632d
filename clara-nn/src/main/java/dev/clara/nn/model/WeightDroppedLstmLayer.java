package dev.clara.nn.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * One LSTM layer whose hidden-to-hidden weights are regularised with DropConnect (Wan et al.
 * 2013), the "weight-dropped LSTM" of Merity et al. 2017, "Regularizing and Optimizing LSTM
 * Language Models" (arXiv:1708.02182), §2.
 *
 * <p>The layer computes, for each time step t,
 * <pre>
 *   i_t = σ(W_ii x_t + b_ii + Ŵ_hi h_{t−1} + b_hi)      f_t = σ(W_if x_t + b_if + Ŵ_hf h_{t−1} + b_hf)
 *   g_t = tanh(W_ig x_t + b_ig + Ŵ_hg h_{t−1} + b_hg)   o_t = σ(W_io x_t + b_io + Ŵ_ho h_{t−1} + b_ho)
 *   c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t                      h_t = o_t ⊙ tanh(c_t)
 * </pre>
 * where in training {@code Ŵ_h = W_h ⊙ M / (1 − p)}, with one Bernoulli(1 − p) mask {@code M}
 * drawn per forward call (per batch) and shared by all time steps, and {@code Ŵ_h = W_h} in
 * evaluation. Because the mask touches weights, not activations, the engine's fused LSTM kernel
 * still runs; gradients flow through the mask to the raw {@code W_h}.
 *
 * <p>Inputs: {@code [x [batch, time, in], h [1, batch, hidden], c [1, batch, hidden]]}; outputs:
 * {@code [y [batch, time, hidden], h_T, c_T]}. Weights are initialised U(−1/√hidden, 1/√hidden) as
 * in PyTorch's {@code nn.LSTM}; they are stored in the engine's order (W_ih, W_hh, b_ih, b_hh) with
 * gates stacked i, f, g, o.
 */
public final class WeightDroppedLstmLayer extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final int GATES = 4;

    private final int inputSize;
    private final int hiddenSize;
    private final float weightDropout;
    private final Parameter inputWeight;
    private final Parameter hiddenWeight;
    private final Parameter inputBias;
    private final Parameter hiddenBias;

    /**
     * @param inputSize features of the input at each step
     * @param hiddenSize features of the state and the output
     * @param weightDropout DropConnect probability on the hidden-to-hidden weights, in [0, 1)
     */
    public WeightDroppedLstmLayer(int inputSize, int hiddenSize, float weightDropout) {
        super(VERSION);
        if (inputSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("LSTM sizes must be positive: input " + inputSize + ", hidden " + hiddenSize);
        }
        if (!(weightDropout >= 0 && weightDropout < 1)) {
            throw new IllegalArgumentException("weight dropout must be in [0, 1), was " + weightDropout);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.weightDropout = weightDropout;
        UniformInitializer init = new UniformInitializer((float) (1 / Math.sqrt(hiddenSize)));
        inputWeight = addParameter(parameter("i2h_weight", Parameter.Type.WEIGHT, new Shape(GATES * hiddenSize, inputSize), init));
        hiddenWeight = addParameter(parameter("h2h_weight", Parameter.Type.WEIGHT, new Shape(GATES * hiddenSize, hiddenSize), init));
        inputBias = addParameter(parameter("i2h_bias", Parameter.Type.BIAS, new Shape(GATES * hiddenSize), init));
        hiddenBias = addParameter(parameter("h2h_bias", Parameter.Type.BIAS, new Shape(GATES * hiddenSize), init));
    }

    private static Parameter parameter(String name, Parameter.Type type, Shape shape, UniformInitializer init) {
        return Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(init).build();
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public float weightDropout() {
        return weightDropout;
    }

    /** The raw (never dropped) hidden-to-hidden weight, [4·hidden, hidden]. */
    public Parameter hiddenWeight() {
        return hiddenWeight;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.get(0);
        Device device = input.getDevice();
        NDArray wIh = parameterStore.getValue(inputWeight, device, training);
        NDArray wHh = parameterStore.getValue(hiddenWeight, device, training);
        NDArray bIh = parameterStore.getValue(inputBias, device, training);
        NDArray bHh = parameterStore.getValue(hiddenBias, device, training);
        if (training && weightDropout > 0) {
            wHh = input.getNDArrayInternal().dropout(wHh, weightDropout, true).head();
            // The engine attaches an op's result to its first operand's manager: here the model's,
            // which lives for the whole run. Move the dropped copy to the batch's manager.
            wHh.attach(input.getManager());
        }
        return input.getNDArrayInternal().lstm(input, new NDList(inputs.get(1), inputs.get(2)),
                new NDList(wIh, wHh, bIh, bHh), true, 1, 0, training, false, true);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape state = new Shape(1, x.get(0), hiddenSize);
        return new Shape[] {new Shape(x.get(0), x.get(1), hiddenSize), state, state};
    }

    @Override
    public String toString() {
        return "WeightDroppedLstmLayer(" + inputSize + " → " + hiddenSize + ", weight dropout " + weightDropout + ")";
    }
}
