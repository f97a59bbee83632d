package dev.clara.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Embedding dropout (Gal &amp; Ghahramani 2016; Merity et al. 2017 §4.3): whole rows of the
 * embedding matrix, i.e. whole words, are zeroed for a batch, {@code E' = diag(m) · E / (1 − p)}
 * with {@code m ~ Bernoulli(1 − p)} per vocabulary entry. Every occurrence of a dropped token in
 * the batch disappears at once, which regularises more than dropping single positions.
 */
public final class EmbeddingDropout {

    private EmbeddingDropout() {}

    /**
     * Masks the rows of an embedding matrix.
     *
     * @param weight [vocabulary, embedding]
     * @param probability the drop probability; 0 returns the weight itself
     * @param manager owns the mask and the masked copy, so that they die with the batch and not with the model
     * @return the masked matrix, through which gradients still reach {@code weight}
     */
    public static NDArray apply(NDArray weight, float probability, NDManager manager) {
        if (probability == 0) {
            return weight;
        }
        NDArray ones = manager.ones(new Shape(weight.getShape().get(0), 1), weight.getDataType(), weight.getDevice());
        NDArray mask = ones.getNDArrayInternal().dropout(ones, probability, true).head();
        return mask.mul(weight);
    }
}
