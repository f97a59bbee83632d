package dev.clara.service;

import dev.clara.proto.v1.ModelVersion;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The newest model of one kind, as clara.models announces it and the model store holds it: each newer version is
 * loaded in the background and swapped in ({@link HotSwapModel}); until it is loaded the old one keeps serving.
 *
 * @param <T> the loaded model
 */
public final class LatestModel<T> {
    private static final Logger LOG = Logger.getLogger(LatestModel.class);

    /** Loads a version's artifact directory. */
    @FunctionalInterface
    public interface Loader<T> {
        T load(Path directory) throws Exception;
    }

    private final String kind;
    private final Path storeRoot;
    private final Loader<T> loader;
    private final HotSwapModel<T> current;
    private final ExecutorService background;
    private long latestCreatedAt = Long.MIN_VALUE;
    private volatile boolean loading;
    private volatile boolean known;
    private volatile String lastError;

    public LatestModel(String kind, Path storeRoot, Loader<T> loader, Consumer<T> closer) {
        this.kind = kind;
        this.storeRoot = storeRoot;
        this.loader = loader;
        this.current = new HotSwapModel<>(closer);
        this.background = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "clara-" + kind + "-loader");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A version found in the store or announced on clara.models; only newer ones are loaded. */
    public synchronized void offer(String versionId, long createdAtMs, Path directory) {
        known = true;
        if (createdAtMs <= latestCreatedAt) {
            return;
        }
        latestCreatedAt = createdAtMs;
        loading = true;
        background.submit(() -> {
            try {
                current.swap(versionId, loader.load(directory));
                lastError = null;
                LOG.infof("serving %s %s", kind, versionId);
            } catch (Exception e) {
                lastError = versionId + ": " + e.getMessage();
                LOG.errorf(e, "cannot load %s %s from %s", kind, versionId, directory);
            } finally {
                loading = false;
            }
        });
    }

    /** An announcement from clara.models (its kind already checked by the caller). */
    public void offer(ModelVersion version) {
        offer(version.getVersionId(), version.getCreatedAtMs(), directoryOf(version));
    }

    /**
     * The announced artifact; when its path is not visible here (written on another machine), the same version in
     * this service's store.
     */
    public Path directoryOf(ModelVersion version) {
        try {
            Path announced = Path.of(URI.create(version.getArtifactUri()));
            if (Files.isDirectory(announced)) {
                return announced;
            }
        } catch (RuntimeException e) {
            // not a file URI: the local store has the version under its id
        }
        return storeRoot.resolve(version.getVersionId());
    }

    public Optional<HotSwapModel.Lease<T>> lease() {
        return current.lease();
    }

    public Optional<String> version() {
        return current.version();
    }

    public boolean loading() {
        return loading;
    }

    /** Why the newest version could not be loaded, if it could not. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** Ready when a model is loaded, or when none of this kind exists yet. */
    public boolean ready() {
        return current.version().isPresent() || (!known && !loading);
    }

    public void close() {
        background.shutdownNow();
        current.clear();
    }
}
