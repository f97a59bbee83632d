package dev.clara.nn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.clara.nn.LanguageModelConfig;
import dev.clara.nn.data.Vocabulary;
import dev.clara.nn.model.AwdLstmLanguageModel;
import dev.clara.nn.model.TinyModels;
import dev.clara.nn.train.LanguageModelTrainer;
import dev.clara.nn.train.TrainingResult;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

    private static final String ENCODING = "notewise-sf12-r62";

    private static Vocabulary vocabulary() {
        List<String> tokens = new ArrayList<>();
        for (int i = 3; i < TinyModels.VOCABULARY; i++) {
            tokens.add("p" + i);
        }
        return Vocabulary.of(tokens);
    }

    /** A generator whose weights are random but fixed by the seed, with every regulariser configured. */
    private static ModelArtifact artifact(String versionId, Instant createdAt, int seed) {
        LanguageModelConfig config = LanguageModelConfig.builder().optEmbeddingSize(16).optHiddenSize(32).optLayers(2)
                .build();
        Model model = Model.newInstance("generator", ai.djl.Device.cpu(), "PyTorch");
        Engine.getEngine("PyTorch").setRandomSeed(seed);
        AwdLstmLanguageModel block = AwdLstmLanguageModel.builder().setVocabularySize(TinyModels.VOCABULARY)
                .setConfig(config).build();
        model.setBlock(block);
        block.initialize(model.getNDManager());
        return ModelArtifact.builder()
                .setVersion(new ModelVersion(versionId, ModelKind.GENERATOR, null, createdAt, ENCODING))
                .setConfig(config).setVocabulary(vocabulary()).setModel(model)
                .optMetrics(Map.of("validation_loss", 1.25, "accuracy", 0.5)).build();
    }

    private static NDArray evaluate(ModelArtifact artifact, NDManager manager) {
        return artifact.block().forward(new ParameterStore(manager, false), TinyModels.ids(manager), null, false).logits();
    }

    @Test
    void aLoadedModelGivesBitIdenticalOutputs(@TempDir Path root) throws IOException {
        ModelStore store = new ModelStore(root);
        try (ModelArtifact saved = artifact("generator-a", Instant.parse("2025-01-01T00:00:00Z"), 9);
                NDManager manager = TinyModels.cpuManager()) {
            store.save(saved);
            NDArray expected = evaluate(saved, manager);

            try (ModelArtifact loaded = store.load("generator-a")) {
                assertThat(evaluate(loaded, manager)).isEqualTo(expected);
                assertThat(loaded.config()).isEqualTo(saved.config());
                assertThat(loaded.vocabulary()).isEqualTo(saved.vocabulary());
                assertThat(loaded.metrics()).containsEntry("validation_loss", 1.25);
                assertThat(loaded.version()).isEqualTo(saved.version());
            }
        }
    }

    @Test
    void aTrainedModelRoundTripsThroughTheStore(@TempDir Path root) throws IOException {
        Vocabulary vocabulary = vocabulary();
        List<int[]> pieces = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
            int[] piece = new int[30];
            for (int i = 0; i < piece.length; i++) {
                piece[i] = 3 + (p + i) % 5;
            }
            pieces.add(piece);
        }
        LanguageModelConfig config = LanguageModelConfig.builder().optEmbeddingSize(16).optHiddenSize(32).optLayers(1)
                .optBatchSize(4).optBptt(8).optEpochs(1).optMaxStepsPerEpoch(3).build();
        TrainingResult result = LanguageModelTrainer.builder().setConfig(config).setVocabulary(vocabulary)
                .setTrainingPieces(pieces).optValidationPieces(pieces.subList(0, 2)).build().train();
        ModelStore store = new ModelStore(root);
        ModelVersion version = ModelVersion.create(ModelKind.GENERATOR, ENCODING, null);
        try (ModelArtifact trained = ModelArtifact.builder().setVersion(version).setConfig(config)
                .setVocabulary(vocabulary).setModel(result.model()).optMetrics(result.metrics()).build();
                NDManager manager = TinyModels.cpuManager()) {
            store.save(trained);

            try (ModelArtifact loaded = store.load(version.versionId())) {
                assertThat(evaluate(loaded, manager)).isEqualTo(evaluate(trained, manager));
                assertThat(loaded.metrics()).containsEntry("steps", 3.0);
                assertThat(store.latest(ModelKind.GENERATOR)).contains(version);
            }
        }
    }

    @Test
    void writesOneDirectoryPerVersionWithTheDocumentedFiles(@TempDir Path root) throws IOException {
        ModelStore store = new ModelStore(root);
        try (ModelArtifact artifact = artifact("generator-b", Instant.parse("2025-01-01T00:00:00Z"), 1)) {
            Path directory = store.save(artifact);

            assertThat(directory).isEqualTo(root.resolve("generator-b"));
            assertThat(directory.resolve("generator-0000.params")).isRegularFile();
            assertThat(Files.readAllLines(directory.resolve("vocab.txt"))).startsWith("<unk>", "<pad>", "<bos>", "p3");
            assertThat(Files.readString(directory.resolve("encoding")).trim()).isEqualTo(ENCODING);
            assertThat(LanguageModelConfig.fromJson(Files.readString(directory.resolve("hyperparameters.json"))))
                    .isEqualTo(artifact.config());
            JsonObject version = JsonParser.parseString(Files.readString(directory.resolve("version.json")))
                    .getAsJsonObject();
            assertThat(version.get("versionId").getAsString()).isEqualTo("generator-b");
            assertThat(version.get("kind").getAsString()).isEqualTo("generator");
            assertThat(version.get("createdAt").getAsString()).isEqualTo("2025-01-01T00:00:00Z");
            assertThat(version.get("encodingId").getAsString()).isEqualTo(ENCODING);
            assertThat(JsonParser.parseString(Files.readString(directory.resolve("metrics.json"))).getAsJsonObject()
                    .get("accuracy").getAsDouble()).isEqualTo(0.5);
        }
    }

    @Test
    void listsVersionsOfAKindOldestFirstAndFindsTheLatest(@TempDir Path root) throws IOException {
        ModelStore store = new ModelStore(root);
        assertThat(store.latest(ModelKind.GENERATOR)).isEmpty();
        try (ModelArtifact newer = artifact("generator-2", Instant.parse("2025-02-01T00:00:00Z"), 1);
                ModelArtifact older = artifact("generator-1", Instant.parse("2025-01-01T00:00:00Z"), 1)) {
            store.save(newer);
            store.save(older);
        }
        // A directory of another kind, written by another module, is not a generator.
        Files.createDirectories(root.resolve("critic-1"));
        Files.writeString(root.resolve("critic-1/version.json"), "{\"versionId\":\"critic-1\",\"kind\":\"critic\","
                + "\"createdAt\":\"2025-03-01T00:00:00Z\",\"encodingId\":\"" + ENCODING + "\"}");

        assertThat(store.list(ModelKind.GENERATOR)).extracting(ModelVersion::versionId)
                .containsExactly("generator-1", "generator-2");
        assertThat(store.latest(ModelKind.GENERATOR)).map(ModelVersion::versionId).contains("generator-2");
        assertThat(store.latest(ModelKind.CRITIC)).map(ModelVersion::versionId).contains("critic-1");
        assertThat(store.list(ModelKind.COMPOSER)).isEmpty();
    }

    @Test
    void aWriteThatFailsMidwayLeavesEarlierVersionsAndNoTrace(@TempDir Path root) throws IOException {
        ModelStore store = new ModelStore(root);
        try (ModelArtifact artifact = artifact("generator-1", Instant.parse("2025-01-01T00:00:00Z"), 1)) {
            store.save(artifact);
        }

        assertThatThrownBy(() -> AtomicDirectory.write(root.resolve("generator-2"), directory -> {
            Files.writeString(directory.resolve("vocab.txt"), "<unk>\n");
            throw new IOException("disk full");
        })).hasMessage("disk full");

        assertThat(root.resolve("generator-2")).doesNotExist();
        try (var entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("generator-1");
        }
        assertThat(store.list(ModelKind.GENERATOR)).extracting(ModelVersion::versionId).containsExactly("generator-1");
    }

    @Test
    void ignoresWhatACrashedWriterLeftBehind(@TempDir Path root) throws IOException {
        ModelStore store = new ModelStore(root);
        try (ModelArtifact artifact = artifact("generator-1", Instant.parse("2025-01-01T00:00:00Z"), 1)) {
            store.save(artifact);
            // A crash after writing version.json but before the rename leaves a temporary directory.
            Path crashed = root.resolve(AtomicDirectory.TEMPORARY_PREFIX + "crashed");
            Files.createDirectories(crashed);
            artifact.writeTo(crashed);
        }

        assertThat(store.list(ModelKind.GENERATOR)).extracting(ModelVersion::versionId).containsExactly("generator-1");
    }

    @Test
    void neverOverwritesAVersion(@TempDir Path root) throws IOException {
        ModelStore store = new ModelStore(root);
        try (ModelArtifact first = artifact("generator-1", Instant.parse("2025-01-01T00:00:00Z"), 1);
                ModelArtifact second = artifact("generator-1", Instant.parse("2025-01-02T00:00:00Z"), 2)) {
            store.save(first);

            assertThatThrownBy(() -> store.save(second)).isInstanceOf(FileAlreadyExistsException.class);
        }
    }

    @Test
    void saysWhichVersionIsMissing(@TempDir Path root) {
        ModelStore store = new ModelStore(root);

        assertThatThrownBy(() -> store.load("generator-404")).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("generator-404");
        assertThatThrownBy(() -> store.load("../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createsSortableUniqueVersionIds() {
        Clock clock = Clock.fixed(Instant.parse("2025-06-01T12:30:00Z"), ZoneOffset.UTC);

        ModelVersion version = ModelVersion.create(ModelKind.GENERATOR, ENCODING, "generator-1", clock);

        assertThat(version.versionId()).matches("generator-20250601T123000Z-[0-9a-f]{4}");
        assertThat(version.parentVersion()).isEqualTo("generator-1");
        assertThatThrownBy(() -> new ModelVersion("a/b", ModelKind.GENERATOR, null, Instant.EPOCH, ENCODING))
                .hasMessageContaining("version id");
    }
}
