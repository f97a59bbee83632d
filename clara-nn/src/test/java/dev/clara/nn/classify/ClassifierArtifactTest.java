package dev.clara.nn.classify;

import dev.clara.nn.testing.OneTorchThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonParser;
import dev.clara.nn.data.Vocabulary;
import dev.clara.nn.model.TinyModels;
import dev.clara.nn.store.ModelKind;
import dev.clara.nn.store.ModelStore;
import dev.clara.nn.store.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(OneTorchThread.class)
class ClassifierArtifactTest {

    private static final String ENCODING = "notewise-sf12-r62";
    private static final Vocabulary VOCABULARY = TwoPatterns.vocabulary();

    /** A critic trained for a few steps, so that batch norm's running statistics are no longer the defaults. */
    private static ClassifierArtifact trainedCritic(String versionId) {
        ClassifierConfig config = TwoPatterns.config().optEpochs(1).optMaxStepsPerEpoch(4).build();
        ClassifierTrainingResult result = ClassifierTrainer.builder().setConfig(config).setVocabulary(VOCABULARY)
                .setLabels(ClassifierArtifact.CRITIC_LABELS)
                .setTrainingExcerpts(TwoPatterns.excerpts(TwoPatterns.pieces(20, 1), 16, 1))
                .optValidationExcerpts(TwoPatterns.excerpts(TwoPatterns.pieces(6, 2), 16, 2)).build().train();
        return ClassifierArtifact.builder()
                .setVersion(new ModelVersion(versionId, ModelKind.CRITIC, "generator-1", Instant.parse(
                        "2025-03-01T00:00:00Z"), ENCODING))
                .setConfig(config).setVocabulary(VOCABULARY).setTrainingResult(result).build();
    }

    private static NDArray evaluate(ClassifierArtifact artifact, NDManager manager) {
        PaddedBatch batch = PaddedBatch.of(List.of(new int[] {3, 4, 5, 6, 7, 8, 9, 10}, new int[] {12, 11, 10}), manager);
        return artifact.block().forward(new ParameterStore(manager, false), batch.ids(), batch.lengths(), false);
    }

    @Test
    void aLoadedClassifierGivesBitIdenticalOutputs(@TempDir Path root) throws IOException {
        ModelStore store = new ModelStore(root);
        try (ClassifierArtifact saved = trainedCritic("critic-a"); NDManager manager = TinyModels.cpuManager()) {
            store.save(saved);
            NDArray expected = evaluate(saved, manager);

            try (ClassifierArtifact loaded = ClassifierArtifact.load(store, "critic-a", Device.cpu())) {
                assertThat(evaluate(loaded, manager)).isEqualTo(expected);
                assertThat(loaded.labels()).containsExactly("machine", "human");
                assertThat(loaded.config()).isEqualTo(saved.config());
                assertThat(loaded.vocabulary()).isEqualTo(VOCABULARY);
                assertThat(loaded.version()).isEqualTo(saved.version());
                assertThat(loaded.metrics()).isEqualTo(saved.metrics()).containsKeys("accuracy", "recall.human");
            }
        }
    }

    @Test
    void writesTheDocumentedFilesAndListsByKind(@TempDir Path root) throws IOException {
        ModelStore store = new ModelStore(root);
        try (ClassifierArtifact critic = trainedCritic("critic-b")) {
            Path directory = store.save(critic);

            assertThat(directory.resolve("critic-0000.params")).isRegularFile();
            assertThat(Files.readAllLines(directory.resolve("labels.txt"))).containsExactly("machine", "human");
            assertThat(Files.readAllLines(directory.resolve("vocab.txt"))).startsWith("<unk>", "<pad>", "<bos>", "t0");
            assertThat(Files.readString(directory.resolve("encoding")).trim()).isEqualTo(ENCODING);
            assertThat(ClassifierConfig.fromJson(Files.readString(directory.resolve("hyperparameters.json"))))
                    .isEqualTo(critic.config());
            assertThat(JsonParser.parseString(Files.readString(directory.resolve("version.json"))).getAsJsonObject()
                    .get("kind").getAsString()).isEqualTo("critic");
            assertThat(JsonParser.parseString(Files.readString(directory.resolve("metrics.json"))).getAsJsonObject()
                    .has("confusion.human.machine")).isTrue();
        }
        assertThat(store.list(ModelKind.CRITIC)).extracting(ModelVersion::versionId).containsExactly("critic-b");
        assertThat(store.latest(ModelKind.GENERATOR)).isEmpty();
        assertThatThrownBy(() -> store.load("critic-b")).isInstanceOf(IOException.class)
                .hasMessageContaining("holds a critic").hasMessageContaining("ClassifierArtifact");
        assertThatThrownBy(() -> ClassifierArtifact.load(store, "critic-404", Device.cpu()))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("critic-404");
    }

    @Test
    void storesAComposerModelWithOneLabelPerComposer(@TempDir Path root) throws IOException {
        List<String> composers = List.of("bach", "chopin", "J. S. Bach Jr.");
        ClassifierConfig config = TwoPatterns.config().build();
        Engine.getEngine("PyTorch").setRandomSeed(1);
        Model model = Model.newInstance("composer", Device.cpu(), "PyTorch");
        SequenceClassifier block = SequenceClassifier.builder().setVocabularySize(VOCABULARY.size()).setClasses(3)
                .setConfig(config).build();
        model.setBlock(block);
        block.initialize(model.getNDManager());
        ModelVersion version = ModelVersion.create(ModelKind.COMPOSER, ENCODING, null);
        ModelStore store = new ModelStore(root);
        try (ClassifierArtifact artifact = ClassifierArtifact.builder().setVersion(version).setConfig(config)
                .setVocabulary(VOCABULARY).setLabels(composers).setModel(model).build()) {
            store.save(artifact);
        }

        try (ClassifierArtifact loaded = ClassifierArtifact.load(store, version.versionId(), Device.cpu())) {
            assertThat(loaded.labels()).isEqualTo(composers);
            assertThat(loaded.block().classes()).isEqualTo(3);
            assertThat(root.resolve(version.versionId()).resolve("composer-0000.params")).isRegularFile();
        }
    }

    @Test
    void refusesInconsistentArtifacts() {
        ClassifierConfig config = TwoPatterns.config().build();
        try (Model model = Model.newInstance("critic", Device.cpu(), "PyTorch")) {
            SequenceClassifier block = SequenceClassifier.builder().setVocabularySize(VOCABULARY.size()).setClasses(2)
                    .setConfig(config).build();
            model.setBlock(block);
            block.initialize(model.getNDManager());
            ClassifierArtifact.Builder builder = ClassifierArtifact.builder().setConfig(config).setVocabulary(VOCABULARY)
                    .setModel(model).setLabels(List.of("up", "down"))
                    .setVersion(ModelVersion.create(ModelKind.CRITIC, ENCODING, null));

            assertThatThrownBy(builder::build).hasMessageContaining("a critic has two labels, one of them 'human'");
            assertThatThrownBy(() -> builder.setVersion(ModelVersion.create(ModelKind.GENERATOR, ENCODING, null)).build())
                    .hasMessageContaining("not a generator");
            assertThatThrownBy(() -> builder.setVersion(ModelVersion.create(ModelKind.COMPOSER, ENCODING, null))
                    .setLabels(List.of("a", "b", "c")).build()).hasMessageContaining("2 outputs but 3 labels");
            assertThatThrownBy(() -> builder.setLabels(List.of("a", "b")).setConfig(config.toBuilder().optEpochs(1)
                    .build()).build()).hasMessageContaining("configuration differs");
        }
    }
}
