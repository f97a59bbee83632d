package dev.clara.nn.train;

/** Why a training run ended. */
public enum StopReason {
    /** Every planned epoch ran. */
    COMPLETED,
    /** The configured time budget ran out; the last epoch was cut short but still validated. */
    TIME_BUDGET,
    /** {@link LanguageModelTrainer#cancel()} was called; the run stopped after the step in progress. */
    CANCELLED
}
