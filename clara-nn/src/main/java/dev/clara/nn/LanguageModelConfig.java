package dev.clara.nn;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.clara.nn.json.ClaraJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hyper-parameters of Clara's generator: the AWD-LSTM's shape, its regularisers, and how it is
 * trained. {@link #clara()} gives Clara's values; every regulariser is switched off by setting it
 * to 0 (or {@code tieWeights} to false).
 *
 * <p>Where the defaults come from: the size (embedding 400, 4 layers of 600, bptt 200, batch 32)
 * is Clara's. The dropouts are AWD-LSTM's (Merity et al. 2017, WikiText-2 column: embedding 0.1,
 * input 0.6, hidden 0.2, output 0.4, weight 0.5); fastai's "drop_mult" scales all five at once,
 * see {@link #withDropoutsScaledBy(double)}. AR α = 2, TAR β = 1, gradient clip 0.3, Adam betas
 * (0.7, 0.99) and weight decay 1e-6 are the fastai language-model recipe Clara followed; the peak
 * learning rate 3e-3 is fastai's default for {@code fit_one_cycle}.
 *
 * @param embeddingSize width of the token embedding; also the last LSTM layer's size, so that the
 *     decoder can share the embedding matrix
 * @param hiddenSize width of every LSTM layer but the last
 * @param layers number of stacked LSTM layers
 * @param tieWeights whether the decoder reuses the embedding matrix (Press &amp; Wolf 2017)
 * @param embeddingDropout probability of dropping a whole word's embedding row
 * @param inputDropout locked dropout on the embedded input
 * @param hiddenDropout locked dropout between LSTM layers
 * @param outputDropout locked dropout on the last layer's output, before the decoder
 * @param weightDropout DropConnect on the hidden-to-hidden weights
 * @param activationRegularization α of AR: α·mean(dropped last output²)
 * @param temporalActivationRegularization β of TAR: β·mean((h_t − h_{t−1})²) on the raw last output
 * @param gradientClipNorm the largest global L2 norm of the gradient; 0 disables clipping
 * @param adamBeta1 Adam's first-moment decay
 * @param adamBeta2 Adam's second-moment decay
 * @param adamEpsilon Adam's denominator guard
 * @param weightDecay L2 weight decay added to the gradient
 * @param peakLearningRate the one-cycle schedule's highest learning rate
 * @param warmupFraction the share of steps spent rising to the peak
 * @param bptt the length of a truncated back-propagation window
 * @param bpttJitter whether window lengths vary as in fastai v1
 * @param batchSize the number of parallel token streams
 * @param epochs passes over the (augmented) training corpus
 * @param seed seeds the initial weights, the dropout masks, the shuffles and the jitter
 * @param maxDuration a wall-clock budget after which training stops cleanly; null for none
 * @param maxStepsPerEpoch caps the steps of an epoch, for demonstrations; 0 for no cap
 * @param memoryBudgetBytes the largest estimated training memory {@link #validate(int)} accepts
 */
public record LanguageModelConfig(
        int embeddingSize,
        int hiddenSize,
        int layers,
        boolean tieWeights,
        float embeddingDropout,
        float inputDropout,
        float hiddenDropout,
        float outputDropout,
        float weightDropout,
        float activationRegularization,
        float temporalActivationRegularization,
        float gradientClipNorm,
        float adamBeta1,
        float adamBeta2,
        float adamEpsilon,
        float weightDecay,
        float peakLearningRate,
        float warmupFraction,
        int bptt,
        boolean bpttJitter,
        int batchSize,
        int epochs,
        long seed,
        Duration maxDuration,
        int maxStepsPerEpoch,
        long memoryBudgetBytes) {

    /** What {@link #validate(int)} accepts by default: less than the 24 GiB of Clara's build machines. */
    public static final long DEFAULT_MEMORY_BUDGET_BYTES = 16L << 30;

    private static final int BYTES_PER_FLOAT = 4;

    /** Clara's hyper-parameters. */
    public static LanguageModelConfig clara() {
        return new LanguageModelConfig(400, 600, 4, true,
                0.1f, 0.6f, 0.2f, 0.4f, 0.5f,
                2f, 1f, 0.3f,
                0.7f, 0.99f, 1e-8f, 1e-6f, 3e-3f, 0.1f,
                200, true, 32, 10, 42L,
                null, 0, DEFAULT_MEMORY_BUDGET_BYTES);
    }

    /** A builder starting from Clara's values. */
    public static Builder builder() {
        return new Builder(clara());
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The same configuration with all five dropouts multiplied by fastai's {@code drop_mult}. */
    public LanguageModelConfig withDropoutsScaledBy(double dropMultiplier) {
        return toBuilder()
                .optEmbeddingDropout((float) (embeddingDropout * dropMultiplier))
                .optInputDropout((float) (inputDropout * dropMultiplier))
                .optHiddenDropout((float) (hiddenDropout * dropMultiplier))
                .optOutputDropout((float) (outputDropout * dropMultiplier))
                .optWeightDropout((float) (weightDropout * dropMultiplier))
                .build();
    }

    /** The width of LSTM layer {@code layer}: the last one is as wide as the embedding. */
    public int layerSize(int layer) {
        return layer == layers - 1 ? embeddingSize : hiddenSize;
    }

    /** The width of LSTM layer {@code layer}'s input. */
    public int layerInputSize(int layer) {
        return layer == 0 ? embeddingSize : hiddenSize;
    }

    /** The number of trainable scalars for a vocabulary of the given size. */
    public long parameterCount(int vocabularySize) {
        long count = (long) vocabularySize * embeddingSize * (tieWeights ? 1 : 2) + vocabularySize;
        for (int layer = 0; layer < layers; layer++) {
            long hidden = layerSize(layer);
            count += 4 * hidden * (layerInputSize(layer) + hidden) + 8 * hidden;
        }
        return count;
    }

    /**
     * A rough upper estimate of training memory: weights, gradients and Adam's two moments, plus
     * the activations one window keeps for the backward pass (embedding, gates and cell states of
     * every layer, logits and their gradient), doubled for the backward pass's own buffers.
     */
    public long estimatedTrainingBytes(int vocabularySize) {
        long parameters = parameterCount(vocabularySize);
        double perToken = 3.0 * embeddingSize + 3.0 * vocabularySize;
        for (int layer = 0; layer < layers; layer++) {
            perToken += 12.0 * layerSize(layer) + layerInputSize(layer);
        }
        double activations = 2.0 * batchSize * (double) bptt * perToken;
        double total = BYTES_PER_FLOAT * (4.0 * parameters + activations);
        return total >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) total;
    }

    /** Checks everything that does not depend on the vocabulary. */
    public LanguageModelConfig validate() {
        return validate(0);
    }

    /**
     * Rejects nonsense with every reason at once.
     *
     * @param vocabularySize the vocabulary the model will have, for the memory estimate; 0 if not known yet
     * @return this configuration
     * @throws IllegalArgumentException naming each bad value
     */
    public LanguageModelConfig validate(int vocabularySize) {
        List<String> problems = new ArrayList<>();
        atLeast(problems, "embeddingSize", embeddingSize, 1);
        atLeast(problems, "hiddenSize", hiddenSize, 1);
        atLeast(problems, "layers", layers, 1);
        probability(problems, "embeddingDropout", embeddingDropout);
        probability(problems, "inputDropout", inputDropout);
        probability(problems, "hiddenDropout", hiddenDropout);
        probability(problems, "outputDropout", outputDropout);
        probability(problems, "weightDropout", weightDropout);
        nonNegative(problems, "activationRegularization", activationRegularization);
        nonNegative(problems, "temporalActivationRegularization", temporalActivationRegularization);
        nonNegative(problems, "gradientClipNorm (0 disables clipping)", gradientClipNorm);
        probability(problems, "adamBeta1", adamBeta1);
        probability(problems, "adamBeta2", adamBeta2);
        if (!(adamEpsilon > 0) || !Float.isFinite(adamEpsilon)) {
            problems.add("adamEpsilon must be positive, was " + adamEpsilon);
        }
        nonNegative(problems, "weightDecay", weightDecay);
        if (!(peakLearningRate > 0) || !Float.isFinite(peakLearningRate)) {
            problems.add("peakLearningRate must be positive and finite, was " + peakLearningRate);
        }
        probability(problems, "warmupFraction", warmupFraction);
        atLeast(problems, "bptt", bptt, 1);
        atLeast(problems, "batchSize", batchSize, 1);
        atLeast(problems, "epochs", epochs, 1);
        atLeast(problems, "maxStepsPerEpoch (0 for no cap)", maxStepsPerEpoch, 0);
        if (maxDuration != null && (maxDuration.isNegative() || maxDuration.isZero())) {
            problems.add("maxDuration must be positive or absent, was " + maxDuration);
        }
        if (memoryBudgetBytes <= 0) {
            problems.add("memoryBudgetBytes must be positive, was " + memoryBudgetBytes);
        }
        if (vocabularySize < 0) {
            problems.add("the vocabulary size must not be negative, was " + vocabularySize);
        }
        if (problems.isEmpty()) {
            long needed = estimatedTrainingBytes(vocabularySize);
            if (needed > memoryBudgetBytes) {
                problems.add(String.format(java.util.Locale.ROOT,
                        "training would need about %s (%,d parameters for a vocabulary of %d, batch %d × bptt %d), "
                                + "more than the memory budget of %s",
                        humanBytes(needed), parameterCount(vocabularySize), vocabularySize, batchSize, bptt,
                        humanBytes(memoryBudgetBytes)));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid language-model configuration: " + String.join("; ", problems));
        }
        return this;
    }

    /** This configuration as the JSON stored next to a model. */
    public String toJson() {
        return ClaraJson.GSON.toJson(this);
    }

    /**
     * Reads a configuration written by {@link #toJson()}; fields the file lacks (written by an older
     * Clara) take Clara's defaults rather than zero.
     */
    public static LanguageModelConfig fromJson(String json) {
        JsonObject merged = ClaraJson.GSON.toJsonTree(clara()).getAsJsonObject();
        JsonElement parsed = JsonParser.parseString(json);
        if (!parsed.isJsonObject()) {
            throw new IllegalArgumentException("a language-model configuration must be a JSON object");
        }
        for (Map.Entry<String, JsonElement> entry : parsed.getAsJsonObject().entrySet()) {
            merged.add(entry.getKey(), entry.getValue());
        }
        return ClaraJson.GSON.fromJson(merged, LanguageModelConfig.class);
    }

    private static void atLeast(List<String> problems, String name, long value, long min) {
        if (value < min) {
            problems.add(name + " must be at least " + min + ", was " + value);
        }
    }

    private static void probability(List<String> problems, String name, float value) {
        if (!(value >= 0 && value < 1)) {
            problems.add(name + " must be in [0, 1), was " + value);
        }
    }

    private static void nonNegative(List<String> problems, String name, float value) {
        if (!(value >= 0) || !Float.isFinite(value)) {
            problems.add(name + " must be zero or positive, was " + value);
        }
    }

    private static String humanBytes(long bytes) {
        double value = bytes;
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Builds a {@link LanguageModelConfig}; every value is optional and starts at Clara's. */
    public static final class Builder {

        private int embeddingSize;
        private int hiddenSize;
        private int layers;
        private boolean tieWeights;
        private float embeddingDropout;
        private float inputDropout;
        private float hiddenDropout;
        private float outputDropout;
        private float weightDropout;
        private float activationRegularization;
        private float temporalActivationRegularization;
        private float gradientClipNorm;
        private float adamBeta1;
        private float adamBeta2;
        private float adamEpsilon;
        private float weightDecay;
        private float peakLearningRate;
        private float warmupFraction;
        private int bptt;
        private boolean bpttJitter;
        private int batchSize;
        private int epochs;
        private long seed;
        private Duration maxDuration;
        private int maxStepsPerEpoch;
        private long memoryBudgetBytes;

        private Builder(LanguageModelConfig from) {
            embeddingSize = from.embeddingSize;
            hiddenSize = from.hiddenSize;
            layers = from.layers;
            tieWeights = from.tieWeights;
            embeddingDropout = from.embeddingDropout;
            inputDropout = from.inputDropout;
            hiddenDropout = from.hiddenDropout;
            outputDropout = from.outputDropout;
            weightDropout = from.weightDropout;
            activationRegularization = from.activationRegularization;
            temporalActivationRegularization = from.temporalActivationRegularization;
            gradientClipNorm = from.gradientClipNorm;
            adamBeta1 = from.adamBeta1;
            adamBeta2 = from.adamBeta2;
            adamEpsilon = from.adamEpsilon;
            weightDecay = from.weightDecay;
            peakLearningRate = from.peakLearningRate;
            warmupFraction = from.warmupFraction;
            bptt = from.bptt;
            bpttJitter = from.bpttJitter;
            batchSize = from.batchSize;
            epochs = from.epochs;
            seed = from.seed;
            maxDuration = from.maxDuration;
            maxStepsPerEpoch = from.maxStepsPerEpoch;
            memoryBudgetBytes = from.memoryBudgetBytes;
        }

        public Builder optEmbeddingSize(int embeddingSize) {
            this.embeddingSize = embeddingSize;
            return this;
        }

        public Builder optHiddenSize(int hiddenSize) {
            this.hiddenSize = hiddenSize;
            return this;
        }

        public Builder optLayers(int layers) {
            this.layers = layers;
            return this;
        }

        public Builder optTieWeights(boolean tieWeights) {
            this.tieWeights = tieWeights;
            return this;
        }

        public Builder optEmbeddingDropout(float embeddingDropout) {
            this.embeddingDropout = embeddingDropout;
            return this;
        }

        public Builder optInputDropout(float inputDropout) {
            this.inputDropout = inputDropout;
            return this;
        }

        public Builder optHiddenDropout(float hiddenDropout) {
            this.hiddenDropout = hiddenDropout;
            return this;
        }

        public Builder optOutputDropout(float outputDropout) {
            this.outputDropout = outputDropout;
            return this;
        }

        public Builder optWeightDropout(float weightDropout) {
            this.weightDropout = weightDropout;
            return this;
        }

        /** Switches off all five dropouts, for deterministic checks and benchmarks of the bare network. */
        public Builder optNoDropout() {
            embeddingDropout = 0;
            inputDropout = 0;
            hiddenDropout = 0;
            outputDropout = 0;
            weightDropout = 0;
            return this;
        }

        public Builder optActivationRegularization(float alpha) {
            this.activationRegularization = alpha;
            return this;
        }

        public Builder optTemporalActivationRegularization(float beta) {
            this.temporalActivationRegularization = beta;
            return this;
        }

        public Builder optGradientClipNorm(float gradientClipNorm) {
            this.gradientClipNorm = gradientClipNorm;
            return this;
        }

        public Builder optAdamBetas(float beta1, float beta2) {
            this.adamBeta1 = beta1;
            this.adamBeta2 = beta2;
            return this;
        }

        public Builder optAdamEpsilon(float adamEpsilon) {
            this.adamEpsilon = adamEpsilon;
            return this;
        }

        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public Builder optPeakLearningRate(float peakLearningRate) {
            this.peakLearningRate = peakLearningRate;
            return this;
        }

        public Builder optWarmupFraction(float warmupFraction) {
            this.warmupFraction = warmupFraction;
            return this;
        }

        public Builder optBptt(int bptt) {
            this.bptt = bptt;
            return this;
        }

        public Builder optBpttJitter(boolean bpttJitter) {
            this.bpttJitter = bpttJitter;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Stops training cleanly once this much wall-clock time has passed; null for no budget. */
        public Builder optMaxDuration(Duration maxDuration) {
            this.maxDuration = maxDuration;
            return this;
        }

        public Builder optMaxStepsPerEpoch(int maxStepsPerEpoch) {
            this.maxStepsPerEpoch = maxStepsPerEpoch;
            return this;
        }

        public Builder optMemoryBudgetBytes(long memoryBudgetBytes) {
            this.memoryBudgetBytes = memoryBudgetBytes;
            return this;
        }

        /**
         * Builds and checks the configuration.
         *
         * @throws IllegalArgumentException when a value is out of range; see {@link #validate(int)}
         */
        public LanguageModelConfig build() {
            return new LanguageModelConfig(embeddingSize, hiddenSize, layers, tieWeights,
                    embeddingDropout, inputDropout, hiddenDropout, outputDropout, weightDropout,
                    activationRegularization, temporalActivationRegularization, gradientClipNorm,
                    adamBeta1, adamBeta2, adamEpsilon, weightDecay, peakLearningRate, warmupFraction,
                    bptt, bpttJitter, batchSize, epochs, seed, maxDuration, maxStepsPerEpoch, memoryBudgetBytes)
                    .validate();
        }
    }
}
