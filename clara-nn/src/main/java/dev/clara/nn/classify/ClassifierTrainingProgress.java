package dev.clara.nn.classify;

import java.time.Duration;

/**
 * One report from a running classifier training, after every step and after every epoch's
 * validation; the trainer service forwards these as {@code TrainProgress} events.
 *
 * @param epoch the current epoch, from 0
 * @param epochs the number of epochs planned
 * @param step steps completed in the whole run
 * @param totalSteps steps planned for the whole run
 * @param frozen whether the encoder was frozen (only the head learning) in this step or epoch
 * @param loss the training cross-entropy of the last step, or the epoch's mean in a validation report
 *     (class-weighted when the configuration weights classes)
 * @param accuracy the share of the last step's excerpts classified right (with dropout on), or the epoch's mean
 * @param learningRate the head's rate in the last step
 * @param tokensPerSecond training throughput so far (real tokens, padding excluded)
 * @param eta the estimated time left, within the time budget
 * @param validation the epoch's validation, or null on a step report
 */
public record ClassifierTrainingProgress(
        int epoch,
        int epochs,
        long step,
        long totalSteps,
        boolean frozen,
        double loss,
        double accuracy,
        double learningRate,
        double tokensPerSecond,
        Duration eta,
        ClassificationMetrics validation) {

    /** Whether this report closes an epoch and carries its validation. */
    public boolean isValidation() {
        return validation != null;
    }
}
