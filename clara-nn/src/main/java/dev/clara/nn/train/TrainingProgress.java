package dev.clara.nn.train;

import java.time.Duration;

/**
 * One report from a running training, after every step and after every epoch's validation; the
 * trainer service forwards these as {@code TrainProgress} events.
 *
 * @param epoch the current epoch, from 0
 * @param epochs the number of epochs planned
 * @param step steps completed in the whole run
 * @param totalSteps steps planned for the whole run (an estimate when windows are jittered or pieces augmented)
 * @param loss the cross-entropy of the last step, or of the epoch's steps on average in a validation report;
 *     without AR and TAR, so that it compares with the validation loss
 * @param learningRate the rate of the last step
 * @param tokensPerSecond training throughput so far, backward pass and update included
 * @param eta the estimated time left, within the time budget
 * @param validation the epoch's validation, or null on a step report
 */
public record TrainingProgress(
        int epoch,
        int epochs,
        long step,
        long totalSteps,
        double loss,
        double learningRate,
        double tokensPerSecond,
        Duration eta,
        ValidationMetrics validation) {

    /** Whether this report closes an epoch and carries its validation. */
    public boolean isValidation() {
        return validation != null;
    }
}
