package dev.clara.nn.sample;

/** Why a sample ended. */
public enum SampleStop {
    /** It reached its length target in tokens. */
    LENGTH,
    /** The request's {@link StopCondition} said it was done. */
    CONDITION,
    /** The request was cancelled first; the sample holds what was generated until then. */
    CANCELLED
}
