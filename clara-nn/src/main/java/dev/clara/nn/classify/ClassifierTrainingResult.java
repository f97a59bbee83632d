package dev.clara.nn.classify;

import ai.djl.Model;
import dev.clara.nn.train.StopReason;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a classifier training produced. The model holds the best weights by validation accuracy
 * (ties broken by validation loss; the last weights when there was no validation set); closing the
 * result frees them.
 *
 * @param model the DJL model that owns the weights
 * @param block the network inside {@code model}
 * @param labels the class names, in output order
 * @param stopReason why the run ended
 * @param steps steps trained
 * @param epochsCompleted epochs that ran to the end
 * @param bestEpoch the epoch whose weights were kept, from 0; −1 without validation
 * @param bestValidation the validation of the kept weights, or null without a validation set
 * @param validationHistory every epoch's validation, in order
 * @param tokensPerSecond training throughput
 * @param elapsed wall-clock time of the run
 */
public record ClassifierTrainingResult(
        Model model,
        SequenceClassifier block,
        List<String> labels,
        StopReason stopReason,
        long steps,
        int epochsCompleted,
        int bestEpoch,
        ClassificationMetrics bestValidation,
        List<ClassificationMetrics> validationHistory,
        double tokensPerSecond,
        Duration elapsed) implements AutoCloseable {

    /** The numbers stored in an artifact's {@code metrics.json}: {@link ClassificationMetrics#asMap()} and the run's. */
    public Map<String, Double> metrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (bestValidation != null) {
            metrics.putAll(bestValidation.asMap());
            metrics.put("best_epoch", (double) bestEpoch);
        }
        metrics.put("steps", (double) steps);
        metrics.put("epochs", (double) epochsCompleted);
        metrics.put("tokens_per_second", tokensPerSecond);
        return metrics;
    }

    @Override
    public void close() {
        model.close();
    }
}
