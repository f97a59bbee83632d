package dev.clara.nn.classify;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.clara.nn.data.Vocabulary;
import dev.clara.nn.model.AwdLstmLanguageModel;
import dev.clara.nn.store.ModelArtifact;
import dev.clara.nn.train.AdamOptimizer;
import dev.clara.nn.train.GradientClipping;
import dev.clara.nn.train.OneCycleSchedule;
import dev.clara.nn.train.StopReason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tunes a {@link SequenceClassifier} on labelled excerpts, after ULMFiT (Howard &amp; Ruder
 * 2018, arXiv:1801.06146, §3.2–3.3).
 *
 * <p>With a pre-trained encoder (a generator of the same vocabulary and shape), its embedding and
 * LSTM weights are copied into the classifier; for the first {@code frozenEpochs} epochs only the
 * head learns, under its own one-cycle schedule peaking at {@code frozenLearningRate}; then every
 * layer learns under a second one-cycle schedule peaking at {@code peakLearningRate} for the head,
 * each layer group below learning {@code discriminativeFactor} times slower than the one above it
 * (discriminative fine-tuning, {@code η^{l−1} = η^l / 2.6}). Without a pre-trained encoder every
 * layer learns from the start at one rate, {@code peakLearningRate}.
 *
 * <p>Each epoch shuffles the training excerpts into batches of {@code batchSize} (a lone last
 * excerpt joins the previous batch, because batch norm needs two); a step minimises the
 * cross-entropy (class-weighted when {@code weightClasses}) with Adam, after clipping the gradient
 * to a global L2 norm. Every layer group has its own Adam state, so a group's bias correction counts
 * only the steps it took part in. After every epoch the model is scored on the validation excerpts
 * and the best weights by accuracy (ties: lower loss) are kept.
 *
 * <p>A run stops cleanly after the step in progress when {@link #cancel()} is called (without
 * validating) or when the time budget runs out (validating first). With a seed the run is
 * deterministic on the CPU. PyTorch's DJL binding allows one gradient collector per process at a
 * time, so one process trains one model at a time.
 */
