package dev.clara.critic;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import dev.clara.music.encoding.EncodingSpec;
import dev.clara.music.encoding.NotewiseVocabulary;
import dev.clara.nn.classify.ClassifierArtifact;
import dev.clara.nn.classify.ClassifierConfig;
import dev.clara.nn.classify.SequenceClassifier;
import dev.clara.nn.data.Vocabulary;
import dev.clara.nn.store.ModelKind;
import dev.clara.nn.store.ModelStore;
import dev.clara.nn.store.ModelVersion;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A tiny, randomly initialised critic in a fresh model store, loaded by the service as a trained one would be. */
public class TinyCriticResource implements QuarkusTestResourceLifecycleManager {
    static volatile String versionId;

    @Override
    public Map<String, String> start() {
        try {
            Path root = Files.createTempDirectory("clara-critic-test-store");
            Vocabulary vocabulary = Vocabulary.of(NotewiseVocabulary.of(EncodingSpec.NOTEWISE).tokens());
            ClassifierConfig config = ClassifierConfig.defaults().toBuilder().optEmbeddingSize(16).optHiddenSize(32)
                    .optLayers(2).optHeadHiddenSize(8).optBptt(32).optBatchSize(4).build();
            Engine.getEngine("PyTorch").setRandomSeed(5);
            Model model = Model.newInstance("critic", Device.cpu(), "PyTorch");
            SequenceClassifier block = SequenceClassifier.builder().setVocabularySize(vocabulary.size()).setClasses(2)
                    .setConfig(config).build();
            model.setBlock(block);
            block.initialize(model.getNDManager());
            ModelVersion version = ModelVersion.create(ModelKind.CRITIC, EncodingSpec.NOTEWISE.id(), null);
            try (ClassifierArtifact artifact = ClassifierArtifact.builder().setVersion(version).setConfig(config)
                    .setVocabulary(vocabulary).setLabels(ClassifierArtifact.CRITIC_LABELS).setModel(model).build()) {
                new ModelStore(root).save(artifact);
            }
            versionId = version.versionId();
            return Map.of("clara.model-store.root", root.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
    }
}
