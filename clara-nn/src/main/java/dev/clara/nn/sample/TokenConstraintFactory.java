package dev.clara.nn.sample;

/** Creates each sample's {@link TokenConstraint} when a generation starts. */
@FunctionalInterface
public interface TokenConstraintFactory {

    /**
     * @param sample the sample's index in the request, from 0
     * @param prompt the token ids the sample is primed with, so that the grammar starts in the state
     *     the prompt leaves it in; not to be modified
     * @return the sample's constraint, or null to leave this sample unconstrained
     */
    TokenConstraint create(int sample, int[] prompt);
}
