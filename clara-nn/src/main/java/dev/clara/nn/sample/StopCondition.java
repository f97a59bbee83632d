package dev.clara.nn.sample;

/**
 * Ends a sample before its length target, for instance when the service's duration target (in
 * time steps of the encoding) is met. Called from the generating thread after every accepted token.
 */
@FunctionalInterface
public interface StopCondition {

    /**
     * @param sample the sample's index in the request
     * @param tokenId the token just appended to the sample
     * @return true to end the sample with this token as its last
     */
    boolean done(int sample, int tokenId);
}
