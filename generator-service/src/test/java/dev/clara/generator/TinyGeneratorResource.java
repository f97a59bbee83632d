package dev.clara.generator;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import dev.clara.music.encoding.EncodingSpec;
import dev.clara.music.encoding.NotewiseVocabulary;
import dev.clara.nn.LanguageModelConfig;
import dev.clara.nn.data.Vocabulary;
import dev.clara.nn.model.AwdLstmLanguageModel;
import dev.clara.nn.store.ModelArtifact;
import dev.clara.nn.store.ModelKind;
import dev.clara.nn.store.ModelStore;
import dev.clara.nn.store.ModelVersion;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Puts a tiny, randomly initialised generator into a fresh model store before the service starts, so the service
 * loads it as it would a trained one. Its music is noise, which is all a test of the service's plumbing needs.
 */
public class TinyGeneratorResource implements QuarkusTestResourceLifecycleManager {
    static volatile String versionId;
    static volatile Path storeRoot;

    @Override
    public Map<String, String> start() {
        try {
            storeRoot = Files.createTempDirectory("clara-generator-test-store");
            versionId = writeTinyGenerator(storeRoot);
            return Map.of("clara.model-store.root", storeRoot.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String writeTinyGenerator(Path root) throws Exception {
        EncodingSpec spec = EncodingSpec.NOTEWISE;
        Vocabulary vocabulary = Vocabulary.of(NotewiseVocabulary.of(spec).tokens());
        LanguageModelConfig config = LanguageModelConfig.builder().optEmbeddingSize(16).optHiddenSize(32).optLayers(2)
                .optBptt(16).optBatchSize(4).build();
        Engine.getEngine("PyTorch").setRandomSeed(11);
        AwdLstmLanguageModel block = AwdLstmLanguageModel.builder().setVocabularySize(vocabulary.size()).setConfig(config).build();
        Model model = Model.newInstance("generator", Device.cpu(), "PyTorch");
        model.setBlock(block);
        block.initialize(model.getNDManager());
        ModelVersion version = ModelVersion.create(ModelKind.GENERATOR, spec.id(), null);
        ModelArtifact artifact = ModelArtifact.builder().setVersion(version).setConfig(config).setVocabulary(vocabulary)
                .setModel(model).optMetrics(Map.of()).build();
        new ModelStore(root).save(artifact);
        artifact.close();
        return version.versionId();
    }

    @Override
    public void stop() {
    }
}
