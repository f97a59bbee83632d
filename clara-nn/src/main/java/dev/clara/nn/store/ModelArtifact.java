package dev.clara.nn.store;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import com.google.gson.reflect.TypeToken;
import dev.clara.nn.LanguageModelConfig;
import dev.clara.nn.data.Vocabulary;
import dev.clara.nn.json.ClaraJson;
import dev.clara.nn.model.AwdLstmLanguageModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One trained generator with everything needed to use it without the code that trained it: the
 * weights, the vocabulary, the token encoding's id, the hyper-parameters (which rebuild the
 * network), the metrics it was chosen by, and its identity. On disk it is one directory:
 * <pre>
 *   generator-0000.params   DJL parameter file (Model.save format)
 *   vocab.txt               one token per line; the line number from 0 is the id
 *   encoding                the encoding id, one line
 *   hyperparameters.json    {@link LanguageModelConfig}
 *   metrics.json            {"validation_loss": ..., "perplexity": ..., ...}
 *   version.json            {@link ModelVersion}: version id, kind, parent version, created at, encoding id
 * </pre>
 * An artifact owns its DJL {@link Model}; closing the artifact frees the weights.
 */
public final class ModelArtifact implements StoredModel, AutoCloseable {

    public static final String VOCABULARY_FILE = "vocab.txt";
    public static final String ENCODING_FILE = "encoding";
    public static final String HYPERPARAMETERS_FILE = "hyperparameters.json";
    public static final String METRICS_FILE = "metrics.json";
    public static final String VERSION_FILE = "version.json";
    private static final String ENGINE = "PyTorch";

    private final ModelVersion version;
    private final LanguageModelConfig config;
    private final Vocabulary vocabulary;
    private final Map<String, Double> metrics;
    private final Model model;
    private final AwdLstmLanguageModel block;

    private ModelArtifact(ModelVersion version, LanguageModelConfig config, Vocabulary vocabulary,
            Map<String, Double> metrics, Model model, AwdLstmLanguageModel block) {
        this.version = version;
        this.config = config;
        this.vocabulary = vocabulary;
        this.metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        this.model = model;
        this.block = block;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ModelVersion version() {
        return version;
    }

    public LanguageModelConfig config() {
        return config;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public Map<String, Double> metrics() {
        return metrics;
    }

    public Model model() {
        return model;
    }

    public AwdLstmLanguageModel block() {
        return block;
    }

    /** The DJL parameter file's name: the model kind, then DJL's epoch suffix. */
    public static String parameterFileName(ModelKind kind) {
        return kind.wireName() + "-0000.params";
    }

    /** Writes every file of the artifact into an existing, empty directory. */
    @Override
    public void writeTo(Path directory) throws IOException {
        model.setProperty("Epoch", "0");
        model.save(directory, version.kind().wireName());
        vocabulary.save(directory.resolve(VOCABULARY_FILE));
        Files.writeString(directory.resolve(ENCODING_FILE), version.encodingId() + "\n", StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(HYPERPARAMETERS_FILE), config.toJson(), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(METRICS_FILE), ClaraJson.GSON.toJson(metrics), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(VERSION_FILE), ClaraJson.GSON.toJson(version), StandardCharsets.UTF_8);
    }

    /** Reads only the identity of the artifact in {@code directory}. */
    public static ModelVersion readVersion(Path directory) throws IOException {
        ModelVersion version = ClaraJson.GSON.fromJson(
                Files.readString(directory.resolve(VERSION_FILE), StandardCharsets.UTF_8), ModelVersion.class);
        if (version == null || version.kind() == null) {
            throw new IOException(directory.resolve(VERSION_FILE) + " names no model kind");
        }
        return version;
    }

    /**
     * Loads the artifact in {@code directory} onto a device, ready for inference.
     *
     * @throws IOException when a file is missing or unreadable, or the kind is not a generator
     */
    public static ModelArtifact read(Path directory, Device device) throws IOException {
        ModelVersion version = readVersion(directory);
        if (version.kind() != ModelKind.GENERATOR) {
            throw new IOException("ModelArtifact loads generators; " + directory + " holds a " + version.kind()
                    + " (load it with ClassifierArtifact)");
        }
        LanguageModelConfig config = LanguageModelConfig.fromJson(
                Files.readString(directory.resolve(HYPERPARAMETERS_FILE), StandardCharsets.UTF_8));
        Vocabulary vocabulary = Vocabulary.load(directory.resolve(VOCABULARY_FILE));
        Map<String, Double> metrics = ClaraJson.GSON.fromJson(
                Files.readString(directory.resolve(METRICS_FILE), StandardCharsets.UTF_8),
                new TypeToken<LinkedHashMap<String, Double>>() { }.getType());
        String encoding = Files.readString(directory.resolve(ENCODING_FILE), StandardCharsets.UTF_8).trim();
        if (!encoding.equals(version.encodingId())) {
            throw new IOException(directory + ": encoding file says '" + encoding + "' but version.json says '"
                    + version.encodingId() + "'");
        }
        AwdLstmLanguageModel block = AwdLstmLanguageModel.builder()
                .setVocabularySize(vocabulary.size()).setConfig(config).build();
        Model model = Model.newInstance(version.kind().wireName(), device, ENGINE);
        try {
            model.setBlock(block);
            model.load(directory, version.kind().wireName());
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw e instanceof IOException io ? io : new IOException("cannot load the weights in " + directory + ": "
                    + e.getMessage(), e);
        }
        return new ModelArtifact(version, config, vocabulary, metrics == null ? Map.of() : metrics, model, block);
    }

    @Override
    public void close() {
        model.close();
    }

    /** Builds a {@link ModelArtifact} from a trained model; version, configuration, vocabulary and model are required. */
    public static final class Builder {

        private ModelVersion version;
        private LanguageModelConfig config;
        private Vocabulary vocabulary;
        private Map<String, Double> metrics = Map.of();
        private Model model;

        private Builder() {}

        public Builder setVersion(ModelVersion version) {
            this.version = version;
            return this;
        }

        public Builder setConfig(LanguageModelConfig config) {
            this.config = config;
            return this;
        }

        public Builder setVocabulary(Vocabulary vocabulary) {
            this.vocabulary = vocabulary;
            return this;
        }

        /** The model holding an initialised {@link AwdLstmLanguageModel}; the artifact takes ownership. */
        public Builder setModel(Model model) {
            this.model = model;
            return this;
        }

        public Builder optMetrics(Map<String, Double> metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        public ModelArtifact build() {
            if (version == null || config == null || vocabulary == null || model == null) {
                throw new IllegalArgumentException("version, configuration, vocabulary and model are required");
            }
            Block block = model.getBlock();
            if (!(block instanceof AwdLstmLanguageModel languageModel) || !block.isInitialized()) {
                throw new IllegalArgumentException("the model must hold an initialised AwdLstmLanguageModel, not " + block);
            }
            if (languageModel.vocabularySize() != vocabulary.size()) {
                throw new IllegalArgumentException("the network's vocabulary has " + languageModel.vocabularySize()
                        + " entries but the vocabulary " + vocabulary.size());
            }
            if (version.kind() != ModelKind.GENERATOR) {
                throw new IllegalArgumentException("a language model is stored as a generator, not a " + version.kind());
            }
            return new ModelArtifact(version, config, vocabulary, metrics, model, languageModel);
        }
    }
}
