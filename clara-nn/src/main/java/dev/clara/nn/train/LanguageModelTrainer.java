package dev.clara.nn.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.clara.nn.LanguageModelConfig;
import dev.clara.nn.data.AugmentedCorpus;
import dev.clara.nn.data.TokenAugmenter;
import dev.clara.nn.data.TokenStreamBatcher;
import dev.clara.nn.data.TokenStreams;
import dev.clara.nn.data.TokenWindow;
import dev.clara.nn.data.Vocabulary;
import dev.clara.nn.json.ClaraJson;
import dev.clara.nn.model.AwdLstmLanguageModel;
import dev.clara.nn.model.LanguageModelOutput;
import dev.clara.nn.model.RecurrentState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an {@link AwdLstmLanguageModel} on a corpus of pieces, fastai-style.
 *
 * <p>Each epoch shows every training piece in all twelve keys (with a {@link TokenAugmenter}) in a
 * shuffled order, laid out as {@code batchSize} streams read in (optionally jittered) windows of
 * about {@code bptt} tokens, carrying the detached recurrent state from window to window. A step
 * minimises cross-entropy + α·AR + β·TAR with Adam under a one-cycle learning rate, after clipping
 * the gradient to a global L2 norm. After every epoch the model is scored on the validation
 * pieces; the best weights by validation loss are kept (in memory, and on disk with a checkpoint
 * directory), and a resumable checkpoint is written.
 *
 * <p>A run stops cleanly after the step in progress when {@link #cancel()} is called (writing a
 * checkpoint, without validating) or when the configured time budget runs out (validating first).
 * With a seed the run is deterministic on the CPU: the engine's generator is reseeded at every
 * epoch, and shuffles and jitter draw from per-epoch Java generators.
 *
 * <p>PyTorch's DJL binding allows one gradient collector per process at a time, so one process
 * trains one model at a time.
 */
