package dev.clara.nn.sample;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Which way round {@link LstmInferenceCell} multiplies a layer's weights with the batch. Both give the
 * same numbers up to rounding; they differ in how libtorch's matrix product splits the work over
 * intra-op threads. With 16 rows, {@code x · Wᵀ} leaves little to split, while {@code W · xᵀ} splits
 * the 4·size rows of the weight.
 *
 * <p>Measured on Clara's size (embedding 400, 4 × 600, 16 samples) on a 2-core VM shared with other
 * work, with {@code OMP_WAIT_POLICY=PASSIVE}: with one thread 7.4–7.5 ms a step activations first against
 * 8.0–9.4 ms weights first (back to back in one process; the benchmark under heavier load was
 * inconclusive); with two threads 9.9–10.3 against 7.1–7.8 ms, and 11.3–11.9 against 9.0–9.6 ms in
 * {@code GenerationBenchmark}.
 */
public enum ProductOrder {
    /** {@link #WEIGHTS_FIRST} while libtorch runs more than one intra-op thread, else {@link #ACTIVATIONS_FIRST}; decided at every step. */
    AUTO,
    /** {@code gates = [x, h] · Wᵀ + b}: faster with one thread. */
    ACTIVATIONS_FIRST,
    /** {@code gatesᵀ = W · [x, h]ᵀ + b}: faster with several threads. */
    WEIGHTS_FIRST;

    /** This order, with {@link #AUTO} resolved for the current intra-op thread count. */
    ProductOrder resolve() {
        if (this != AUTO) {
            return this;
        }
        return JniUtils.getNumThreads() > 1 ? WEIGHTS_FIRST : ACTIVATIONS_FIRST;
    }
}
