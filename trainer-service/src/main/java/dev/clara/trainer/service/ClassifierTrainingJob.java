package dev.clara.trainer.service;

import ai.djl.Device;
import dev.clara.music.encoding.EncodingSpec;
import dev.clara.music.encoding.Transposer;
import dev.clara.nn.classify.ClassificationMetrics;
import dev.clara.nn.classify.ClassifierArtifact;
import dev.clara.nn.classify.ClassifierConfig;
import dev.clara.nn.classify.ClassifierTrainer;
import dev.clara.nn.classify.ClassifierTrainingResult;
import dev.clara.nn.classify.Excerpt;
import dev.clara.nn.classify.ExcerptSampler;
import dev.clara.nn.classify.IdTransposer;
import dev.clara.nn.classify.LabelledPiece;
import dev.clara.nn.data.Vocabulary;
import dev.clara.nn.device.DevicePolicy;
import dev.clara.nn.device.DeviceSelector;
import dev.clara.nn.store.ModelArtifact;
import dev.clara.nn.store.ModelKind;
import dev.clara.nn.train.StopReason;
import dev.clara.proto.v1.Hyperparameters;
import dev.clara.proto.v1.ModelVersion;
import dev.clara.service.CorpusPiece;
import dev.clara.service.TokenCorpusReader;
import dev.clara.trainer.config.TrainerConfig;
import dev.clara.trainer.mapping.ModelVersionMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the critic and the composer model share: a sequence classifier over excerpts of {@code bptt} tokens, split
 * by piece, all 12 keys, initialised from a generator's encoder when one exists (ULMFiT: head first, then all).
 * Subclasses say which pieces carry which label.
 */
abstract class ClassifierTrainingJob implements TrainingJob {
    private final TrainerConfig config;
    protected final ModelCatalog catalog;
    private final String bootstrapServers;

    ClassifierTrainingJob(TrainerConfig config, ModelCatalog catalog, String bootstrapServers) {
        this.config = config;
        this.catalog = catalog;
        this.bootstrapServers = bootstrapServers;
    }

    /** Labelled pieces for training and validation, and the label names in output order. */
    record Dataset(List<String> labels, List<LabelledPiece> training, List<LabelledPiece> validation, String summary) {
    }

    /** Builds the dataset from the corpus (and, for the critic, the generator's own samples). */
    abstract Dataset dataset(RunContext context, List<CorpusPiece> corpus, Vocabulary vocabulary,
                             Optional<ModelArtifact> generator, ClassifierConfig classifier) throws Exception;