public final class LanguageModelTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(LanguageModelTrainer.class);
    private static final String ENGINE = "PyTorch";

    private final LanguageModelConfig config;
    private final Vocabulary vocabulary;
    private final AugmentedCorpus corpus;
    private final List<int[]> validationPieces;
    private final Device device;
    private final TrainingListener listener;
    private final Path checkpointDirectory;
    private final boolean resume;
    private volatile boolean cancelled;

    private LanguageModelTrainer(Builder builder) {
        this.config = builder.config;
        this.vocabulary = builder.vocabulary;
        this.corpus = new AugmentedCorpus(builder.trainingPieces, builder.vocabulary, builder.augmenter);
        this.validationPieces = List.copyOf(builder.validationPieces);
        this.device = builder.device;
        this.listener = builder.listener;
        this.checkpointDirectory = builder.checkpointDirectory;
        this.resume = builder.resume;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Asks the run to stop after the step in progress; safe from any thread, the listener included. */
    public void cancel() {
        cancelled = true;
    }

    public LanguageModelConfig config() {
        return config;
    }

    /** The batcher an epoch of this run uses. */
    TokenStreamBatcher batcher() {
        return TokenStreamBatcher.builder().setBatchSize(config.batchSize()).setBptt(config.bptt())
                .optLengthJitter(config.bpttJitter()).build();
    }

    /**
     * The steps planned for one epoch: its windows, drawn with the epoch's own jitter, over the
     * estimated corpus, within the per-epoch cap. Exact without augmentation; with it the corpus
     * size is an estimate, since transposition may drop notes.
     */
    public long plannedSteps(int epoch) {
        int streamLength = (int) Math.min(Integer.MAX_VALUE, corpus.estimatedTokensPerEpoch() / config.batchSize());
        long windows = batcher().windows(streamLength, jitterRandom(epoch)).size();
        return config.maxStepsPerEpoch() > 0 ? Math.min(windows, config.maxStepsPerEpoch()) : windows;
    }

    /** The steps planned for the whole run; the one-cycle schedule spans them. */
    public long plannedTotalSteps() {
        long total = 0;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            total += plannedSteps(epoch);
        }
        return Math.max(1, total);
    }

    /**
     * Runs the training to its end, its time budget or its cancellation.
     *
     * @return the trained model (best weights) and how the run went; the caller closes it
     * @throws UncheckedIOException when a checkpoint cannot be written or read
     */
    public TrainingResult train() {
        Engine engine = Engine.getEngine(ENGINE);
        engine.setRandomSeed(seedFor(-1));
        Model model = Model.newInstance("generator", device, ENGINE);
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

    /** Where the run stands; what a checkpoint saves, plus the best weights so far. */
    private static final class RunPosition {
        int epoch;
        int stepInEpoch;
        long globalStep;
        long tokensSeen;
        double bestLoss = Double.POSITIVE_INFINITY;
        byte[] bestParameters;
        ValidationMetrics bestMetrics;
    }

    /** This session's clock and counters, for throughput, ETA and the time budget. */
    private static final class SessionClock {
        final long started = System.nanoTime();
        long trainingNanos;
        long tokens;
        long steps;

        double tokensPerSecond() {
            return trainingNanos == 0 ? 0 : tokens * 1e9 / trainingNanos;
        }

        long elapsedNanos() {
            return System.nanoTime() - started;
        }
    }

    private TrainingResult train(Engine engine, Model model) throws IOException {
        NDManager modelManager = model.getNDManager();
        AwdLstmLanguageModel block = AwdLstmLanguageModel.builder()
                .setVocabularySize(vocabulary.size()).setConfig(config).build();
        model.setBlock(block);
        block.initialize(modelManager);
        AdamOptimizer optimizer = new AdamOptimizer(config.adamBeta1(), config.adamBeta2(), config.adamEpsilon(),
                config.weightDecay());
        LanguageModelLoss loss = new LanguageModelLoss(config.activationRegularization(),
                config.temporalActivationRegularization());
        LanguageModelEvaluator evaluator = new LanguageModelEvaluator(config.batchSize(), config.bptt());
        TokenStreamBatcher batcher = batcher();
        long totalSteps = plannedTotalSteps();
        OneCycleSchedule schedule = OneCycleSchedule.builder().setPeakLearningRate(config.peakLearningRate())
                .setTotalSteps(totalSteps).optWarmupFraction(config.warmupFraction()).build();
        RunPosition position = resume ? restore(block, optimizer, modelManager) : new RunPosition();

        LOG.info("training {} ({} parameters) on {}: {} epochs, {} steps, batch {}, bptt {}, {} training tokens{}",
                block, config.parameterCount(vocabulary.size()), device, config.epochs(), totalSteps,
                config.batchSize(), config.bptt(), corpus.estimatedTokensPerEpoch(),
                corpus.keysPerPiece() > 1 ? " in 12 keys" : "");

        SessionClock clock = new SessionClock();
        long sessionStartStep = position.globalStep;
        StopReason stopReason = StopReason.COMPLETED;
        List<ValidationMetrics> history = new ArrayList<>();
        int epochsCompleted = position.epoch;

        while (position.epoch < config.epochs()) {
            int epoch = position.epoch;
            engine.setRandomSeed(seedFor(epoch));
            TokenStreams streams = batcher.arrange(corpus.epoch(config.seed(), epoch));
            List<TokenWindow> windows = batcher.windows(streams.streamLength(), jitterRandom(epoch));
            if (config.maxStepsPerEpoch() > 0 && windows.size() > config.maxStepsPerEpoch()) {
                windows = windows.subList(0, config.maxStepsPerEpoch());
            }
            int firstWindow = Math.min(position.stepInEpoch, windows.size());
            double epochLoss = 0;
            try (NDManager epochManager = modelManager.newSubManager()) {
                RecurrentState state = block.zeroState(epochManager, config.batchSize());
                for (TokenWindow window : windows.subList(firstWindow, windows.size())) {
                    if (cancelled) {
                        stopReason = StopReason.CANCELLED;
                        break;
                    }
                    if (budgetSpent(clock)) {
                        stopReason = StopReason.TIME_BUDGET;
                        break;
                    }
                    long stepStart = System.nanoTime();
                    float learningRate = schedule.learningRate(position.globalStep);
                    float stepLoss;
                    try (NDManager stepManager = epochManager.newSubManager()) {
                        StepOutcome outcome = trainStep(engine, block, optimizer, loss, streams, window, state,
                                learningRate, stepManager, epochManager);
                        state.close();
                        state = outcome.state();
                        stepLoss = outcome.loss();
                    }
                    if (!Float.isFinite(stepLoss)) {
                        throw new IllegalStateException("the training loss diverged to " + stepLoss + " at step "
                                + position.globalStep + "; lower the learning rate or the clip norm");
                    }
                    clock.trainingNanos += System.nanoTime() - stepStart;
                    clock.steps++;
                    clock.tokens += streams.tokens(window);
                    position.globalStep++;
                    position.stepInEpoch++;
                    position.tokensSeen += streams.tokens(window);
                    epochLoss += stepLoss;
                    listener.onProgress(new TrainingProgress(epoch, config.epochs(), position.globalStep, totalSteps,
                            stepLoss, learningRate, clock.tokensPerSecond(), eta(clock, position.globalStep, totalSteps),
                            null));
                }
                state.close();
            }
            int trained = position.stepInEpoch - firstWindow;
            if (stopReason == StopReason.CANCELLED) {
                saveCheckpoint(position, block, optimizer);
                break;
            }
            // A budget that runs out right at an epoch's start changed nothing since the last validation.
            boolean unchanged = stopReason == StopReason.TIME_BUDGET && trained == 0 && !history.isEmpty();
            if (!validationPieces.isEmpty() && !unchanged) {
                ValidationMetrics metrics = evaluator.evaluate(block, modelManager, validationPieces);
                history.add(metrics);
                keepIfBest(position, metrics, block);
                double meanLoss = trained == 0 ? Double.NaN : epochLoss / trained;
                LOG.info("epoch {}: training loss {} over {} steps, validation loss {}, perplexity {}, accuracy {}, "
                        + "{} tokens/s", epoch, fmt(meanLoss), trained, fmt(metrics.loss()), fmt(metrics.perplexity()),
                        fmt(metrics.accuracy()), fmt(clock.tokensPerSecond()));
                listener.onProgress(new TrainingProgress(epoch, config.epochs(), position.globalStep, totalSteps,
                        meanLoss, schedule.learningRate(Math.max(0, position.globalStep - 1)), clock.tokensPerSecond(),
                        eta(clock, position.globalStep, totalSteps), metrics));
            }
            if (stopReason == StopReason.TIME_BUDGET) {
                saveCheckpoint(position, block, optimizer);
                break;
            }
            position.epoch++;
            position.stepInEpoch = 0;
            epochsCompleted = position.epoch;
            saveCheckpoint(position, block, optimizer);
        }
        optimizer.close();

        if (position.bestParameters != null) {
            TrainingCheckpoint.loadParameters(block,
                    new DataInputStream(new ByteArrayInputStream(position.bestParameters)), modelManager);
        }
        Duration elapsed = Duration.ofNanos(clock.elapsedNanos());
        LOG.info("training stopped ({}) after {} steps ({} this session) in {}: {} tokens/s on {}",
                stopReason, position.globalStep, position.globalStep - sessionStartStep, elapsed,
                fmt(clock.tokensPerSecond()), device);
        return new TrainingResult(model, block, stopReason, position.globalStep, epochsCompleted, position.bestMetrics,
                List.copyOf(history), clock.tokensPerSecond(), elapsed);
    }

    private record StepOutcome(float loss, RecurrentState state) {}

    /**
     * One step of truncated back-propagation: forward from the carried state, loss, backward,
     * clipping, update. Returns the cross-entropy and the new state, detached onto the epoch's
     * manager so that the step's manager can be closed.
     */
    private StepOutcome trainStep(Engine engine, AwdLstmLanguageModel block, AdamOptimizer optimizer,
            LanguageModelLoss loss, TokenStreams streams, TokenWindow window, RecurrentState state, float learningRate,
            NDManager stepManager, NDManager epochManager) {
        PairList<String, Parameter> parameters = block.getParameters();
        Shape shape = new Shape(streams.batchSize(), window.length());
        NDArray ids = stepManager.create(streams.inputIds(window), shape);
        NDArray targets = stepManager.create(streams.targetIds(window), shape);
        LanguageModelOutput output;
        LanguageModelLoss.Terms terms;
        try (GradientCollector collector = engine.newGradientCollector()) {
            output = block.forward(new ParameterStore(stepManager, false), ids, state, true);
            terms = loss.compute(output, targets);
            collector.backward(terms.total());
        }
        if (config.gradientClipNorm() > 0) {
            GradientClipping.clipByGlobalNorm(parameters, config.gradientClipNorm(), stepManager);
        }
        optimizer.step(parameters, learningRate);
        return new StepOutcome(terms.crossEntropy().getFloat(), output.state().detach(epochManager));
    }

    /** Loads the newest checkpoint and the best weights, if the checkpoint directory has them. */
    private RunPosition restore(AwdLstmLanguageModel block, AdamOptimizer optimizer, NDManager manager)
            throws IOException {
        RunPosition position = new RunPosition();
        Optional<Path> latest = TrainingCheckpoint.latest(checkpointDirectory);
        if (latest.isEmpty()) {
            LOG.info("no checkpoint in {} yet: starting a new run", checkpointDirectory);
            return position;
        }
        TrainingCheckpoint saved = TrainingCheckpoint.read(latest.get());
        checkCompatible(saved);
        TrainingCheckpoint.restore(latest.get(), block, optimizer, manager);
        position.epoch = saved.epoch();
        position.stepInEpoch = saved.stepInEpoch();
        position.globalStep = saved.globalStep();
        position.tokensSeen = saved.tokensSeen();
        if (saved.bestValidationLoss() != null) {
            position.bestLoss = saved.bestValidationLoss();
        }
        Optional<Path> best = TrainingCheckpoint.latestBest(checkpointDirectory);
        if (best.isPresent()) {
            position.bestParameters = Files.readAllBytes(best.get().resolve(TrainingCheckpoint.PARAMETERS_FILE));
            position.bestMetrics = ClaraJson.GSON.fromJson(
                    Files.readString(best.get().resolve(TrainingCheckpoint.METRICS_FILE)), ValidationMetrics.class);
        }
        LOG.info("resuming from {}: epoch {}, step {} of the epoch, step {} of the run",
                latest.get(), position.epoch, position.stepInEpoch, position.globalStep);
        return position;
    }

    private void keepIfBest(RunPosition position, ValidationMetrics metrics, AwdLstmLanguageModel block)
            throws IOException {
        if (metrics.loss() >= position.bestLoss) {
            return;
        }
        position.bestLoss = metrics.loss();
        position.bestMetrics = metrics;
        position.bestParameters = parameterBytes(block);
        if (checkpointDirectory != null) {
            TrainingCheckpoint.writeBest(checkpointDirectory, position.globalStep, position.bestParameters, metrics);
        }
    }

    private void checkCompatible(TrainingCheckpoint saved) {
        LanguageModelConfig old = saved.config();
        if (saved.vocabularySize() != vocabulary.size() || old.embeddingSize() != config.embeddingSize()
                || old.hiddenSize() != config.hiddenSize() || old.layers() != config.layers()
                || old.tieWeights() != config.tieWeights()) {
            throw new IllegalStateException("the checkpoint in " + checkpointDirectory + " is for another network ("
                    + "vocabulary " + saved.vocabularySize() + ", embedding " + old.embeddingSize() + ", "
                    + old.layers() + "×" + old.hiddenSize() + ") than this run's (vocabulary " + vocabulary.size()
                    + ", embedding " + config.embeddingSize() + ", " + config.layers() + "×" + config.hiddenSize() + ")");
        }
    }

    private void saveCheckpoint(RunPosition position, AwdLstmLanguageModel block, AdamOptimizer optimizer)
            throws IOException {
        if (checkpointDirectory == null) {
            return;
        }
        new TrainingCheckpoint(position.epoch, position.stepInEpoch, position.globalStep, position.tokensSeen,
                Double.isFinite(position.bestLoss) ? position.bestLoss : null, vocabulary.size(), config)
                .write(checkpointDirectory, block, optimizer);
    }

    private static byte[] parameterBytes(AwdLstmLanguageModel block) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        return bytes.toByteArray();
    }

    private boolean budgetSpent(SessionClock clock) {
        return config.maxDuration() != null && clock.elapsedNanos() >= config.maxDuration().toNanos();
    }

    private Duration eta(SessionClock clock, long globalStep, long totalSteps) {
        long elapsed = clock.elapsedNanos();
        long remaining = Math.max(0, totalSteps - globalStep);
        long estimate = clock.steps == 0 ? 0 : (long) ((double) elapsed / clock.steps * remaining);
        if (config.maxDuration() != null) {
            estimate = Math.min(estimate, Math.max(0, config.maxDuration().toNanos() - elapsed));
        }
        return Duration.ofNanos(estimate);
    }

    /** The generator of an epoch's window lengths; the planner and the epoch draw the same ones. */
    private Random jitterRandom(int epoch) {
        return new Random(seedFor(epoch) * 31L + 7);
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
     * Builds a {@link LanguageModelTrainer}; the configuration, the vocabulary and the training
     * pieces are required.
     */
    public static final class Builder {

        private LanguageModelConfig config;
        private Vocabulary vocabulary;
        private List<int[]> trainingPieces;
        private List<int[]> validationPieces = List.of();
        private TokenAugmenter augmenter;
        private Device device = Device.cpu();
        private TrainingListener listener = TrainingListener.none();
        private Path checkpointDirectory;
        private boolean resume;

        private Builder() {}

        public Builder setConfig(LanguageModelConfig config) {
            this.config = config;
            return this;
        }

        public Builder setVocabulary(Vocabulary vocabulary) {
            this.vocabulary = vocabulary;
            return this;
        }

        /** The training pieces as vocabulary ids, without {@code <bos>}. */
        public Builder setTrainingPieces(List<int[]> trainingPieces) {
            this.trainingPieces = trainingPieces;
            return this;
        }

        /** The held-out pieces scored after every epoch; without them the last weights are kept. */
        public Builder optValidationPieces(List<int[]> validationPieces) {
            this.validationPieces = Objects.requireNonNull(validationPieces, "validationPieces");
            return this;
        }

        /** Trains on every piece in all twelve keys. */
        public Builder optAugmenter(TokenAugmenter augmenter) {
            this.augmenter = augmenter;
            return this;
        }

        /** The device to train on; the CPU by default. See {@code DeviceSelector}. */
        public Builder optDevice(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        public Builder optListener(TrainingListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Where checkpoints and the best weights are written; none by default. */
        public Builder optCheckpointDirectory(Path checkpointDirectory) {
            this.checkpointDirectory = checkpointDirectory;
            return this;
        }

        /** Continues from the newest checkpoint in the checkpoint directory, when there is one. */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        public LanguageModelTrainer build() {
            if (config == null || vocabulary == null || trainingPieces == null) {
                throw new IllegalArgumentException("the configuration, the vocabulary and the training pieces are required");
            }
            config.validate(vocabulary.size());
            if (trainingPieces.isEmpty()) {
                throw new IllegalArgumentException("there are no training pieces");
            }
            checkIds("training", trainingPieces, vocabulary.size());
            checkIds("validation", validationPieces, vocabulary.size());
            if (resume && checkpointDirectory == null) {
                throw new IllegalArgumentException("resuming needs a checkpoint directory");
            }
            return new LanguageModelTrainer(this);
        }

        private static void checkIds(String what, List<int[]> pieces, int vocabularySize) {
            for (int p = 0; p < pieces.size(); p++) {
                for (int id : pieces.get(p)) {
                    if (id < 0 || id >= vocabularySize) {
                        throw new IllegalArgumentException(what + " piece " + p + " holds id " + id
                                + ", outside the vocabulary of " + vocabularySize);
                    }
                }
            }
        }
    }
}
