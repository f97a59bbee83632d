package dev.clara.nn.model;

import static dev.clara.nn.model.TinyModels.bare;
import static dev.clara.nn.model.TinyModels.ids;
import static dev.clara.nn.model.TinyModels.initialised;
import static dev.clara.nn.model.TinyModels.logits;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.clara.nn.LanguageModelConfig;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AwdLstmLanguageModelTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = TinyModels.cpuManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void returnsLogitsStateAndBothLastLayerOutputs() {
        AwdLstmLanguageModel model = initialised(bare().build(), manager, 1);

        LanguageModelOutput output = model.forward(new ParameterStore(manager, false), ids(manager), null, true);

        assertThat(output.logits().getShape()).isEqualTo(new Shape(4, 8, TinyModels.VOCABULARY));
        assertThat(output.rawOutput().getShape()).isEqualTo(new Shape(4, 8, 16));
        assertThat(output.droppedOutput().getShape()).isEqualTo(new Shape(4, 8, 16));
        assertThat(output.state().layers()).isEqualTo(2);
        assertThat(output.state().hidden(0).getShape()).isEqualTo(new Shape(1, 4, 32));
        assertThat(output.state().cell(1).getShape()).isEqualTo(new Shape(1, 4, 16));
    }

    @Test
    void theCarriedStateChangesTheOutput() {
        AwdLstmLanguageModel model = initialised(bare().build(), manager, 1);
        ParameterStore store = new ParameterStore(manager, false);
        NDArray ids = ids(manager);

        LanguageModelOutput first = model.forward(store, ids, null, false);
        NDArray fromZero = model.forward(store, ids, model.zeroState(manager, 4), false).logits();
        NDArray fromCarried = model.forward(store, ids, first.state(), false).logits();

        assertThat(fromZero).isEqualTo(first.logits());
        assertThat(fromCarried).isNotEqualTo(first.logits());
    }

    @Test
    void evaluationIsDeterministicEvenWithEveryRegulariserOn() {
        AwdLstmLanguageModel model = initialised(LanguageModelConfig.builder().optEmbeddingSize(16).optHiddenSize(32)
                .optLayers(2).build(), manager, 1);
        NDArray ids = ids(manager);

        assertThat(logits(model, manager, ids, false)).isEqualTo(logits(model, manager, ids, false));
        assertThat(logits(model, manager, ids, true)).isNotEqualTo(logits(model, manager, ids, true));
    }

    static Stream<Arguments> dropouts() {
        return Stream.of(
                Arguments.of("embedding", (UnaryOperator<LanguageModelConfig.Builder>) b -> b.optEmbeddingDropout(0.3f)),
                Arguments.of("input", (UnaryOperator<LanguageModelConfig.Builder>) b -> b.optInputDropout(0.3f)),
                Arguments.of("hidden", (UnaryOperator<LanguageModelConfig.Builder>) b -> b.optHiddenDropout(0.3f)),
                Arguments.of("output", (UnaryOperator<LanguageModelConfig.Builder>) b -> b.optOutputDropout(0.3f)),
                Arguments.of("weight", (UnaryOperator<LanguageModelConfig.Builder>) b -> b.optWeightDropout(0.3f)));
    }

    @ParameterizedTest(name = "{0} dropout")
    @MethodSource("dropouts")
    void eachDropoutChangesTrainingOutputsAndOnlyThem(String name, UnaryOperator<LanguageModelConfig.Builder> enable) {
        AwdLstmLanguageModel plain = initialised(bare().build(), manager, 3);
        AwdLstmLanguageModel regularised = initialised(enable.apply(bare()).build(), manager, 3);
        NDArray ids = ids(manager);

        NDArray plainTraining = logits(plain, manager, ids, true);
        NDArray plainEvaluation = logits(plain, manager, ids, false);
        NDArray regularisedTraining = logits(regularised, manager, ids, true);
        NDArray regularisedEvaluation = logits(regularised, manager, ids, false);

        assertThat(plainTraining).as("without dropout, training and evaluation agree").isEqualTo(plainEvaluation);
        assertThat(regularisedEvaluation).as("the same weights without dropout in evaluation").isEqualTo(plainEvaluation);
        assertThat(regularisedTraining).as(name + " dropout changes training outputs").isNotEqualTo(regularisedEvaluation);
        assertThat(logits(regularised, manager, ids, true)).as("a new mask each call").isNotEqualTo(regularisedTraining);
    }

    @Test
    void weightDropIsDropConnectOnTheRawHiddenWeights() {
        AwdLstmLanguageModel model = initialised(bare().optWeightDropout(0.5f).build(), manager, 5);
        WeightDroppedLstmLayer layer = model.layers().get(0);

        try (NDManager step = manager.newSubManager();
                GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray loss = model.forward(new ParameterStore(step, false), ids(step), null, true).logits().square().mean();
            collector.backward(loss);
        }

        try (NDArray hidden = layer.hiddenWeight().getArray().getGradient();
                NDArray input = layer.getParameters().get("i2h_weight").getArray().getGradient()) {
            double hiddenZeros = hidden.eq(0).sum().getLong() / (double) hidden.size();
            double inputZeros = input.eq(0).sum().getLong() / (double) input.size();
            // Dropped connections get no gradient; about half of them with p = 0.5, while the input weights all learn.
            assertThat(hiddenZeros).isBetween(0.4, 0.6);
            assertThat(inputZeros).isLessThan(0.05);
        }
    }

    @Test
    void lockedDropoutSharesOneMaskAcrossTime() {
        NDArray ones = manager.ones(new Shape(3, 50, 8));

        NDArray dropped = LockedDropout.apply(ones, 0.5f, true);

        NDArray firstStep = dropped.get(":, 0:1, :");
        assertThat(dropped.sub(firstStep).abs().max().getFloat()).isZero();
        float zeros = firstStep.eq(0).sum().getLong() / 24f;
        assertThat(zeros).isBetween(0.1f, 0.9f);
        assertThat(firstStep.max().getFloat()).as("kept values scaled by 1/(1-p)").isEqualTo(2f);
        assertThat(LockedDropout.apply(ones, 0.5f, false)).isSameAs(ones);
    }

    @Test
    void embeddingDropoutDropsWholeWords() {
        NDArray weight = manager.randomUniform(1, 2, new Shape(200, 6));

        NDArray dropped = EmbeddingDropout.apply(weight, 0.25f, manager);

        NDArray zeroRows = dropped.eq(0).sum(new int[] {1});
        long wholeRows = zeroRows.eq(6).sum().getLong();
        long untouchedRows = zeroRows.eq(0).sum().getLong();
        assertThat(wholeRows + untouchedRows).as("a row is dropped whole or kept whole").isEqualTo(200);
        assertThat(wholeRows).isBetween(25L, 80L);
    }

    @Test
    void tiedWeightsShareOneParameterBetweenEmbeddingAndDecoder() {
        AwdLstmLanguageModel tied = initialised(bare().build(), manager, 1);
        AwdLstmLanguageModel untied = initialised(bare().optTieWeights(false).build(), manager, 1);

        assertThat(tied.decoderWeight()).isSameAs(tied.embedding());
        assertThat(tied.getParameters().keys()).doesNotContain("decoder_weight");
        assertThat(untied.decoderWeight()).isNotSameAs(untied.embedding());
        assertThat(untied.getParameters().keys()).contains("decoder_weight");
    }

    @Test
    void withTiedWeightsTheEmbeddingAlsoDecodes() {
        // Token 19 never occurs in the input: changing its embedding row can only reach the output through the decoder.
        long absent = TinyModels.VOCABULARY - 1;
        NDArray ids = manager.create(new long[] {4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, new Shape(2, 5));
        for (boolean tie : new boolean[] {true, false}) {
            AwdLstmLanguageModel model = initialised(bare().optTieWeights(tie).build(), manager, 1);
            NDArray before = logits(model, manager, ids, false).get(":, :, " + absent);
            NDArray embedding = model.embedding().getArray();
            embedding.set(new ai.djl.ndarray.index.NDIndex(absent), embedding.get(absent).add(1f));
            NDArray after = logits(model, manager, ids, false).get(":, :, " + absent);

            if (tie) {
                assertThat(after).isNotEqualTo(before);
            } else {
                assertThat(after).isEqualTo(before);
            }
        }
    }

    @Test
    void leavesNoArraysBehindOnTheModelsManagerAfterAStep() {
        AwdLstmLanguageModel model = initialised(LanguageModelConfig.builder().optEmbeddingSize(16).optHiddenSize(32)
                .optLayers(2).build(), manager, 1);
        int before = manager.getManagedArrays().size();

        for (int i = 0; i < 3; i++) {
            try (NDManager step = manager.newSubManager();
                    GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                collector.backward(model.forward(new ParameterStore(step, false), ids(step), null, true).logits().mean());
            }
        }

        assertThat(manager.getManagedArrays()).hasSize(before);
    }
}
