package dev.clara.nn.sample;

/**
 * One generated sample and what happened while it was sampled.
 *
 * @param index the sample's index in the request
 * @param tokens the generated token ids, the prompt excluded
 * @param stop why the sample ended
 * @param maskedChoices steps where the constraint forbade the token the unmasked sampler would have
 *     chosen with the same random draws, so that the mask changed the outcome
 * @param grammarViolations steps where the model's most likely token was forbidden: how often an
 *     unmasked model proposes an impossible token
 * @param emptyMaskSteps steps where the constraint allowed nothing and the unmasked distribution was
 *     used instead; such steps are counted in neither of the two counts above
 */
public record GeneratedSample(int index, int[] tokens, SampleStop stop, int maskedChoices, int grammarViolations,
        int emptyMaskSteps) {

    public int length() {
        return tokens.length;
    }
}
