package dev.clara.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.clara.nn.model.LanguageModelOutput;

/**
 * The AWD-LSTM training objective (Merity et al. 2017, §4.6):
 * <pre>
 *   L = −(1/N)·Σ log softmax(y)[target]  +  α·mean(d²)  +  β·mean((h_t − h_{t−1})²)
 * </pre>
 * where {@code d} is the last layer's output after output dropout (activation regularisation, AR)
 * and {@code h} the same output before dropout (temporal activation regularisation, TAR). AR keeps
 * activations small; TAR keeps the hidden state from jumping between steps.
 */
public final class LanguageModelLoss {

    private final float activationRegularization;
    private final float temporalActivationRegularization;

    /**
     * @param activationRegularization α; 0 switches AR off
     * @param temporalActivationRegularization β; 0 switches TAR off
     */
    public LanguageModelLoss(float activationRegularization, float temporalActivationRegularization) {
        this.activationRegularization = activationRegularization;
        this.temporalActivationRegularization = temporalActivationRegularization;
    }

    /** The terms of one window's loss, each a scalar array. */
    public record Terms(NDArray total, NDArray crossEntropy) {}

    /**
     * Computes the loss of a forward pass.
     *
     * @param output the model's output for a window
     * @param targets [batch, time] the next token at every position
     */
    public Terms compute(LanguageModelOutput output, NDArray targets) {
        NDArray crossEntropy = crossEntropy(output.logits(), targets);
        NDArray total = crossEntropy;
        if (activationRegularization != 0) {
            total = total.add(output.droppedOutput().square().mean().mul(activationRegularization));
        }
        long time = output.rawOutput().getShape().get(1);
        if (temporalActivationRegularization != 0 && time > 1) {
            NDArray raw = output.rawOutput();
            NDArray change = raw.get(new NDIndex(":, 1:, :")).sub(raw.get(new NDIndex(":, :-1, :")));
            total = total.add(change.square().mean().mul(temporalActivationRegularization));
        }
        return new Terms(total, crossEntropy);
    }

    /** The mean negative log-likelihood of the targets under the logits. */
    public static NDArray crossEntropy(NDArray logits, NDArray targets) {
        return tokenNegativeLogLikelihood(logits, targets).mean();
    }

    /** The negative log-likelihood of every target, flattened to [batch·time]. */
    public static NDArray tokenNegativeLogLikelihood(NDArray logits, NDArray targets) {
        long vocabulary = logits.getShape().get(logits.getShape().dimension() - 1);
        NDArray logProbabilities = logits.reshape(-1, vocabulary).logSoftmax(1);
        return logProbabilities.get(new NDIndex().addAllDim().addPickDim(targets.reshape(-1))).neg().reshape(-1);
    }
}