    @Override
    public ModelVersion run(RunContext context) throws Exception {
        TrainingPlan plan = context.plan();
        Optional<ModelArtifact> generator = baseGenerator(plan);
        try {
            EncodingSpec encoding = generator.map(g -> EncodingSpec.parse(g.version().encodingId())).orElse(plan.encoding());
            context.status("reading the corpus of " + encoding.id() + " from clara.tokens");
            List<CorpusPiece> read = new TokenCorpusReader(bootstrapServers)
                    .read(encoding.id(), plan.composers(), config.corpusReadTimeout(), context::cancelled);
            if (context.cancelled()) {
                return null;
            }
            if (read.isEmpty()) {
                throw new RefusedRequestException("EMPTY_CORPUS", "clara.tokens holds no piece in " + encoding.id()
                        + "; submit MIDI first (./clara submit DIR)");
            }
            List<CorpusPiece> corpus = plan.maxPieces() > 0 && read.size() > plan.maxPieces()
                    ? CorpusSelection.of(read, plan.maxPieces()).training() : read;
            Vocabulary vocabulary = generator.map(ModelArtifact::vocabulary)
                    .orElseGet(() -> Vocabulary.build(corpus.stream().filter(p -> !p.test()).map(CorpusPiece::tokens).toList()));
            ClassifierConfig classifier = classifierConfig(plan.request().getHyperparameters(), generator);
            Dataset data = dataset(context, corpus, vocabulary, generator, classifier);
            if (context.cancelled()) {
                return null;
            }
            IdTransposer transposer = plan.augment() ? IdTransposer.of((tokens, k) -> Transposer.transpose(tokens, k, encoding), vocabulary) : null;
            ExcerptSampler.Builder sampler = ExcerptSampler.builder().setExcerptLength(classifier.bptt())
                    .optMaxExcerptsPerPiece(8).optOversample(true).optSeed(classifier.seed());
            if (transposer != null) {
                sampler.optTransposer(transposer);
            }
            List<Excerpt> training = sampler.build().sample(data.training());
            List<Excerpt> validation = ExcerptSampler.builder().setExcerptLength(classifier.bptt()).optMaxExcerptsPerPiece(8)
                    .optSeed(classifier.seed() + 1).build().sample(data.validation());
            if (training.isEmpty() || validation.isEmpty()) {
                throw new RefusedRequestException("EMPTY_CORPUS", "not enough music to train the " + kind().wireName()
                        + ": " + training.size() + " training and " + validation.size() + " validation excerpts (" + data.summary() + ")");
            }
            Device device = DeviceSelector.forPyTorch().select(DevicePolicy.parse(config.device()));
            context.device(device.toString());
            context.status(String.format(Locale.ROOT, "training the %s on %s: %s; %d training and %d validation excerpts%s",
                    kind().wireName(), device, data.summary(), training.size(), validation.size(),
                    generator.map(g -> ", encoder from " + g.version().versionId()).orElse("")));
            ClassifierTrainer.Builder builder = ClassifierTrainer.builder().setConfig(classifier).setVocabulary(vocabulary)
                    .setLabels(data.labels()).setTrainingExcerpts(training).optValidationExcerpts(validation)
                    .optDevice(device);
            generator.ifPresent(builder::optPretrainedEncoder);
            builder.optListener(progress -> context.step(progress.epoch(), progress.epochs(), progress.step(),
                    progress.totalSteps(), progress.loss(), progress.tokensPerSecond(), progress.eta(),
                    validationOf(progress.validation())));
            ClassifierTrainer trainer = builder.build();
            context.onCancel(trainer::cancel);
            try (ClassifierTrainingResult result = trainer.train()) {
                if (result.stopReason() == StopReason.CANCELLED) {
                    return null;
                }
                dev.clara.nn.store.ModelVersion version = dev.clara.nn.store.ModelVersion.create(kind(), encoding.id(),
                        generator.map(g -> g.version().versionId()).orElse(null));
                Map<String, Double> metrics = new LinkedHashMap<>(result.metrics());
                metrics.put("training_excerpts", (double) training.size());
                metrics.put("validation_excerpts", (double) validation.size());
                metrics.put("seconds", result.elapsed().toMillis() / 1000.0);
                ClassifierArtifact artifact = ClassifierArtifact.builder().setVersion(version).setConfig(classifier)
                        .setVocabulary(vocabulary).setLabels(data.labels()).setModel(result.model()).optMetrics(metrics).build();
                Path directory = catalog.store().save(artifact);
                ModelVersion announced = ModelVersionMapper.toWire(version, directory, metrics, plan.runId(),
                        classifier.parameterCount(vocabulary.size(), data.labels().size()),
                        hyperparameters(classifier, plan.augment()), data.labels(),
                        plan.request().getDescription() + " (" + data.summary() + "; stopped: " + result.stopReason() + ")");
                catalog.writeAnnouncement(directory, announced);
                return announced;
            }
        } finally {
            generator.ifPresent(ModelArtifact::close);
        }
    }

