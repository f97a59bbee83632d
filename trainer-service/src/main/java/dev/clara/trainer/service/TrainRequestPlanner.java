package dev.clara.trainer.service;

import dev.clara.music.encoding.EncodingSpec;
import dev.clara.nn.LanguageModelConfig;
import dev.clara.nn.store.ModelKind;
import dev.clara.proto.v1.Hyperparameters;
import dev.clara.proto.v1.TrainRequest;
import dev.clara.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns a {@link TrainRequest} into a {@link TrainingPlan}, or refuses it with every reason at once, before any
 * corpus is read: a request for 0 layers or a 10^9 embedding fails in milliseconds, not after minutes of loading.
 */
@ApplicationScoped
public class TrainRequestPlanner {
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private final TrainerConfig config;

    public TrainRequestPlanner(TrainerConfig config) {
        this.config = config;
    }

    public TrainingPlan plan(TrainRequest request) throws RefusedRequestException {
        String runId = request.getRunId().isBlank() ? newRunId() : request.getRunId();
        if (!RUN_ID.matcher(runId).matches()) {
            throw new RefusedRequestException("INVALID_REQUEST", "run id '" + runId
                    + "' must be 1-100 letters, digits, '.', '_' or '-'");
        }
        ModelKind kind = switch (request.getKind()) {
            case MODEL_KIND_GENERATOR, MODEL_KIND_UNSPECIFIED -> ModelKind.GENERATOR;
            case MODEL_KIND_CRITIC -> ModelKind.CRITIC;
            case MODEL_KIND_COMPOSER -> ModelKind.COMPOSER;
            default -> throw new RefusedRequestException("INVALID_REQUEST", "unknown model kind " + request.getKindValue());
        };
        EncodingSpec encoding;
        try {
            encoding = EncodingSpec.parse(request.getEncoding().isBlank() ? config.defaultEncoding() : request.getEncoding());
        } catch (IllegalArgumentException e) {
            throw new RefusedRequestException("UNKNOWN_ENCODING", e.getMessage());
        }
        if (!request.getResumeFrom().isBlank()) {
            throw new RefusedRequestException("INVALID_REQUEST", "resume_from is not supported: send the run's request "
                    + "again with the same run id and it continues from its last checkpoint");
        }
        if (request.getMaxPieces() < 0) {
            throw new RefusedRequestException("INVALID_REQUEST", "max_pieces must be 0 (all) or positive, not " + request.getMaxPieces());
        }
        Hyperparameters h = request.getHyperparameters();
        List<String> problems = new ArrayList<>();
        TrainerConfig.Limits limits = config.limits();
        check(problems, h.hasEmbeddingSize(), h.getEmbeddingSize(), 1, limits.maxEmbeddingSize(), "embedding_size");
        check(problems, h.hasHiddenSize(), h.getHiddenSize(), 1, limits.maxHiddenSize(), "hidden_size");
        check(problems, h.hasNumLayers(), h.getNumLayers(), 1, limits.maxLayers(), "num_layers");
        check(problems, h.hasEpochs(), h.getEpochs(), 1, limits.maxEpochs(), "epochs");
        check(problems, h.hasBptt(), h.getBptt(), 2, limits.maxBptt(), "bptt");
        check(problems, h.hasBatchSize(), h.getBatchSize(), 1, limits.maxBatchSize(), "batch_size");
        if (h.hasMaxSeconds() && !(h.getMaxSeconds() >= 0)) {
            problems.add("max_seconds must be 0 (no limit) or positive, not " + h.getMaxSeconds());
        }
        if (h.hasMaxStepsPerEpoch() && h.getMaxStepsPerEpoch() < 0) {
            problems.add("max_steps_per_epoch must be 0 (all) or positive, not " + h.getMaxStepsPerEpoch());
        }
        if (!problems.isEmpty()) {
            throw new RefusedRequestException("INVALID_HYPERPARAMETERS", String.join("; ", problems));
        }
        LanguageModelConfig languageModel;
        try {
            languageModel = languageModelConfig(h).validate();
        } catch (IllegalArgumentException e) {
            throw new RefusedRequestException("INVALID_HYPERPARAMETERS", e.getMessage());
        }
        boolean augment = !h.hasAugment() || h.getAugment();
        return new TrainingPlan(runId, kind, encoding, languageModel, augment,
                new LinkedHashSet<>(request.getComposersList()), request.getMaxPieces(), request.getBaseVersion(),
                request.toBuilder().setRunId(runId).build());
    }

    /** Clara's defaults, overridden by what the request sets. */
    static LanguageModelConfig languageModelConfig(Hyperparameters h) {
        LanguageModelConfig.Builder b = LanguageModelConfig.clara().toBuilder();
        if (h.hasEmbeddingSize()) {
            b.optEmbeddingSize(h.getEmbeddingSize());
        }
        if (h.hasHiddenSize()) {
            b.optHiddenSize(h.getHiddenSize());
        }
        if (h.hasNumLayers()) {
            b.optLayers(h.getNumLayers());
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
        if (h.hasLearningRate()) {
            b.optPeakLearningRate((float) h.getLearningRate());
        }
        if (h.hasEmbeddingDropout()) {
            b.optEmbeddingDropout((float) h.getEmbeddingDropout());
        }
        if (h.hasInputDropout()) {
            b.optInputDropout((float) h.getInputDropout());
        }
        if (h.hasHiddenDropout()) {
            b.optHiddenDropout((float) h.getHiddenDropout());
        }
        if (h.hasOutputDropout()) {
            b.optOutputDropout((float) h.getOutputDropout());
        }
        if (h.hasWeightDrop()) {
            b.optWeightDropout((float) h.getWeightDrop());
        }
        if (h.hasArAlpha()) {
            b.optActivationRegularization((float) h.getArAlpha());
        }
        if (h.hasTarBeta()) {
            b.optTemporalActivationRegularization((float) h.getTarBeta());
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
        return b.build();
    }

    private static void check(List<String> problems, boolean present, int value, int min, int max, String name) {
        if (present && (value < min || value > max)) {
            problems.add(String.format(Locale.ROOT, "%s must be within %d..%d, not %d", name, min, max, value));
        }
    }

    static String newRunId() {
        return "run-" + UUID.randomUUID().toString().substring(0, 13);
    }
}
