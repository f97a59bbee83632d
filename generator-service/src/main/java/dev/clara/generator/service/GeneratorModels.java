package dev.clara.generator.service;

import dev.clara.generator.config.ModelStoreConfig;
import dev.clara.nn.store.ModelArtifact;
import dev.clara.nn.store.ModelKind;
import dev.clara.nn.store.ModelStore;
import dev.clara.proto.v1.ModelVersion;
import dev.clara.service.HotSwapModel;
import dev.clara.service.LatestModel;
import io.grpc.Status;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The generator versions this instance serves: the newest (swapped in without a restart when clara.models
 * announces a newer one; requests in flight finish on the model they started with), and a few explicitly
 * requested older versions.
 */
// Eager, so the newest model starts loading at boot rather than at the first request.
@io.quarkus.runtime.Startup
@ApplicationScoped
public class GeneratorModels {
    private static final Logger LOG = Logger.getLogger(GeneratorModels.class);
    private static final int PINNED_VERSIONS = 2;

    private final ModelStore store;
    private final LatestModel<LoadedGenerator> latest;
    private final Map<String, HotSwapModel<LoadedGenerator>> pinned = new LinkedHashMap<>();

    public GeneratorModels(ModelStoreConfig config, dev.clara.generator.config.GeneratorConfig generator) {
        if (generator.threads() > 0) {
            dev.clara.nn.device.TorchThreads.configure(generator.threads(), 1);
        }
        this.store = new ModelStore(Path.of(config.root()).toAbsolutePath());
        this.latest = new LatestModel<>("generator", store.root(), GeneratorModels::load, LoadedGenerator::close);
        // A model already in the store serves at once, before clara.models has been read.
        try {
            store.latest(ModelKind.GENERATOR).ifPresent(version -> latest.offer(version.versionId(),
                    version.createdAt().toEpochMilli(), store.directory(version.versionId())));
        } catch (IOException e) {
            LOG.warnf("cannot list the model store %s: %s", store.root(), e.getMessage());
        }
    }

    /** A generator version announced on clara.models. */
    public void announced(ModelVersion version) {
        latest.offer(version);
    }

    public boolean ready() {
        return latest.ready();
    }

    public Optional<String> latestVersion() {
        return latest.version();
    }

    /**
     * Leases the model for a request: the latest when {@code versionId} is empty or names it, else that version.
     *
     * @throws RefusedGenerationException NOT_FOUND for an unknown version, UNAVAILABLE when no model is loaded
     */
    public HotSwapModel.Lease<LoadedGenerator> lease(String versionId) throws RefusedGenerationException {
        if (versionId == null || versionId.isBlank() || latest.version().filter(versionId::equals).isPresent()) {
            return latest.lease().orElseThrow(() -> new RefusedGenerationException(Status.Code.UNAVAILABLE, "NO_MODEL",
                    latest.loading() ? "the generator model is still loading; try again in a moment"
                            : latest.lastError().map(e -> "the generator model could not be loaded: " + e)
                            .orElse("no generator has been trained yet; train one first (./clara train)")));
        }
        return pinnedLease(versionId);
    }

    private synchronized HotSwapModel.Lease<LoadedGenerator> pinnedLease(String versionId) throws RefusedGenerationException {
        HotSwapModel<LoadedGenerator> holder = pinned.get(versionId);
        if (holder == null) {
            Path directory;
            try {
                directory = store.directory(versionId);
            } catch (IllegalArgumentException e) {
                throw new RefusedGenerationException(Status.Code.NOT_FOUND, "UNKNOWN_MODEL_VERSION", e.getMessage());
            }
            if (!Files.isDirectory(directory)) {
                throw new RefusedGenerationException(Status.Code.NOT_FOUND, "UNKNOWN_MODEL_VERSION",
                        "no generator version '" + versionId + "' in the model store");
            }
            LoadedGenerator model;
            try {
                model = load(directory);
            } catch (Exception e) {
                throw new RefusedGenerationException(Status.Code.NOT_FOUND, "UNKNOWN_MODEL_VERSION",
                        "version '" + versionId + "' cannot be loaded as a generator: " + e.getMessage());
            }
            holder = new HotSwapModel<>(LoadedGenerator::close);
            holder.swap(versionId, model);
            pinned.put(versionId, holder);
            if (pinned.size() > PINNED_VERSIONS) {
                String eldest = pinned.keySet().iterator().next();
                pinned.remove(eldest).clear();
            }
        }
        return holder.lease().orElseThrow();
    }

    private static LoadedGenerator load(Path directory) throws IOException {
        return new LoadedGenerator(ModelArtifact.read(directory, ai.djl.Device.cpu()));
    }

    @PreDestroy
    synchronized void close() {
        latest.close();
        pinned.values().forEach(HotSwapModel::clear);
        pinned.clear();
    }
}
