package dev.clara.nn.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores a classifier on held-out excerpts in evaluation mode (no dropout, batch norm on its
 * running statistics), so the numbers are deterministic: the confusion matrix and the mean
 * unweighted cross-entropy, as {@link ClassificationMetrics}. Excerpts are batched by length so
 * that little padding is computed.
 */
public final class ClassifierEvaluator {

    private final int batchSize;

    /** @param batchSize excerpts per forward pass */
    public ClassifierEvaluator(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, was " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /**
     * @param manager owns the temporaries; on the model's device
     * @param labels the class names, in class-index order
     */
    public ClassificationMetrics evaluate(SequenceClassifier classifier, NDManager manager, List<Excerpt> excerpts,
            List<String> labels) {
        if (excerpts.isEmpty()) {
            throw new IllegalArgumentException("there is nothing to evaluate");
        }
        List<Excerpt> sorted = new ArrayList<>(excerpts);
        sorted.sort(Comparator.comparingInt(Excerpt::length));
        int[] truth = new int[sorted.size()];
        int[] predicted = new int[sorted.size()];
        double negativeLogLikelihood = 0;
        for (int from = 0; from < sorted.size(); from += batchSize) {
            List<Excerpt> chunk = sorted.subList(from, Math.min(sorted.size(), from + batchSize));
            int[] chunkLabels = chunk.stream().mapToInt(Excerpt::label).toArray();
            try (NDManager step = manager.newSubManager()) {
                PaddedBatch batch = PaddedBatch.of(chunk.stream().map(Excerpt::ids).toList(), step);
                NDArray logits = classifier.forward(new ParameterStore(step, false), batch.ids(), batch.lengths(), false);
                negativeLogLikelihood += ClassifierLoss.negativeLogLikelihood(logits, chunkLabels).sum().getFloat();
                long[] argMax = logits.argMax(1).toLongArray();
                for (int i = 0; i < chunk.size(); i++) {
                    truth[from + i] = chunkLabels[i];
                    predicted[from + i] = (int) argMax[i];
                }
            }
        }
        return ClassificationMetrics.of(labels, truth, predicted, negativeLogLikelihood / sorted.size());
    }
}
