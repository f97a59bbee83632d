package dev.clara.nn.train;

import ai.djl.Model;
import dev.clara.nn.model.AwdLstmLanguageModel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training run produced. The model holds the best weights by validation loss (the last
 * weights when there was no validation set); closing the result frees them.
 *
 * @param model the DJL model that owns the weights
 * @param block the network inside {@code model}
 * @param stopReason why the run ended
 * @param steps steps trained in the whole run, resumed ones included
 * @param epochsCompleted epochs that ran to the end
 * @param bestValidation the validation of the kept weights, or null without a validation set
 * @param validationHistory every epoch's validation, in order, for this session
 * @param tokensPerSecond training throughput of this session
 * @param elapsed this session's wall-clock time
 */
public record TrainingResult(
        Model model,
        AwdLstmLanguageModel block,
        StopReason stopReason,
        long steps,
        int epochsCompleted,
        ValidationMetrics bestValidation,
        List<ValidationMetrics> validationHistory,
        double tokensPerSecond,
        Duration elapsed) implements AutoCloseable {

    /** The numbers stored in an artifact's {@code metrics.json}. */
    public Map<String, Double> metrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (bestValidation != null) {
            metrics.put("validation_loss", bestValidation.loss());
            metrics.put("perplexity", bestValidation.perplexity());
            metrics.put("accuracy", bestValidation.accuracy());
            metrics.put("validation_tokens", (double) bestValidation.tokens());
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
