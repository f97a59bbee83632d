package dev.clara.trainer.service;

import ai.djl.Device;
import dev.clara.music.encoding.EncodingSpec;
import dev.clara.music.encoding.Transposer;
import dev.clara.nn.LanguageModelConfig;
import dev.clara.nn.data.TokenAugmenter;
import dev.clara.nn.data.Vocabulary;
import dev.clara.nn.device.DevicePolicy;
import dev.clara.nn.device.DeviceSelector;
import dev.clara.nn.device.TorchThreads;
import dev.clara.nn.store.ModelArtifact;
import dev.clara.nn.store.ModelKind;
import dev.clara.nn.train.LanguageModelTrainer;
import dev.clara.nn.train.StopReason;
import dev.clara.nn.train.TrainingResult;
import dev.clara.nn.train.ValidationMetrics;
import dev.clara.proto.v1.ModelVersion;
import dev.clara.trainer.config.TrainerConfig;
import dev.clara.service.CorpusPiece;
import dev.clara.service.TokenCorpusReader;
import dev.clara.trainer.mapping.ModelVersionMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Trains the AWD-LSTM language model: corpus snapshot → vocabulary of the training split → clara-nn training with
 * all 12 keys → artifact in the model store → the version to announce.
 */
@ApplicationScoped
public class GeneratorTrainingJob implements TrainingJob {
    private static final Logger LOG = Logger.getLogger(GeneratorTrainingJob.class);

    private final TrainerConfig config;
    private final ModelCatalog catalog;
    private final String bootstrapServers;

    public GeneratorTrainingJob(TrainerConfig config, ModelCatalog catalog,
                                @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.catalog = catalog;
        this.bootstrapServers = bootstrapServers;
        if (config.threads() > 0) {
            TorchThreads.configure(config.threads(), 1);
        }
    }

    @Override
    public ModelKind kind() {
        return ModelKind.GENERATOR;
    }

    @Override
    public ModelVersion run(RunContext context) throws Exception {
        TrainingPlan plan = context.plan();
        EncodingSpec encoding = plan.encoding();
        context.status("reading the corpus of " + encoding.id() + " from clara.tokens");
        List<CorpusPiece> pieces = new TokenCorpusReader(bootstrapServers)
                .read(encoding.id(), plan.composers(), config.corpusReadTimeout(), context::cancelled);
        if (context.cancelled()) {
            return null;
        }
        CorpusSelection corpus = CorpusSelection.of(pieces, plan.maxPieces());
        if (corpus.training().isEmpty()) {
            throw new RefusedRequestException("EMPTY_CORPUS", "clara.tokens holds no training piece in " + encoding.id()
                    + (plan.composers().isEmpty() ? "" : " by " + plan.composers())
                    + "; submit MIDI first (./clara submit DIR)");
        }
        Vocabulary vocabulary = Vocabulary.build(corpus.training().stream().map(CorpusPiece::tokens).toList());
        LanguageModelConfig model;
        try {
            model = plan.config().validate(vocabulary.size());
        } catch (IllegalArgumentException e) {
            throw new RefusedRequestException("INVALID_HYPERPARAMETERS", e.getMessage());
        }
        Device device = DeviceSelector.forPyTorch().select(DevicePolicy.parse(config.device()));
        context.device(device.toString());
        context.status(String.format(Locale.ROOT, "training on %s: %d pieces (%d for validation%s), vocabulary %d",
                device, corpus.training().size(), corpus.validation().size(),
                corpus.borrowedValidation() ? ", borrowed from training: the corpus has no test piece" : "",
                vocabulary.size()));
        LOG.infof("run %s trains on %s", plan.runId(), device);

        TokenAugmenter augmenter = plan.augment() ? (tokens, semitones) -> Transposer.transpose(tokens, semitones, encoding) : null;
        LanguageModelTrainer.Builder builder = LanguageModelTrainer.builder()
                .setConfig(model)
                .setVocabulary(vocabulary)
                .setTrainingPieces(corpus.training().stream().map(p -> vocabulary.encode(p.tokens())).toList())
                .optValidationPieces(corpus.validation().stream().map(p -> vocabulary.encode(p.tokens())).toList())
                .optDevice(device)
                .optCheckpointDirectory(catalog.checkpointDirectory(plan.runId()))
                .optResume(true);
        if (augmenter != null) {
            builder.optAugmenter(augmenter);
        }
        builder.optListener(progress -> context.step(progress.epoch(), progress.epochs(), progress.step(),
                progress.totalSteps(), progress.loss(), progress.tokensPerSecond(), progress.eta(),
                validationOf(progress.validation())));
        LanguageModelTrainer trainer = builder.build();
        context.onCancel(trainer::cancel);
        try (TrainingResult result = trainer.train()) {
            if (result.stopReason() == StopReason.CANCELLED) {
                return null;
            }
            dev.clara.nn.store.ModelVersion version = dev.clara.nn.store.ModelVersion.create(ModelKind.GENERATOR,
                    encoding.id(), null);
            Map<String, Double> metrics = new LinkedHashMap<>(result.metrics());
            metrics.put("training_pieces", (double) corpus.training().size());
            metrics.put("validation_pieces", (double) corpus.validation().size());
            metrics.put("vocabulary", (double) vocabulary.size());
            metrics.put("seconds", result.elapsed().toMillis() / 1000.0);
            // The artifact shares the result's model, which the try-with-resources closes.
            ModelArtifact artifact = ModelArtifact.builder().setVersion(version).setConfig(model)
                    .setVocabulary(vocabulary).setModel(result.model()).optMetrics(metrics).build();
            Path directory = catalog.store().save(artifact);
            ModelVersion announced = ModelVersionMapper.toWire(version, directory, metrics, plan.runId(),
                    model.parameterCount(vocabulary.size()), ModelVersionMapper.hyperparameters(model, plan.augment()),
                    List.of(), plan.request().getDescription() + " (stopped: " + result.stopReason() + ")");
            catalog.writeAnnouncement(directory, announced);
            return announced;
        }
    }

    static Map<String, Double> validationOf(ValidationMetrics validation) {
        if (validation == null) {
            return Map.of();
        }
        return Map.of("loss", validation.loss(), "perplexity", validation.perplexity(), "accuracy", validation.accuracy());
    }
}
