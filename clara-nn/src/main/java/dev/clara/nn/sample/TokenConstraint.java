package dev.clara.nn.sample;

/**
 * The grammar of one sample as generation goes: which tokens may come next, told the token that
 * was chosen. The generator service implements it with clara-music's notewise grammar compiled over
 * the model's vocabulary; clara-nn knows nothing of music, only of token ids.
 *
 * <p>One instance serves one sample and is called from the generating thread only, in the order
 * {@code allowed, accept, allowed, accept, ...}; it need not be thread-safe.
 */
public interface TokenConstraint {

    /**
     * Marks the tokens that may come next.
     *
     * @param mask one entry per vocabulary id; it arrives all false and must be set true for every
     *     allowed id. Leaving it all false means "anything": the sampler then falls back to the
     *     unmasked distribution for this step and counts it in {@link GeneratedSample#emptyMaskSteps()}
     */
    void allowed(boolean[] mask);

    /** Tells the grammar the token chosen for this sample, whether or not the mask allowed it. */
    void accept(int tokenId);
}