    /** The generator named by the request, else the newest one in the store (of any encoding). */
    private Optional<ModelArtifact> baseGenerator(TrainingPlan plan) throws RefusedRequestException, IOException {
        if (!plan.baseVersion().isBlank()) {
            try {
                return Optional.of(catalog.store().load(plan.baseVersion(), Device.cpu()));
            } catch (IOException e) {
                throw new RefusedRequestException("UNKNOWN_MODEL_VERSION", "base_version " + plan.baseVersion()
                        + " is not a generator in the model store: " + e.getMessage());
            }
        }
        Optional<dev.clara.nn.store.ModelVersion> latest = catalog.store().latest(ModelKind.GENERATOR);
        return latest.isPresent() ? Optional.of(catalog.store().load(latest.get().versionId(), Device.cpu())) : Optional.empty();
    }

    /** Defaults sized to the generator's encoder (so its weights can be copied); the request's values win. */
    static ClassifierConfig classifierConfig(Hyperparameters h, Optional<ModelArtifact> generator) throws RefusedRequestException {
        ClassifierConfig.Builder b = ClassifierConfig.defaults().toBuilder();
        generator.ifPresent(g -> b.optEncoderOf(g.config()));
        if (generator.isEmpty()) {
            if (h.hasEmbeddingSize()) {
                b.optEmbeddingSize(h.getEmbeddingSize());
            }
            if (h.hasHiddenSize()) {
                b.optHiddenSize(h.getHiddenSize());
            }
            if (h.hasNumLayers()) {
                b.optLayers(h.getNumLayers());
            }
        }
        if (h.hasBptt()) {
            b.optBptt(h.getBptt());
        }
        if (h.hasBatchSize()) {
            b.optBatchSize(h.getBatchSize());
        }
        if (h.hasEpochs()) {
            b.optEpochs(h.getEpochs());
        }
        if (h.hasFrozenEpochs()) {
            b.optFrozenEpochs(h.getFrozenEpochs());
        }
        if (h.hasLearningRate()) {
            b.optPeakLearningRate((float) h.getLearningRate());
        }
        if (h.hasHeadDropout()) {
            b.optHeadDropout((float) h.getHeadDropout());
        }
        if (h.hasGradientClip()) {
            b.optGradientClipNorm((float) h.getGradientClip());
        }
        if (h.hasWeightDecay()) {
            b.optWeightDecay((float) h.getWeightDecay());
        }
        if (h.hasSeed()) {
            b.optSeed(h.getSeed());
        }
        if (h.hasMaxSeconds() && h.getMaxSeconds() > 0) {
            b.optMaxDuration(Duration.ofMillis((long) (h.getMaxSeconds() * 1000)));
        }
        if (h.hasMaxStepsPerEpoch()) {
            b.optMaxStepsPerEpoch(h.getMaxStepsPerEpoch());
        }
        try {
            return b.build().validate();
        } catch (IllegalArgumentException e) {
            throw new RefusedRequestException("INVALID_HYPERPARAMETERS", e.getMessage());
        }
    }

    static Hyperparameters hyperparameters(ClassifierConfig c, boolean augment) {
        Hyperparameters.Builder h = Hyperparameters.newBuilder().setEmbeddingSize(c.embeddingSize())
                .setHiddenSize(c.hiddenSize()).setNumLayers(c.layers()).setBptt(c.bptt()).setBatchSize(c.batchSize())
                .setEpochs(c.epochs()).setFrozenEpochs(c.frozenEpochs()).setLearningRate(c.peakLearningRate())
                .setHeadDropout(c.headDropout()).setGradientClip(c.gradientClipNorm()).setWeightDecay(c.weightDecay())
                .setSeed(c.seed()).setAugment(augment).setMaxStepsPerEpoch(c.maxStepsPerEpoch());
        if (c.maxDuration() != null) {
            h.setMaxSeconds(c.maxDuration().toMillis() / 1000.0);
        }
        return h.build();
    }

    static Map<String, Double> validationOf(ClassificationMetrics validation) {
        if (validation == null) {
            return Map.of();
        }
        Map<String, Double> all = validation.asMap();
        Map<String, Double> shown = new LinkedHashMap<>();
        all.forEach((key, value) -> {
            if (!key.startsWith("confusion.")) {
                shown.put(key, value);
            }
        });
        return shown;
    }
}