public final class ClassifierTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifierTrainer.class);
    private static final String ENGINE = "PyTorch";

    private final ClassifierConfig config;
    private final Vocabulary vocabulary;
    private final List<String> labels;
    private final List<Excerpt> trainingExcerpts;
    private final List<Excerpt> validationExcerpts;
    private final AwdLstmLanguageModel pretrainedEncoder;
    private final Device device;
    private final ClassifierTrainingListener listener;
    private volatile boolean cancelled;

    private ClassifierTrainer(Builder builder) {
        this.config = builder.config;
        this.vocabulary = builder.vocabulary;
        this.labels = List.copyOf(builder.labels);
        this.trainingExcerpts = List.copyOf(builder.trainingExcerpts);
        this.validationExcerpts = List.copyOf(builder.validationExcerpts);
        this.pretrainedEncoder = builder.pretrainedEncoder;
        this.device = builder.device;
        this.listener = builder.listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Asks the run to stop after the step in progress; safe from any thread, the listener included. */
    public void cancel() {
        cancelled = true;
    }

    public ClassifierConfig config() {
        return config;
    }

    public List<String> labels() {
        return labels;
    }

    /** Whether an epoch trains the head alone. */
    public boolean isFrozen(int epoch) {
        return pretrainedEncoder != null && epoch < config.frozenEpochs();
    }

    /** The steps of one epoch: batches of the training excerpts, within the per-epoch cap. */
    public long plannedStepsPerEpoch() {
        long batches = batchSizes(trainingExcerpts.size()).size();
        return config.maxStepsPerEpoch() > 0 ? Math.min(batches, config.maxStepsPerEpoch()) : batches;
    }

    /** The steps planned for the whole run. */
    public long plannedTotalSteps() {
        return plannedStepsPerEpoch() * config.epochs();
    }

    /**
     * Runs the training to its end, its time budget or its cancellation.
     *
     * @return the trained model (best weights) and how the run went; the caller closes it
     */
    public ClassifierTrainingResult train() {
        Engine engine = Engine.getEngine(ENGINE);
        engine.setRandomSeed(seedFor(-1));
        Model model = Model.newInstance("classifier", device, ENGINE);
        try {
            return train(engine, model);
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /** The best weights so far and their validation. */
    private static final class Best {
        int epoch = -1;
        ClassificationMetrics metrics;
        byte[] parameters;

        boolean isBeatenBy(ClassificationMetrics candidate) {
            if (metrics == null) {
                return true;
            }
            if (candidate.accuracy() != metrics.accuracy()) {
                return candidate.accuracy() > metrics.accuracy();
            }
            return candidate.loss() < metrics.loss();
        }
    }

    /** Running sums of an epoch's steps. */
    private static final class EpochTotals {
        int steps;
        double loss;
        long correct;
        long excerpts;
    }

    private ClassifierTrainingResult train(Engine engine, Model model) throws IOException {
        NDManager modelManager = model.getNDManager();
        SequenceClassifier block = SequenceClassifier.builder().setVocabularySize(vocabulary.size())
                .setClasses(labels.size()).setConfig(config).build();
        model.setBlock(block);
        block.initialize(modelManager);
        boolean pretrained = pretrainedEncoder != null;
        if (pretrained) {
            block.copyEncoderFrom(pretrainedEncoder);
        }
        List<PairList<String, Parameter>> groups = block.layerGroups();
        List<AdamOptimizer> optimizers = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            optimizers.add(new AdamOptimizer(config.adamBeta1(), config.adamBeta2(), config.adamEpsilon(),
                    config.weightDecay()));
        }
        float[] classWeights = config.weightClasses()
                ? ClassifierLoss.balancedWeights(ExcerptSampler.countLabels(trainingExcerpts, labels.size()))
                : null;
        long stepsPerEpoch = plannedStepsPerEpoch();
        int frozenEpochs = pretrained ? config.frozenEpochs() : 0;
        OneCycleSchedule frozenSchedule = frozenEpochs == 0 ? null : schedule(config.frozenLearningRate(),
                stepsPerEpoch * frozenEpochs);
        OneCycleSchedule mainSchedule = frozenEpochs == config.epochs() ? null : schedule(config.peakLearningRate(),
                stepsPerEpoch * (config.epochs() - frozenEpochs));
        long totalSteps = plannedTotalSteps();
        ClassifierEvaluator evaluator = new ClassifierEvaluator(config.batchSize());

        LOG.info("training {} ({} parameters) on {} for {}: {} epochs ({} frozen), {} steps, batch {}, "
                        + "{} training and {} validation excerpts{}", block,
                config.parameterCount(vocabulary.size(), labels.size()), device, labels, config.epochs(), frozenEpochs,
                totalSteps, config.batchSize(), trainingExcerpts.size(), validationExcerpts.size(),
                pretrained ? ", encoder from a generator" : "");

        long started = System.nanoTime();
        long trainingNanos = 0;
        long tokens = 0;
        long step = 0;
        int epochsCompleted = 0;
        StopReason stopReason = StopReason.COMPLETED;
        Best best = new Best();
        List<ClassificationMetrics> history = new ArrayList<>();

        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            boolean frozen = epoch < frozenEpochs;
            block.freezeEncoder(frozen);
            engine.setRandomSeed(seedFor(epoch));
            List<List<Excerpt>> batches = batches(epoch);
            EpochTotals totals = new EpochTotals();
            float learningRate = 0;
            for (List<Excerpt> batchExcerpts : batches) {
                if (cancelled) {
                    stopReason = StopReason.CANCELLED;
                    break;
                }
                if (budgetSpent(started)) {
                    stopReason = StopReason.TIME_BUDGET;
                    break;
                }
                long stepStart = System.nanoTime();
                long phaseStep = frozen ? step : step - frozenEpochs * stepsPerEpoch;
                learningRate = (frozen ? frozenSchedule : mainSchedule).learningRate(phaseStep);
                int[] batchLabels = batchExcerpts.stream().mapToInt(Excerpt::label).toArray();
                float loss;
                long correct;
                long batchTokens;
                try (NDManager stepManager = modelManager.newSubManager()) {
                    PaddedBatch batch = PaddedBatch.of(batchExcerpts.stream().map(Excerpt::ids).toList(), stepManager);
                    NDArray logits;
                    try (GradientCollector collector = engine.newGradientCollector()) {
                        logits = block.forward(new ParameterStore(stepManager, false), batch.ids(), batch.lengths(),
                                true);
                        NDArray lossArray = ClassifierLoss.crossEntropy(logits, batchLabels, classWeights);
                        collector.backward(lossArray);
                        loss = lossArray.getFloat();
                    }
                    if (config.gradientClipNorm() > 0) {
                        GradientClipping.clipByGlobalNorm(block.getParameters(), config.gradientClipNorm(), stepManager);
                    }
                    for (int g = frozen ? groups.size() - 1 : 0; g < groups.size(); g++) {
                        optimizers.get(g).step(groups.get(g), groupRate(learningRate, g, groups.size(), pretrained));
                    }
                    correct = countCorrect(logits.argMax(1).toLongArray(), batchLabels);
                    batchTokens = batch.tokens();
                }
                if (!Float.isFinite(loss)) {
                    throw new IllegalStateException("the training loss diverged to " + loss + " at step " + step
                            + "; lower the learning rate or the clip norm");
                }
                trainingNanos += System.nanoTime() - stepStart;
                tokens += batchTokens;
                step++;
                totals.steps++;
                totals.loss += loss;
                totals.correct += correct;
                totals.excerpts += batchExcerpts.size();
                listener.onProgress(new ClassifierTrainingProgress(epoch, config.epochs(), step, totalSteps, frozen, loss,
                        (double) correct / batchExcerpts.size(), learningRate, rate(tokens, trainingNanos),
                        eta(started, step, totalSteps), null));
            }
            if (stopReason == StopReason.CANCELLED) {
                break;
            }
            boolean unchanged = stopReason == StopReason.TIME_BUDGET && totals.steps == 0 && !history.isEmpty();
            if (!validationExcerpts.isEmpty() && !unchanged) {
                ClassificationMetrics metrics = evaluator.evaluate(block, modelManager, validationExcerpts, labels);
                history.add(metrics);
                if (best.isBeatenBy(metrics)) {
                    best.epoch = epoch;
                    best.metrics = metrics;
                    best.parameters = parameterBytes(block);
                }
                double meanLoss = totals.steps == 0 ? Double.NaN : totals.loss / totals.steps;
                double meanAccuracy = totals.excerpts == 0 ? Double.NaN : (double) totals.correct / totals.excerpts;
                LOG.info("epoch {}{}: training loss {}, accuracy {} over {} steps; validation {}; {} tokens/s", epoch,
                        frozen ? " (encoder frozen)" : "", fmt(meanLoss), fmt(meanAccuracy), totals.steps, metrics,
                        fmt(rate(tokens, trainingNanos)));
                listener.onProgress(new ClassifierTrainingProgress(epoch, config.epochs(), step, totalSteps, frozen,
                        meanLoss, meanAccuracy, learningRate, rate(tokens, trainingNanos), eta(started, step, totalSteps),
                        metrics));
            }
            if (stopReason == StopReason.TIME_BUDGET) {
                break;
            }
            epochsCompleted = epoch + 1;
        }
        optimizers.forEach(AdamOptimizer::close);
        if (best.parameters != null) {
            loadParameters(block, best.parameters, modelManager);
        }
        block.freezeEncoder(false);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("classifier training stopped ({}) after {} steps in {}: {} tokens/s on {}; kept epoch {} ({})",
                stopReason, step, elapsed, fmt(rate(tokens, trainingNanos)), device, best.epoch, best.metrics);
        return new ClassifierTrainingResult(model, block, labels, stopReason, step, epochsCompleted, best.epoch,
                best.metrics, List.copyOf(history), rate(tokens, trainingNanos), elapsed);
    }

    private OneCycleSchedule schedule(float peak, long steps) {
        return OneCycleSchedule.builder().setPeakLearningRate(peak).setTotalSteps(Math.max(1, steps))
                .optWarmupFraction(config.warmupFraction()).build();
    }

    /** The rate of layer group {@code g} of {@code count}: the head's rate, divided once per group below it. */
    private float groupRate(float headRate, int g, int count, boolean pretrained) {
        if (!pretrained) {
            return headRate;
        }
        return (float) (headRate / Math.pow(config.discriminativeFactor(), count - 1 - g));
    }

    /** An epoch's batches: the excerpts in a shuffled order, cut into batches, within the per-epoch cap. */
    private List<List<Excerpt>> batches(int epoch) {
        List<Excerpt> order = new ArrayList<>(trainingExcerpts);
        Collections.shuffle(order, new Random(seedFor(epoch) * 31L + 7));
        List<List<Excerpt>> batches = new ArrayList<>();
        int from = 0;
        for (int size : batchSizes(order.size())) {
            batches.add(order.subList(from, from + size));
            from += size;
        }
        if (config.maxStepsPerEpoch() > 0 && batches.size() > config.maxStepsPerEpoch()) {
            return batches.subList(0, config.maxStepsPerEpoch());
        }
        return batches;
    }

    /** Batch sizes for {@code n} excerpts: full batches, and a lone last excerpt joined to the batch before it. */
    private List<Integer> batchSizes(int n) {
        List<Integer> sizes = new ArrayList<>();
        int remaining = n;
        while (remaining > 0) {
            int size = Math.min(config.batchSize(), remaining);
            if (remaining - size == 1) {
                size++;
            }
            sizes.add(size);
            remaining -= size;
        }
        return sizes;
    }

    private static long countCorrect(long[] predicted, int[] truth) {
        long correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] == truth[i]) {
                correct++;
            }
        }
        return correct;
    }

    private static byte[] parameterBytes(SequenceClassifier block) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        return bytes.toByteArray();
    }

    /**
     * Loads saved weights into the block: DJL's loader replaces the arrays without closing the old
     * ones or keeping the gradient flag, so both are done here.
     */
    private static void loadParameters(SequenceClassifier block, byte[] bytes, NDManager manager) throws IOException {
        List<Parameter> parameters = block.getParameters().values();
        List<NDArray> previous = parameters.stream().map(p -> p.isInitialized() ? p.getArray() : null).toList();
        try {
            block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (MalformedModelException e) {
            throw new IOException("unreadable parameters: " + e.getMessage(), e);
        }
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            if (previous.get(i) != null && previous.get(i) != parameter.getArray()) {
                previous.get(i).close();
            }
            if (parameter.requiresGradient()) {
                parameter.getArray().setRequiresGradient(true);
            }
        }
    }

    private boolean budgetSpent(long started) {
        return config.maxDuration() != null && System.nanoTime() - started >= config.maxDuration().toNanos();
    }

    private Duration eta(long started, long step, long totalSteps) {
        long elapsed = System.nanoTime() - started;
        long remaining = Math.max(0, totalSteps - step);
        long estimate = step == 0 ? 0 : (long) ((double) elapsed / step * remaining);
        if (config.maxDuration() != null) {
            estimate = Math.min(estimate, Math.max(0, config.maxDuration().toNanos() - elapsed));
        }
        return Duration.ofNanos(estimate);
    }

    private static double rate(long tokens, long nanos) {
        return nanos == 0 ? 0 : tokens * 1e9 / nanos;
    }

    /** The engine's seed for an epoch (−1 for the initial weights). */
    private int seedFor(int epoch) {
        long z = config.seed() * 0x9E3779B97F4A7C15L + epoch + 1;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z ^= z >>> 33;
        return (int) (z & 0x7FFFFFFF);
    }

    private static String fmt(double value) {
        return String.format(java.util.Locale.ROOT, "%.4g", value);
    }

    /**
     * Builds a {@link ClassifierTrainer}; the configuration, the vocabulary, the labels and the
     * training excerpts are required.
     */
    public static final class Builder {

        private ClassifierConfig config;
        private Vocabulary vocabulary;
        private List<String> labels;
        private List<Excerpt> trainingExcerpts;
        private List<Excerpt> validationExcerpts = List.of();
        private AwdLstmLanguageModel pretrainedEncoder;
        private Vocabulary pretrainedVocabulary;
        private Device device = Device.cpu();
        private ClassifierTrainingListener listener = ClassifierTrainingListener.none();

        private Builder() {}

        public Builder setConfig(ClassifierConfig config) {
            this.config = config;
            return this;
        }

        public Builder setVocabulary(Vocabulary vocabulary) {
            this.vocabulary = vocabulary;
            return this;
        }

        /** The class names in output order, e.g. {@code machine, human} for the critic. */
        public Builder setLabels(List<String> labels) {
            this.labels = labels;
            return this;
        }

        /** The training excerpts, at most {@code bptt} tokens each; see {@link ExcerptSampler}. */
        public Builder setTrainingExcerpts(List<Excerpt> trainingExcerpts) {
            this.trainingExcerpts = trainingExcerpts;
            return this;
        }

        /** The held-out excerpts scored after every epoch; without them the last weights are kept. */
        public Builder optValidationExcerpts(List<Excerpt> validationExcerpts) {
            this.validationExcerpts = Objects.requireNonNull(validationExcerpts, "validationExcerpts");
            return this;
        }

        /**
         * Starts the encoder from a generator's weights (ULMFiT); the generator must read the same
         * vocabulary and have the configuration's encoder shape
         * ({@link ClassifierConfig.Builder#optEncoderOf}).
         */
        public Builder optPretrainedEncoder(AwdLstmLanguageModel generator, Vocabulary generatorVocabulary) {
            this.pretrainedEncoder = Objects.requireNonNull(generator, "generator");
            this.pretrainedVocabulary = Objects.requireNonNull(generatorVocabulary, "generatorVocabulary");
            return this;
        }

        /** Starts the encoder from a stored generator version. */
        public Builder optPretrainedEncoder(ModelArtifact generator) {
            return optPretrainedEncoder(generator.block(), generator.vocabulary());
        }

        /** The device to train on; the CPU by default. */
        public Builder optDevice(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        public Builder optListener(ClassifierTrainingListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public ClassifierTrainer build() {
            if (config == null || vocabulary == null || labels == null || trainingExcerpts == null) {
                throw new IllegalArgumentException(
                        "the configuration, the vocabulary, the labels and the training excerpts are required");
            }
            config.validate();
            ClassLabels.check(labels);
            if (trainingExcerpts.size() < 2) {
                throw new IllegalArgumentException("training needs at least two excerpts (batch norm needs two per "
                        + "batch), got " + trainingExcerpts.size());
            }
            checkExcerpts("training", trainingExcerpts);
            checkExcerpts("validation", validationExcerpts);
            if (pretrainedEncoder != null) {
                if (!pretrainedVocabulary.equals(vocabulary)) {
                    throw new IllegalArgumentException("the generator reads another vocabulary (" + pretrainedVocabulary.size()
                            + " tokens) than the classifier (" + vocabulary.size() + " tokens): its encoder cannot be reused");
                }
                if (!config.encoderMatches(pretrainedEncoder.config())) {
                    throw new IllegalArgumentException("the generator's encoder is embedding "
                            + pretrainedEncoder.config().embeddingSize() + ", " + pretrainedEncoder.config().layers() + "×"
                            + pretrainedEncoder.config().hiddenSize() + " but the classifier's is embedding "
                            + config.embeddingSize() + ", " + config.layers() + "×" + config.hiddenSize()
                            + ": build the configuration with optEncoderOf(generator config)");
                }
            }
            return new ClassifierTrainer(this);
        }

        private void checkExcerpts(String what, List<Excerpt> excerpts) {
            for (int e = 0; e < excerpts.size(); e++) {
                Excerpt excerpt = excerpts.get(e);
                if (excerpt.label() >= labels.size()) {
                    throw new IllegalArgumentException(what + " excerpt " + e + " has class " + excerpt.label()
                            + ", outside the " + labels.size() + " labels " + labels);
                }
                if (excerpt.length() > config.bptt()) {
                    throw new IllegalArgumentException(what + " excerpt " + e + " has " + excerpt.length()
                            + " tokens, more than bptt " + config.bptt() + "; cut pieces with ExcerptSampler");
                }
                for (int id : excerpt.ids()) {
                    if (id < 0 || id >= vocabulary.size()) {
                        throw new IllegalArgumentException(what + " excerpt " + e + " holds id " + id
                                + ", outside the vocabulary of " + vocabulary.size());
                    }
                }
            }
        }
    }
}
