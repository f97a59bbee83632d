package dev.clara.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Locked (variational) dropout, Gal &amp; Ghahramani 2016 as used by Merity et al. 2017: one
 * Bernoulli mask per sequence and feature, shared by every time step,
 * {@code y[b,t,f] = x[b,t,f] · m[b,f] / (1 − p)} with {@code m ~ Bernoulli(1 − p)}.
 *
 * <p>Sharing the mask across time is what keeps an LSTM's recurrent signal intact: a fresh mask
 * per step would wipe a different part of the state at every step.
 */
public final class LockedDropout {

    private LockedDropout() {}

    /**
     * Applies the dropout to a batch-first sequence.
     *
     * @param input [batch, time, features]
     * @param probability the drop probability; 0 returns the input itself
     * @param training outside training the input is returned unchanged
     * @return the masked input, on the input's manager
     */
    public static NDArray apply(NDArray input, float probability, boolean training) {
        if (!training || probability == 0) {
            return input;
        }
        Shape shape = input.getShape();
        NDArray ones = input.getManager().ones(new Shape(shape.get(0), 1, shape.get(2)), input.getDataType());
        // The engine's dropout draws the mask and applies the 1/(1-p) scaling in one op.
        NDArray mask = ones.getNDArrayInternal().dropout(ones, probability, true).head();
        return input.mul(mask);
    }
}
