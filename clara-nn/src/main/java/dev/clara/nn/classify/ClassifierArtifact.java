package dev.clara.nn.classify;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import com.google.gson.reflect.TypeToken;
import dev.clara.nn.data.Vocabulary;
import dev.clara.nn.json.ClaraJson;
import dev.clara.nn.store.ModelArtifact;
import dev.clara.nn.store.ModelKind;
import dev.clara.nn.store.ModelStore;
import dev.clara.nn.store.ModelVersion;
import dev.clara.nn.store.StoredModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One trained critic or composer model with everything needed to use it without the code that
 * trained it. It lives in the same {@link ModelStore} as the generators, one directory per version:
 * <pre>
 *   critic-0000.params      DJL parameter file (Model.save format); composer-0000.params for a composer model
 *   vocab.txt               one token per line; the line number from 0 is the id
 *   encoding                the encoding id, one line
 *   labels.txt              one class name per line, in the order of the classifier's outputs
 *   hyperparameters.json    {@link ClassifierConfig}
 *   metrics.json            {@link ClassificationMetrics#asMap()} plus steps, epochs, tokens_per_second
 *   version.json            {@link ModelVersion}: kind critic or composer, parent version (the generator
 *                           whose encoder it started from, or null), created at, encoding id
 * </pre>
 * A critic has the two labels {@link #CRITIC_LABELS}; a composer model one label per composer. An
 * artifact owns its DJL {@link Model}; closing the artifact frees the weights.
 */
public final class ClassifierArtifact implements StoredModel, AutoCloseable {

    public static final String LABELS_FILE = "labels.txt";
    /** The critic's classes in output order: a sample is machine-made or human-composed. */
    public static final List<String> CRITIC_LABELS = List.of("machine", "human");
    private static final String ENGINE = "PyTorch";

    private final ModelVersion version;
    private final ClassifierConfig config;
    private final Vocabulary vocabulary;
    private final List<String> labels;
    private final Map<String, Double> metrics;
    private final Model model;
    private final SequenceClassifier block;

    private ClassifierArtifact(ModelVersion version, ClassifierConfig config, Vocabulary vocabulary, List<String> labels,
            Map<String, Double> metrics, Model model, SequenceClassifier block) {
        this.version = version;
        this.config = config;
        this.vocabulary = vocabulary;
        this.labels = List.copyOf(labels);
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

    public ClassifierConfig config() {
        return config;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The class names in output order. */
    public List<String> labels() {
        return labels;
    }

    public Map<String, Double> metrics() {
        return metrics;
    }

    public Model model() {
        return model;
    }

    public SequenceClassifier block() {
        return block;
    }

    @Override
    public void writeTo(Path directory) throws IOException {
        model.setProperty("Epoch", "0");
        model.save(directory, version.kind().wireName());
        vocabulary.save(directory.resolve(ModelArtifact.VOCABULARY_FILE));
        Files.writeString(directory.resolve(ModelArtifact.ENCODING_FILE), version.encodingId() + "\n",
                StandardCharsets.UTF_8);
        Files.write(directory.resolve(LABELS_FILE), labels, StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(ModelArtifact.HYPERPARAMETERS_FILE), config.toJson(), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(ModelArtifact.METRICS_FILE), ClaraJson.GSON.toJson(metrics),
                StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(ModelArtifact.VERSION_FILE), ClaraJson.GSON.toJson(version),
                StandardCharsets.UTF_8);
    }

    /** Loads a critic or composer version from a store onto a device. */
    public static ClassifierArtifact load(ModelStore store, String versionId, Device device) throws IOException {
        return read(store.existingDirectory(versionId), device);
    }

    /**
     * Loads the classifier in {@code directory} onto a device, ready for inference.
     *
     * @throws IOException when a file is missing or unreadable, or the version is not a critic or composer
     */
    public static ClassifierArtifact read(Path directory, Device device) throws IOException {
        ModelVersion version = ModelArtifact.readVersion(directory);
        if (version.kind() != ModelKind.CRITIC && version.kind() != ModelKind.COMPOSER) {
            throw new IOException("ClassifierArtifact loads critics and composer models; " + directory + " holds a "
                    + version.kind() + " (load it with ModelArtifact)");
        }
        ClassifierConfig config = ClassifierConfig.fromJson(
                Files.readString(directory.resolve(ModelArtifact.HYPERPARAMETERS_FILE), StandardCharsets.UTF_8));
        Vocabulary vocabulary = Vocabulary.load(directory.resolve(ModelArtifact.VOCABULARY_FILE));
        List<String> labels = new ArrayList<>();
        for (String line : Files.readAllLines(directory.resolve(LABELS_FILE), StandardCharsets.UTF_8)) {
            if (!line.isEmpty()) {
                labels.add(line);
            }
        }
        Map<String, Double> metrics = ClaraJson.GSON.fromJson(
                Files.readString(directory.resolve(ModelArtifact.METRICS_FILE), StandardCharsets.UTF_8),
                new TypeToken<LinkedHashMap<String, Double>>() { }.getType());
        String encoding = Files.readString(directory.resolve(ModelArtifact.ENCODING_FILE), StandardCharsets.UTF_8).trim();
        if (!encoding.equals(version.encodingId())) {
            throw new IOException(directory + ": encoding file says '" + encoding + "' but version.json says '"
                    + version.encodingId() + "'");
        }
        try {
            checkLabels(version.kind(), labels);
        } catch (IllegalArgumentException e) {
            throw new IOException(directory.resolve(LABELS_FILE) + ": " + e.getMessage(), e);
        }
        SequenceClassifier block = SequenceClassifier.builder().setVocabularySize(vocabulary.size())
                .setClasses(labels.size()).setConfig(config).build();
        Model model = Model.newInstance(version.kind().wireName(), device, ENGINE);
        try {
            model.setBlock(block);
            model.load(directory, version.kind().wireName());
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw e instanceof IOException io ? io : new IOException("cannot load the weights in " + directory + ": "
                    + e.getMessage(), e);
        }
        return new ClassifierArtifact(version, config, vocabulary, labels, metrics == null ? Map.of() : metrics, model,
                block);
    }

    private static void checkLabels(ModelKind kind, List<String> labels) {
        ClassLabels.check(labels);
        if (kind == ModelKind.CRITIC && (labels.size() != 2 || !labels.contains("human"))) {
            throw new IllegalArgumentException("a critic has two labels, one of them 'human' (" + CRITIC_LABELS
                    + "), not " + labels);
        }
    }

    @Override
    public void close() {
        model.close();
    }

    /**
     * Builds a {@link ClassifierArtifact} from a trained model; version, configuration, vocabulary,
     * labels and model are required.
     */
    public static final class Builder {

        private ModelVersion version;
        private ClassifierConfig config;
        private Vocabulary vocabulary;
        private List<String> labels;
        private Map<String, Double> metrics = Map.of();
        private Model model;

        private Builder() {}

        /** A version of kind critic or composer. */
        public Builder setVersion(ModelVersion version) {
            this.version = version;
            return this;
        }

        public Builder setConfig(ClassifierConfig config) {
            this.config = config;
            return this;
        }

        public Builder setVocabulary(Vocabulary vocabulary) {
            this.vocabulary = vocabulary;
            return this;
        }

        /** The class names in output order. */
        public Builder setLabels(List<String> labels) {
            this.labels = labels;
            return this;
        }

        /** The model holding an initialised {@link SequenceClassifier}; the artifact takes ownership. */
        public Builder setModel(Model model) {
            this.model = model;
            return this;
        }

        public Builder optMetrics(Map<String, Double> metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /** Takes the trained model, its labels and its metrics from a training result. */
        public Builder setTrainingResult(ClassifierTrainingResult result) {
            this.model = result.model();
            this.labels = result.labels();
            this.metrics = result.metrics();
            return this;
        }

        public ClassifierArtifact build() {
            if (version == null || config == null || vocabulary == null || labels == null || model == null) {
                throw new IllegalArgumentException("version, configuration, vocabulary, labels and model are required");
            }
            if (version.kind() != ModelKind.CRITIC && version.kind() != ModelKind.COMPOSER) {
                throw new IllegalArgumentException("a classifier is stored as a critic or a composer model, not a "
                        + version.kind());
            }
            checkLabels(version.kind(), labels);
            Block block = model.getBlock();
            if (!(block instanceof SequenceClassifier classifier) || !block.isInitialized()) {
                throw new IllegalArgumentException("the model must hold an initialised SequenceClassifier, not " + block);
            }
            if (classifier.vocabularySize() != vocabulary.size()) {
                throw new IllegalArgumentException("the network's vocabulary has " + classifier.vocabularySize()
                        + " entries but the vocabulary " + vocabulary.size());
            }
            if (classifier.classes() != labels.size()) {
                throw new IllegalArgumentException("the network has " + classifier.classes() + " outputs but "
                        + labels.size() + " labels were given: " + labels);
            }
            if (!classifier.config().equals(config)) {
                throw new IllegalArgumentException("the configuration differs from the one the network was built with");
            }
            return new ClassifierArtifact(version, config, vocabulary, labels, metrics, model, classifier);
        }
    }
}
