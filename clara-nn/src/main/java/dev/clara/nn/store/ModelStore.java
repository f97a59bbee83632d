package dev.clara.nn.store;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model versions under one root directory, one sub-directory per version named by its id (see
 * {@link ModelArtifact} for the files). A local directory by default; a shared volume in compose
 * and a PersistentVolumeClaim in Kubernetes, so services find new versions by reading it.
 *
 * <p>Saving is atomic ({@link AtomicDirectory}): readers never see a half-written version, and a
 * crash midway leaves the earlier versions untouched. Versions are never overwritten.
 */
public final class ModelStore {

    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
    private static final Comparator<ModelVersion> OLDEST_FIRST =
            Comparator.comparing(ModelVersion::createdAt).thenComparing(ModelVersion::versionId);

    private final Path root;

    public ModelStore(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    public Path root() {
        return root;
    }

    /** The directory a version lives in. */
    public Path directory(String versionId) {
        Path directory = root.resolve(versionId).normalize();
        if (!directory.getParent().equals(root.normalize()) || versionId.startsWith(".")) {
            throw new IllegalArgumentException("not a version id: '" + versionId + "'");
        }
        return directory;
    }

    /**
     * Writes a new version: a generator's {@link ModelArtifact}, or a critic's or composer's
     * {@code ClassifierArtifact}.
     *
     * @return the version's directory
     * @throws java.nio.file.FileAlreadyExistsException if the version id is taken
     */
    public Path save(StoredModel artifact) throws IOException {
        Path target = directory(artifact.version().versionId());
        AtomicDirectory.write(target, artifact::writeTo);
        LOG.info("stored {} {} in {}", artifact.version().kind(), artifact.version().versionId(), target);
        return target;
    }

    /** Loads a generator version for inference on a device. */
    public ModelArtifact load(String versionId, Device device) throws IOException {
        return ModelArtifact.read(existingDirectory(versionId), device);
    }

    /**
     * The directory of a version that exists.
     *
     * @throws java.nio.file.NoSuchFileException naming the version when there is none
     */
    public Path existingDirectory(String versionId) throws IOException {
        Path directory = directory(versionId);
        if (!Files.isDirectory(directory)) {
            throw new java.nio.file.NoSuchFileException(directory.toString(), null, "no model version " + versionId);
        }
        return directory;
    }

    /** Loads a generator version on the CPU. */
    public ModelArtifact load(String versionId) throws IOException {
        return load(versionId, Device.cpu());
    }

    /** The versions of one kind, oldest first; unreadable or unfinished directories are skipped. */
    public List<ModelVersion> list(ModelKind kind) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<ModelVersion> versions = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (!Files.isDirectory(entry) || AtomicDirectory.isTemporary(entry)
                        || !Files.exists(entry.resolve(ModelArtifact.VERSION_FILE))) {
                    continue;
                }
                try {
                    ModelVersion version = ModelArtifact.readVersion(entry);
                    if (version.kind() == kind) {
                        versions.add(version);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("skipping {}: {}", entry, e.getMessage());
                }
            }
        }
        versions.sort(OLDEST_FIRST);
        return versions;
    }

    /** The newest version of a kind, if any. */
    public Optional<ModelVersion> latest(ModelKind kind) throws IOException {
        List<ModelVersion> versions = list(kind);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }
}
