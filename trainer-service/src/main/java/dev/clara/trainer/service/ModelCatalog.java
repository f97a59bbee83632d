package dev.clara.trainer.service;

import com.google.gson.reflect.TypeToken;
import dev.clara.nn.json.ClaraJson;
import dev.clara.nn.store.ModelArtifact;
import dev.clara.nn.store.ModelKind;
import dev.clara.nn.store.ModelStore;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.v1.ModelVersion;
import dev.clara.trainer.config.ModelStoreConfig;
import dev.clara.trainer.mapping.ModelVersionMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The model store as the trainer sees it: where versions are saved, and the list of them with their metrics.
 * Next to each artifact the trainer keeps the announced {@code ModelVersion} ({@value #ANNOUNCEMENT_FILE}), so a
 * listing carries exactly what clara.models carried.
 */
@ApplicationScoped
public class ModelCatalog {
    public static final String ANNOUNCEMENT_FILE = "model-version.json";
    private static final Logger LOG = Logger.getLogger(ModelCatalog.class);
    private final ModelStore store;

    public ModelCatalog(ModelStoreConfig config) {
        this.store = new ModelStore(Path.of(config.root()).toAbsolutePath());
    }

    public ModelStore store() {
        return store;
    }

    /** Where a run keeps its checkpoints, outside the version directories. */
    public Path checkpointDirectory(String runId) {
        return store.root().resolve(".runs").resolve(runId);
    }

    public void writeAnnouncement(Path versionDirectory, ModelVersion version) throws IOException {
        Files.writeString(versionDirectory.resolve(ANNOUNCEMENT_FILE), ProtoJson.write(version), StandardCharsets.UTF_8);
    }

    /** Versions of the given kinds, newest first. */
    public List<ModelVersion> list(List<ModelKind> kinds) throws IOException {
        List<ModelVersion> versions = new ArrayList<>();
        for (ModelKind kind : kinds) {
            for (dev.clara.nn.store.ModelVersion version : store.list(kind)) {
                versions.add(describe(version));
            }
        }
        versions.sort(Comparator.comparingLong(ModelVersion::getCreatedAtMs).reversed());
        return versions;
    }

    private ModelVersion describe(dev.clara.nn.store.ModelVersion version) throws IOException {
        Path directory = store.directory(version.versionId());
        Path announcement = directory.resolve(ANNOUNCEMENT_FILE);
        if (Files.exists(announcement)) {
            try {
                return ProtoJson.read(Files.readString(announcement, StandardCharsets.UTF_8), ModelVersion.newBuilder());
            } catch (Exception e) {
                LOG.warnf("unreadable %s: %s", announcement, e.getMessage());
            }
        }
        return ModelVersionMapper.toWire(version, directory, readMetrics(directory), "", 0, null, List.of(), "");
    }

    static Map<String, Double> readMetrics(Path directory) throws IOException {
        Path file = directory.resolve(ModelArtifact.METRICS_FILE);
        if (!Files.exists(file)) {
            return Map.of();
        }
        Map<String, Double> metrics = ClaraJson.GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                new TypeToken<LinkedHashMap<String, Double>>() { }.getType());
        return metrics == null ? Map.of() : metrics;
    }
}
