package dev.clara.scoring;

import dev.clara.nn.classify.ClassifierArtifact;
import dev.clara.nn.classify.ClassifierScorer;
import dev.clara.nn.store.ModelKind;
import dev.clara.nn.store.ModelStore;
import dev.clara.proto.v1.ModelVersion;
import dev.clara.service.HotSwapModel;
import dev.clara.service.LatestModel;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The classifier this service scores with: the newest version of its kind, hot-swapped (see {@link LatestModel}). */
// Eager, so the newest model starts loading at boot rather than at the first request.
@io.quarkus.runtime.Startup
@ApplicationScoped
public class ScoringModels {
    private static final Logger LOG = Logger.getLogger(ScoringModels.class);

    /** A loaded classifier and its scorer. */
    public record Loaded(ClassifierArtifact artifact, ClassifierScorer scorer) {
    }

    private final ModelKind kind;
    private final LatestModel<Loaded> latest;

    public ScoringModels(ScorerConfig config) {
        this.kind = ModelKind.parse(config.kind());
        if (kind == ModelKind.GENERATOR) {
            throw new IllegalArgumentException("clara.scorer.kind must be critic or composer, not generator");
        }
        if (config.threads() > 0) {
            dev.clara.nn.device.TorchThreads.configure(config.threads(), 1);
        }
        ModelStore store = new ModelStore(Path.of(config.modelStoreRoot()).toAbsolutePath());
        this.latest = new LatestModel<>(kindName(), store.root(), directory -> {
            ClassifierArtifact artifact = ClassifierArtifact.read(directory, ai.djl.Device.cpu());
            return new Loaded(artifact, ClassifierScorer.of(artifact));
        }, loaded -> loaded.artifact().close());
        try {
            store.latest(kind).ifPresent(version -> latest.offer(version.versionId(), version.createdAt().toEpochMilli(),
                    store.directory(version.versionId())));
        } catch (IOException e) {
            LOG.warnf("cannot list the model store %s: %s", store.root(), e.getMessage());
        }
    }

    public ModelKind kind() {
        return kind;
    }

    public String kindName() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** A version announced on clara.models; only this service's kind is taken. */
    public void announced(ModelVersion version) {
        if (version.getKind().name().equals("MODEL_KIND_" + kind.name())) {
            latest.offer(version);
        }
    }

    public Optional<HotSwapModel.Lease<Loaded>> lease() {
        return latest.lease();
    }

    public Optional<String> version() {
        return latest.version();
    }

    /** Why no model can score now: loading, failed, or none trained. */
    public String unavailableReason() {
        if (latest.loading()) {
            return "the " + kindName() + " model is still loading";
        }
        return latest.lastError().map(e -> "the " + kindName() + " model could not be loaded: " + e)
                .orElse("no " + kindName() + " model has been trained yet");
    }

    public boolean ready() {
        return latest.ready();
    }

    @PreDestroy
    void close() {
        latest.close();
    }
}
