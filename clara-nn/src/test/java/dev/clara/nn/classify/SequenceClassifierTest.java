package dev.clara.nn.classify;

import dev.clara.nn.testing.OneTorchThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.clara.nn.LanguageModelConfig;
import dev.clara.nn.model.AwdLstmLanguageModel;
import dev.clara.nn.model.TinyModels;
import dev.clara.nn.train.AdamOptimizer;
import dev.clara.nn.train.GradientClipping;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(OneTorchThread.class)
class SequenceClassifierTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = TinyModels.cpuManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private SequenceClassifier classifier(ClassifierConfig config, int classes, int seed) {
        Engine.getEngine("PyTorch").setRandomSeed(seed);
        SequenceClassifier classifier = SequenceClassifier.builder().setVocabularySize(TinyModels.VOCABULARY)
                .setClasses(classes).setConfig(config).build();
        classifier.initialize(manager);
        return classifier;
    }

    private static ClassifierConfig.Builder tiny() {
        return ClassifierConfig.builder().optEmbeddingSize(16).optHiddenSize(32).optLayers(2).optHeadHiddenSize(8)
                .optBptt(8).optBatchSize(4);
    }

    @Test
    void givesOneLogitPerClassAndIsDeterministicInEvaluation() {
        SequenceClassifier classifier = classifier(tiny().build(), 3, 1);
        ParameterStore store = new ParameterStore(manager, false);
        NDArray ids = TinyModels.ids(manager);

        NDArray logits = classifier.forward(store, ids, null, false);

        assertThat(logits.getShape()).isEqualTo(new Shape(4, 3));
        assertThat(classifier.forward(store, ids, null, false)).isEqualTo(logits);
        assertThat(classifier.forward(store, ids, null, true)).as("dropouts and batch statistics in training")
                .isNotEqualTo(logits);
        assertThat(classifier.layerGroups()).hasSize(3);
        assertThat(classifier.layerGroups().get(0).keys()).first().asString().contains("embedding");
    }

    @Test
    void aSequenceScoresTheSameAloneOrPaddedInABatch() {
        SequenceClassifier classifier = classifier(tiny().build(), 2, 2);
        ParameterStore store = new ParameterStore(manager, false);
        int[] shortOne = {4, 5, 6};
        int[] longOne = {7, 8, 9, 10, 11, 12, 13, 14};

        PaddedBatch alone = PaddedBatch.of(List.of(shortOne), manager);
        PaddedBatch together = PaddedBatch.of(List.of(longOne, shortOne), manager);
        float[] aloneLogits = classifier.forward(store, alone.ids(), alone.lengths(), false).toFloatArray();
        float[] batchLogits = classifier.forward(store, together.ids(), together.lengths(), false).get(1).toFloatArray();

        assertThat(together.ids().getShape()).isEqualTo(new Shape(2, 8));
        assertThat(together.tokens()).isEqualTo(11);
        for (int c = 0; c < 2; c++) {
            assertThat(batchLogits[c]).isCloseTo(aloneLogits[c], within(1e-5f));
        }
    }

    @Test
    void aCopiedEncoderComputesExactlyTheGeneratorsLastLayer() {
        LanguageModelConfig generatorConfig = TinyModels.bare().optWeightDropout(0.5f).optInputDropout(0.3f).build();
        AwdLstmLanguageModel generator = TinyModels.initialised(generatorConfig, manager, 4);
        SequenceClassifier classifier = classifier(tiny().optHiddenSize(99).optEncoderOf(generatorConfig).build(), 2, 5);
        ParameterStore store = new ParameterStore(manager, false);
        NDArray ids = TinyModels.ids(manager);
        NDArray before = classifier.encode(store, ids, false);

        classifier.copyEncoderFrom(generator);

        NDArray expected = generator.forward(store, ids, null, false).rawOutput();
        assertThat(before).isNotEqualTo(expected);
        assertThat(classifier.encode(store, ids, false)).isEqualTo(expected);
    }

    @Test
    void refusesToCopyAnEncoderOfAnotherShape() {
        AwdLstmLanguageModel generator = TinyModels.initialised(TinyModels.bare().build(), manager, 4);
        SequenceClassifier classifier = classifier(tiny().optHiddenSize(64).build(), 2, 5);

        assertThatThrownBy(() -> classifier.copyEncoderFrom(generator))
                .hasMessageContaining("(vocabulary 20, embedding 16, 2×32) does not fit this classifier's "
                        + "(vocabulary 20, embedding 16, 2×64)");
    }

    @Test
    void aFrozenEncoderGetsNoGradientWhileTheHeadDoes() {
        SequenceClassifier classifier = classifier(tiny().build(), 2, 6);
        classifier.freezeEncoder(true);

        try (NDManager step = manager.newSubManager();
                GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray logits = classifier.forward(new ParameterStore(step, false), TinyModels.ids(step), null, true);
            collector.backward(ClassifierLoss.crossEntropy(logits, new int[] {0, 1, 0, 1}, null));
        }

        assertThat(classifier.encoder().getParameters().values()).noneMatch(Parameter::requiresGradient);
        assertThat(classifier.encoder().embedding().getArray().hasGradient()).isFalse();
        try (NDArray gradient = classifier.head().layers().get(0).getParameters().get("weight").getArray().getGradient()) {
            assertThat(gradient.abs().sum().getFloat()).isPositive();
        }
        classifier.freezeEncoder(false);
        assertThat(classifier.encoder().getParameters().values()).allMatch(Parameter::requiresGradient);
    }

    @Test
    void leavesNoArraysBehindOnTheModelsManagerOverManySteps() {
        SequenceClassifier classifier = classifier(tiny().build(), 2, 7);
        List<PairList<String, Parameter>> groups = classifier.layerGroups();
        AdamOptimizer optimizer = new AdamOptimizer(0.9f, 0.99f, 1e-8f, 0f);
        PairList<String, Parameter> all = classifier.getParameters();
        int before = manager.getManagedArrays().size();

        for (int i = 0; i < 25; i++) {
            try (NDManager step = manager.newSubManager()) {
                PaddedBatch batch = PaddedBatch.of(List.of(new int[] {3, 4, 5}, new int[] {6, 7, 8, 9, 10}), step);
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray logits = classifier.forward(new ParameterStore(step, false), batch.ids(), batch.lengths(), true);
                    collector.backward(ClassifierLoss.crossEntropy(logits, new int[] {0, 1}, new float[] {1f, 2f}));
                }
                GradientClipping.clipByGlobalNorm(all, 0.3f, step);
                optimizer.step(all, 1e-3f);
            }
        }
        int moments = 2 * (int) all.values().stream().filter(Parameter::requiresGradient).count();
        assertThat(groups.stream().mapToInt(PairList::size).sum()).isEqualTo(all.size());

        assertThat(manager.getManagedArrays()).hasSize(before + moments);
        optimizer.close();
        assertThat(manager.getManagedArrays()).hasSize(before);
    }
}
