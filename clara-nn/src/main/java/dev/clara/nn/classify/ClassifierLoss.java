package dev.clara.nn.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Cross-entropy for a classifier, optionally weighted by class as PyTorch's
 * {@code CrossEntropyLoss(weight=w)}:
 * <pre>
 *   L = Σ_i w_{y_i} · (−log softmax(z_i)_{y_i}) / Σ_i w_{y_i}
 * </pre>
 * With all weights 1 it is the plain mean negative log-likelihood. {@link #balancedWeights(int[])}
 * gives scikit-learn's "balanced" weights {@code w_c = N / (C · n_c)}, so that every class
 * contributes as if all were equally common.
 */
public final class ClassifierLoss {

    private ClassifierLoss() {}

    /**
     * The mean (weighted) cross-entropy of a batch.
     *
     * @param logits [batch, classes]
     * @param labels each row's true class
     * @param classWeights one weight per class, or null for the plain mean
     * @return a scalar on the logits' manager, differentiable with respect to the logits
     */
    public static NDArray crossEntropy(NDArray logits, int[] labels, float[] classWeights) {
        return weighted(negativeLogLikelihood(logits, labels), labels, classWeights);
    }

    /** Each row's −log softmax(z)_y, [batch], on the logits' manager. */
    public static NDArray negativeLogLikelihood(NDArray logits, int[] labels) {
        long batch = logits.getShape().get(0);
        int classes = (int) logits.getShape().get(1);
        if (labels.length != batch) {
            throw new IllegalArgumentException(labels.length + " labels for a batch of " + batch);
        }
        float[] oneHot = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            oneHot[i * classes + labels[i]] = 1f;
        }
        NDManager manager = logits.getManager();
        NDArray target = manager.create(oneHot, new Shape(batch, classes)).toDevice(logits.getDevice(), false);
        return logits.logSoftmax(1).mul(target).sum(new int[] {1}).neg();
    }

    private static NDArray weighted(NDArray perRow, int[] labels, float[] classWeights) {
        if (classWeights == null) {
            return perRow.mean();
        }
        float[] rowWeights = new float[labels.length];
        float total = 0;
        for (int i = 0; i < labels.length; i++) {
            rowWeights[i] = classWeights[labels[i]];
            total += rowWeights[i];
        }
        NDArray weights = perRow.getManager().create(rowWeights).toDevice(perRow.getDevice(), false);
        return perRow.mul(weights).sum().div(total);
    }

    /**
     * Weights {@code N / (C · n_c)} for class counts {@code n_c}; a class without examples gets 0.
     */
    public static float[] balancedWeights(int[] counts) {
        long total = 0;
        for (int count : counts) {
            total += count;
        }
        float[] weights = new float[counts.length];
        for (int c = 0; c < counts.length; c++) {
            weights[c] = counts[c] == 0 ? 0f : (float) ((double) total / ((double) counts.length * counts[c]));
        }
        return weights;
    }
}
