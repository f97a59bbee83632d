package dev.clara.nn.classify;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.clara.nn.LanguageModelConfig;
import dev.clara.nn.json.ClaraJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hyper-parameters of a {@link SequenceClassifier} (critic or composer model) and of its
 * fine-tuning, after ULMFiT (Howard &amp; Ruder 2018, "Universal Language Model Fine-tuning for Text
 * Classification", arXiv:1801.06146).
 *
 * <p>The encoder has the generator's shape (see {@link LanguageModelConfig}: layers 1..L−1 are
 * {@code hiddenSize} wide, layer L is {@code embeddingSize} wide), so that it can start from a
 * generator's weights; {@link Builder#optEncoderOf(LanguageModelConfig)} copies that shape. Without
 * a generator the defaults are a smaller stack (embedding 200, 3 layers of 400) that scores a
 * 2,000-token sample well within a second on two CPU cores.
 *
 * <p>Where the other defaults come from: the encoder's dropouts (embedding 0.05, input 0.4, hidden
 * 0.3, weight 0.5) and the head's (0.4 before the first linear layer, 0.1 before the second, 50
 * hidden units) are fastai's {@code awd_lstm_clas_config} and {@code text_classifier_learner}
 * defaults, which ULMFiT's classifiers use. Training follows ULMFiT §3.2–3.3 in a simplified form:
 * {@code frozenEpochs} epochs train the head alone at {@code frozenLearningRate} (2e-2, as in
 * fastai's examples), then every layer trains at {@code peakLearningRate}, divided by
 * {@code discriminativeFactor} (2.6, ULMFiT's η^{l−1} = η^l / 2.6) for each layer group below the
 * head; each phase runs its own one-cycle schedule. ULMFiT unfreezes one layer group per epoch;
 * Clara's excerpts are short and the models small, so one unfreezing step is enough. Adam's
 * betas, the clip norm and the weight decay are the generator's.
 *
 * @param embeddingSize width of the token embedding and of the last LSTM layer
 * @param hiddenSize width of every LSTM layer but the last
 * @param layers number of stacked LSTM layers
 * @param headHiddenSize units of the head's hidden layer; 0 for a single linear layer
 * @param embeddingDropout probability of dropping a whole token's embedding row
 * @param inputDropout locked dropout on the embedded input
 * @param hiddenDropout locked dropout between LSTM layers
 * @param weightDropout DropConnect on the hidden-to-hidden weights
 * @param headDropout dropout on the pooled features, before the first linear layer
 * @param headHiddenDropout dropout on the head's hidden layer, before the output layer
 * @param gradientClipNorm the largest global L2 norm of the gradient; 0 disables clipping
 * @param adamBeta1 Adam's first-moment decay
 * @param adamBeta2 Adam's second-moment decay
 * @param adamEpsilon Adam's denominator guard
 * @param weightDecay L2 weight decay added to the gradient
 * @param frozenLearningRate the one-cycle peak while only the head trains
 * @param peakLearningRate the one-cycle peak of the head once everything trains (of every layer without a
 *     pre-trained encoder)
 * @param discriminativeFactor with a pre-trained encoder, each layer group below the head learns this many times slower
 *     than the one above; 1 for one rate
 * @param warmupFraction the share of each phase's steps spent rising to the peak
 * @param bptt the excerpt length in tokens: training excerpts are at most this long, and the scorer reads windows of it
 * @param batchSize excerpts per step
 * @param epochs passes over the training excerpts, frozen ones included
 * @param frozenEpochs the first epochs, during which a pre-trained encoder stays frozen (ignored without one)
 * @param weightClasses whether the loss weights each class by N / (classes · n_c), against imbalance
 * @param seed seeds the initial weights, the dropout masks and the shuffles
 * @param maxDuration a wall-clock budget after which training stops cleanly; null for none
 * @param maxStepsPerEpoch caps the steps of an epoch, for demonstrations; 0 for no cap
 */
public record ClassifierConfig(
        int embeddingSize,
        int hiddenSize,
        int layers,
        int headHiddenSize,
        float embeddingDropout,
        float inputDropout,
        float hiddenDropout,
        float weightDropout,
        float headDropout,
        float headHiddenDropout,
        float gradientClipNorm,
        float adamBeta1,
        float adamBeta2,
        float adamEpsilon,
        float weightDecay,
        float frozenLearningRate,
        float peakLearningRate,
        float discriminativeFactor,
        float warmupFraction,
        int bptt,
        int batchSize,
        int epochs,
        int frozenEpochs,
        boolean weightClasses,
        long seed,
        Duration maxDuration,
        int maxStepsPerEpoch) {

    /** The defaults described in the class comment. */
    public static ClassifierConfig defaults() {
        return new ClassifierConfig(200, 400, 3, 50,
                0.05f, 0.4f, 0.3f, 0.5f, 0.4f, 0.1f,
                0.3f, 0.7f, 0.99f, 1e-8f, 1e-6f,
                2e-2f, 3e-3f, 2.6f, 0.25f,
                200, 32, 4, 1, false, 42L, null, 0);
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The width of LSTM layer {@code layer}: the last one is as wide as the embedding, as in the generator. */
    public int layerSize(int layer) {
        return layer == layers - 1 ? embeddingSize : hiddenSize;
    }

    /** The width of LSTM layer {@code layer}'s input. */
    public int layerInputSize(int layer) {
        return layer == 0 ? embeddingSize : hiddenSize;
    }

    /** The width of the concat-pooled features the head reads: last, max and mean of the top layer. */
    public int pooledSize() {
        return 3 * embeddingSize;
    }

    /** Whether the encoder has the same shape as a generator's, so that its weights can be copied. */
    public boolean encoderMatches(LanguageModelConfig generator) {
        return generator.embeddingSize() == embeddingSize && generator.hiddenSize() == hiddenSize
                && generator.layers() == layers;
    }

    /** The number of trainable scalars (batch-norm running statistics excluded). */
    public long parameterCount(int vocabularySize, int classes) {
        long count = (long) vocabularySize * embeddingSize;
        for (int layer = 0; layer < layers; layer++) {
            long hidden = layerSize(layer);
            count += 4 * hidden * (layerInputSize(layer) + hidden) + 8 * hidden;
        }
        long pooled = pooledSize();
        if (headHiddenSize > 0) {
            count += 2 * pooled + pooled * headHiddenSize + headHiddenSize;
            count += 2L * headHiddenSize + (long) headHiddenSize * classes + classes;
        } else {
            count += 2 * pooled + pooled * classes + classes;
        }
        return count;
    }

    /**
     * Rejects nonsense with every reason at once.
     *
     * @return this configuration
     * @throws IllegalArgumentException naming each bad value
     */
    public ClassifierConfig validate() {
        List<String> problems = new ArrayList<>();
        atLeast(problems, "embeddingSize", embeddingSize, 1);
        atLeast(problems, "hiddenSize", hiddenSize, 1);
        atLeast(problems, "layers", layers, 1);
        atLeast(problems, "headHiddenSize (0 for a single linear layer)", headHiddenSize, 0);
        probability(problems, "embeddingDropout", embeddingDropout);
        probability(problems, "inputDropout", inputDropout);
        probability(problems, "hiddenDropout", hiddenDropout);
        probability(problems, "weightDropout", weightDropout);
        probability(problems, "headDropout", headDropout);
        probability(problems, "headHiddenDropout", headHiddenDropout);
        nonNegative(problems, "gradientClipNorm (0 disables clipping)", gradientClipNorm);
        probability(problems, "adamBeta1", adamBeta1);
        probability(problems, "adamBeta2", adamBeta2);
        positive(problems, "adamEpsilon", adamEpsilon);
        nonNegative(problems, "weightDecay", weightDecay);
        positive(problems, "frozenLearningRate", frozenLearningRate);
        positive(problems, "peakLearningRate", peakLearningRate);
        if (!(discriminativeFactor >= 1) || !Float.isFinite(discriminativeFactor)) {
            problems.add("discriminativeFactor must be at least 1 (1 gives every layer the same rate), was "
                    + discriminativeFactor);
        }
        probability(problems, "warmupFraction", warmupFraction);
        atLeast(problems, "bptt", bptt, 1);
        atLeast(problems, "batchSize", batchSize, 2);
        atLeast(problems, "epochs", epochs, 1);
        atLeast(problems, "frozenEpochs", frozenEpochs, 0);
        if (frozenEpochs > epochs) {
            problems.add("frozenEpochs (" + frozenEpochs + ") must not exceed epochs (" + epochs + ")");
        }
        atLeast(problems, "maxStepsPerEpoch (0 for no cap)", maxStepsPerEpoch, 0);
        if (maxDuration != null && (maxDuration.isNegative() || maxDuration.isZero())) {
            problems.add("maxDuration must be positive or absent, was " + maxDuration);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid classifier configuration: " + String.join("; ", problems));
        }
        return this;
    }

    /** This configuration as the JSON stored next to a model. */
    public String toJson() {
        return ClaraJson.GSON.toJson(this);
    }

    /** Reads a configuration written by {@link #toJson()}; fields the file lacks take the defaults. */
    public static ClassifierConfig fromJson(String json) {
        JsonObject merged = ClaraJson.GSON.toJsonTree(defaults()).getAsJsonObject();
        JsonElement parsed = JsonParser.parseString(json);
        if (!parsed.isJsonObject()) {
            throw new IllegalArgumentException("a classifier configuration must be a JSON object");
        }
        for (Map.Entry<String, JsonElement> entry : parsed.getAsJsonObject().entrySet()) {
            merged.add(entry.getKey(), entry.getValue());
        }
        return ClaraJson.GSON.fromJson(merged, ClassifierConfig.class);
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

    private static void positive(List<String> problems, String name, float value) {
        if (!(value > 0) || !Float.isFinite(value)) {
            problems.add(name + " must be positive and finite, was " + value);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ClassifierConfig(embedding %d, %d layers of %d, head %d, bptt %d, batch %d, "
                + "%d epochs (%d frozen))", embeddingSize, layers, hiddenSize, headHiddenSize, bptt, batchSize, epochs,
                frozenEpochs);
    }

    /** Builds a {@link ClassifierConfig}; every value is optional and starts at the defaults. */
    public static final class Builder {

        private int embeddingSize;
        private int hiddenSize;
        private int layers;
        private int headHiddenSize;
        private float embeddingDropout;
        private float inputDropout;
        private float hiddenDropout;
        private float weightDropout;
        private float headDropout;
        private float headHiddenDropout;
        private float gradientClipNorm;
        private float adamBeta1;
        private float adamBeta2;
        private float adamEpsilon;
        private float weightDecay;
        private float frozenLearningRate;
        private float peakLearningRate;
        private float discriminativeFactor;
        private float warmupFraction;
        private int bptt;
        private int batchSize;
        private int epochs;
        private int frozenEpochs;
        private boolean weightClasses;
        private long seed;
        private Duration maxDuration;
        private int maxStepsPerEpoch;

        private Builder(ClassifierConfig from) {
            embeddingSize = from.embeddingSize;
            hiddenSize = from.hiddenSize;
            layers = from.layers;
            headHiddenSize = from.headHiddenSize;
            embeddingDropout = from.embeddingDropout;
            inputDropout = from.inputDropout;
            hiddenDropout = from.hiddenDropout;
            weightDropout = from.weightDropout;
            headDropout = from.headDropout;
            headHiddenDropout = from.headHiddenDropout;
            gradientClipNorm = from.gradientClipNorm;
            adamBeta1 = from.adamBeta1;
            adamBeta2 = from.adamBeta2;
            adamEpsilon = from.adamEpsilon;
            weightDecay = from.weightDecay;
            frozenLearningRate = from.frozenLearningRate;
            peakLearningRate = from.peakLearningRate;
            discriminativeFactor = from.discriminativeFactor;
            warmupFraction = from.warmupFraction;
            bptt = from.bptt;
            batchSize = from.batchSize;
            epochs = from.epochs;
            frozenEpochs = from.frozenEpochs;
            weightClasses = from.weightClasses;
            seed = from.seed;
            maxDuration = from.maxDuration;
            maxStepsPerEpoch = from.maxStepsPerEpoch;
        }

        /** Takes the encoder's shape (embedding, hidden size, layers) from a generator, so that its weights fit. */
        public Builder optEncoderOf(LanguageModelConfig generator) {
            embeddingSize = generator.embeddingSize();
            hiddenSize = generator.hiddenSize();
            layers = generator.layers();
            return this;
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

        /** Units of the head's hidden layer; 0 makes the head a single batch-norm, dropout, linear block. */
        public Builder optHeadHiddenSize(int headHiddenSize) {
            this.headHiddenSize = headHiddenSize;
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

        public Builder optWeightDropout(float weightDropout) {
            this.weightDropout = weightDropout;
            return this;
        }

        public Builder optHeadDropout(float headDropout) {
            this.headDropout = headDropout;
            return this;
        }

        public Builder optHeadHiddenDropout(float headHiddenDropout) {
            this.headHiddenDropout = headHiddenDropout;
            return this;
        }

        /** Switches off all six dropouts, for deterministic checks. */
        public Builder optNoDropout() {
            embeddingDropout = 0;
            inputDropout = 0;
            hiddenDropout = 0;
            weightDropout = 0;
            headDropout = 0;
            headHiddenDropout = 0;
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

        public Builder optFrozenLearningRate(float frozenLearningRate) {
            this.frozenLearningRate = frozenLearningRate;
            return this;
        }

        public Builder optPeakLearningRate(float peakLearningRate) {
            this.peakLearningRate = peakLearningRate;
            return this;
        }

        public Builder optDiscriminativeFactor(float discriminativeFactor) {
            this.discriminativeFactor = discriminativeFactor;
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

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optFrozenEpochs(int frozenEpochs) {
            this.frozenEpochs = frozenEpochs;
            return this;
        }

        public Builder optWeightClasses(boolean weightClasses) {
            this.weightClasses = weightClasses;
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

        /**
         * Builds and checks the configuration.
         *
         * @throws IllegalArgumentException when a value is out of range; see {@link #validate()}
         */
        public ClassifierConfig build() {
            return new ClassifierConfig(embeddingSize, hiddenSize, layers, headHiddenSize,
                    embeddingDropout, inputDropout, hiddenDropout, weightDropout, headDropout, headHiddenDropout,
                    gradientClipNorm, adamBeta1, adamBeta2, adamEpsilon, weightDecay,
                    frozenLearningRate, peakLearningRate, discriminativeFactor, warmupFraction,
                    bptt, batchSize, epochs, frozenEpochs, weightClasses, seed, maxDuration, maxStepsPerEpoch)
                    .validate();
        }
    }
}
