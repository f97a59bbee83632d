package dev.clara.trainer.mapping;

import dev.clara.nn.LanguageModelConfig;
import dev.clara.nn.store.ModelKind;
import dev.clara.proto.v1.Hyperparameters;
import dev.clara.proto.v1.ModelVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** clara-nn's stored versions to the wire's {@code ModelVersion}. */
public final class ModelVersionMapper {
    private ModelVersionMapper() {
    }

    public static dev.clara.proto.v1.ModelKind toWire(ModelKind kind) {
        return switch (kind) {
            case GENERATOR -> dev.clara.proto.v1.ModelKind.MODEL_KIND_GENERATOR;
            case CRITIC -> dev.clara.proto.v1.ModelKind.MODEL_KIND_CRITIC;
            case COMPOSER -> dev.clara.proto.v1.ModelKind.MODEL_KIND_COMPOSER;
        };
    }

    public static ModelVersion toWire(dev.clara.nn.store.ModelVersion version, Path directory, Map<String, Double> metrics,
                                      String runId, long parameterCount, Hyperparameters hyperparameters,
                                      List<String> labels, String description) {
        ModelVersion.Builder builder = ModelVersion.newBuilder()
                .setVersionId(version.versionId())
                .setKind(toWire(version.kind()))
                .setEncoding(version.encodingId())
                .putAllMetrics(metrics)
                .setArtifactUri(directory.toAbsolutePath().toUri().toString())
                .setCreatedAtMs(version.createdAt().toEpochMilli())
                .setRunId(runId == null ? "" : runId)
                .setParameterCount(parameterCount)
                .addAllLabels(labels)
                .setDescription(description == null ? "" : description);
        if (version.parentVersion() != null) {
            builder.setParentVersion(version.parentVersion());
        }
        if (hyperparameters != null) {
            builder.setHyperparameters(hyperparameters);
        }
        return builder.build();
    }

    /** The effective hyper-parameters of a language model, as a request would spell them. */
    public static Hyperparameters hyperparameters(LanguageModelConfig c, boolean augment) {
        Hyperparameters.Builder h = Hyperparameters.newBuilder()
                .setEmbeddingSize(c.embeddingSize()).setHiddenSize(c.hiddenSize()).setNumLayers(c.layers())
                .setBptt(c.bptt()).setBatchSize(c.batchSize()).setEpochs(c.epochs())
                .setLearningRate(c.peakLearningRate()).setEmbeddingDropout(c.embeddingDropout())
                .setInputDropout(c.inputDropout()).setHiddenDropout(c.hiddenDropout())
                .setOutputDropout(c.outputDropout()).setWeightDrop(c.weightDropout())
                .setArAlpha(c.activationRegularization()).setTarBeta(c.temporalActivationRegularization())
                .setGradientClip(c.gradientClipNorm()).setWeightDecay(c.weightDecay()).setAugment(augment)
                .setSeed(c.seed()).setMaxStepsPerEpoch(c.maxStepsPerEpoch());
        if (c.maxDuration() != null) {
            h.setMaxSeconds(c.maxDuration().toMillis() / 1000.0);
        }
        return h.build();
    }
}
