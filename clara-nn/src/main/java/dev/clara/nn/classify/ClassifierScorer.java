package dev.clara.nn.classify;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Scores whole pieces or samples of any length with a trained {@link SequenceClassifier}, as the
 * critic and composer services do. The classifier was trained on excerpts of {@code bptt} tokens,
 * so a piece is read in windows of that length and the class distributions are averaged:
 * <pre>
 *   windows start at 0, L, 2L, ... while they fit, and one more ends at the piece's end
 *   (a piece of n ≤ L tokens is one window of n tokens)
 *   P(c | piece) = (1 / K) · Σ_k softmax(logits(window_k))_c,   K = ⌈n / L⌉
 * </pre>
 * The last window is aligned to the end rather than padded, so every window is as long as the
 * training excerpts and the end of a piece is never scored on a stub. Windows are batched; the
 * model runs in evaluation mode (no dropout, batch norm on running statistics), so scores are
 * deterministic and do not depend on the batching.
 *
 * <p>Every call works in its own sub-manager of the model's manager, closed before it returns:
 * calls may come from several threads and leave nothing behind. libtorch's grad mode is
 * thread-local and on by default in every thread but the one that started the engine, so on a
 * service's pool thread each forward pass would record an autograd graph (about 40% more time);
 * a call switches it off for its own duration and restores it.
 */
public final class ClassifierScorer {

    private final Model model;
    private final SequenceClassifier classifier;
    private final List<String> labels;
    private final int windowLength;
    private final int batchSize;

    private ClassifierScorer(Builder builder) {
        this.model = builder.model;
        this.classifier = (SequenceClassifier) builder.model.getBlock();
        this.labels = List.copyOf(builder.labels);
        this.windowLength = builder.windowLength;
        this.batchSize = builder.batchSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A scorer for a stored classifier: its labels, and windows of its {@code bptt}. */
    public static ClassifierScorer of(ClassifierArtifact artifact) {
        return builder().setModel(artifact.model()).setLabels(artifact.labels())
                .setWindowLength(artifact.config().bptt()).build();
    }

    public List<String> labels() {
        return labels;
    }

    public int windowLength() {
        return windowLength;
    }

    /**
     * The start of each window over a piece of {@code length} tokens: {@code 0, L, 2L, ...} while a
     * whole window fits, then {@code length − L} when the piece has tokens left over.
     */
    public static int[] windowStarts(int length, int windowLength) {
        if (length < 1) {
            throw new IllegalArgumentException("there is nothing to score in an empty piece");
        }
        if (length <= windowLength) {
            return new int[] {0};
        }
        int whole = length / windowLength;
        boolean tail = length % windowLength != 0;
        int[] starts = new int[whole + (tail ? 1 : 0)];
        for (int k = 0; k < whole; k++) {
            starts[k] = k * windowLength;
        }
        if (tail) {
            starts[whole] = length - windowLength;
        }
        return starts;
    }

    /**
     * Scores a piece.
     *
     * @param ids the piece as vocabulary ids, at least one token
     * @return the averaged class distribution and the number of windows read
     */
    public ClassifierScore score(int[] ids) {
        Objects.requireNonNull(ids, "ids");
        int vocabularySize = classifier.vocabularySize();
        for (int id : ids) {
            if (id < 0 || id >= vocabularySize) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + vocabularySize);
            }
        }
        int[] starts = windowStarts(ids.length, windowLength);
        double[] sum = new double[labels.size()];
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager scope = model.getNDManager().newSubManager()) {
            for (int from = 0; from < starts.length; from += batchSize) {
                List<int[]> windows = new ArrayList<>();
                for (int k = from; k < Math.min(starts.length, from + batchSize); k++) {
                    windows.add(Arrays.copyOfRange(ids, starts[k], Math.min(ids.length, starts[k] + windowLength)));
                }
                try (NDManager step = scope.newSubManager()) {
                    PaddedBatch batch = PaddedBatch.of(windows, step);
                    NDArray logits = classifier.forward(new ParameterStore(step, false), batch.ids(), batch.lengths(),
                            false);
                    float[] probabilities = logits.softmax(1).toFloatArray();
                    for (int w = 0; w < windows.size(); w++) {
                        for (int c = 0; c < sum.length; c++) {
                            sum[c] += probabilities[w * sum.length + c];
                        }
                    }
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
        for (int c = 0; c < sum.length; c++) {
            sum[c] /= starts.length;
        }
        return new ClassifierScore(labels, sum, starts.length);
    }

    /** Builds a {@link ClassifierScorer}; the model, its labels and the window length are required. */
    public static final class Builder {

        private Model model;
        private List<String> labels;
        private int windowLength;
        private int batchSize = 16;

        private Builder() {}

        /** A model holding an initialised {@link SequenceClassifier}; the scorer does not close it. */
        public Builder setModel(Model model) {
            this.model = model;
            return this;
        }

        /** The class names in output order. */
        public Builder setLabels(List<String> labels) {
            this.labels = labels;
            return this;
        }

        /** The window length: the classifier's {@code bptt}. */
        public Builder setWindowLength(int windowLength) {
            this.windowLength = windowLength;
            return this;
        }

        /** Windows per forward pass, 16 by default. */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public ClassifierScorer build() {
            if (model == null || labels == null) {
                throw new IllegalArgumentException("the model and its labels are required");
            }
            Block block = model.getBlock();
            if (!(block instanceof SequenceClassifier classifier) || !block.isInitialized()) {
                throw new IllegalArgumentException("the model must hold an initialised SequenceClassifier, not " + block);
            }
            if (classifier.classes() != labels.size()) {
                throw new IllegalArgumentException("the classifier has " + classifier.classes() + " outputs but "
                        + labels.size() + " labels were given: " + labels);
            }
            if (windowLength < 1 || batchSize < 1) {
                throw new IllegalArgumentException("the window length and the batch size must be at least 1, were "
                        + windowLength + " and " + batchSize);
            }
            return new ClassifierScorer(this);
        }
    }
}
