package dev.clara.nn.classify;

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
 * One block of ULMFiT's classifier head (Howard &amp; Ruder 2018, arXiv:1801.06146, §3.3; fastai's
 * {@code bn_drop_lin}): batch normalisation (Ioffe &amp; Szegedy 2015), dropout, then a linear map,
 * <pre>
 *   x̂ = γ ⊙ (x − μ) / √(σ² + ε) + β
 *   y = W · Drop_p(x̂) + b
 * </pre>
 * where μ and σ² are the batch's statistics in training and the running averages (momentum 0.1, as
 * PyTorch's) in evaluation, so that evaluation is deterministic and a sequence's score does not
 * depend on what else shares its batch. {@code W} and {@code b} start U(−1/√in, 1/√in) as in
 * PyTorch's {@code nn.Linear}.
 *
 * <p>Input [batch, in]; output [batch, out]. Every operation is called on the input, so that the
 * results belong to the batch's manager and not to the model's.
 */
public final class HeadLayer extends AbstractBlock {

    private static final byte VERSION = 1;
    /** PyTorch's batch-norm defaults; DJL's momentum counts the other way (1 − 0.1). */
    private static final float MOMENTUM = 0.9f;
    private static final float EPSILON = 1e-5f;

    private final int inputSize;
    private final int outputSize;
    private final float dropout;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVariance;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param inputSize features in
     * @param outputSize features out
     * @param dropout the dropout probability after the batch norm, in [0, 1)
     */
    public HeadLayer(int inputSize, int outputSize, float dropout) {
        super(VERSION);
        if (inputSize < 1 || outputSize < 1) {
            throw new IllegalArgumentException("head sizes must be positive: in " + inputSize + ", out " + outputSize);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("head dropout must be in [0, 1), was " + dropout);
        }
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.dropout = dropout;
        Shape features = new Shape(inputSize);
        gamma = addParameter(Parameter.builder().setName("bn_gamma").setType(Parameter.Type.GAMMA).optShape(features)
                .build());
        beta = addParameter(Parameter.builder().setName("bn_beta").setType(Parameter.Type.BETA).optShape(features)
                .build());
        runningMean = addParameter(Parameter.builder().setName("bn_running_mean").setType(Parameter.Type.RUNNING_MEAN)
                .optShape(features).optRequiresGrad(false).build());
        runningVariance = addParameter(Parameter.builder().setName("bn_running_var")
                .setType(Parameter.Type.RUNNING_VAR).optShape(features).optRequiresGrad(false).build());
        UniformInitializer init = new UniformInitializer((float) (1 / Math.sqrt(inputSize)));
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(outputSize, inputSize)).optInitializer(init).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(outputSize)).optInitializer(init).build());
    }

    public int inputSize() {
        return inputSize;
    }

    public int outputSize() {
        return outputSize;
    }

    public float dropout() {
        return dropout;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray normalised = x.getNDArrayInternal().batchNorm(x,
                parameterStore.getValue(runningMean, device, training),
                parameterStore.getValue(runningVariance, device, training),
                parameterStore.getValue(gamma, device, training),
                parameterStore.getValue(beta, device, training),
                -1, MOMENTUM, EPSILON, training).head();
        NDArray dropped = training && dropout > 0
                ? normalised.getNDArrayInternal().dropout(normalised, dropout, true).head()
                : normalised;
        return dropped.getNDArrayInternal().linear(dropped, parameterStore.getValue(weight, device, training),
                parameterStore.getValue(bias, device, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputSize)};
    }

    @Override
    public String toString() {
        return "HeadLayer(BN → drop " + dropout + " → linear " + inputSize + " → " + outputSize + ")";
    }
}
