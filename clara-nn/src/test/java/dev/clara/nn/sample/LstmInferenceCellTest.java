package dev.clara.nn.sample;

import dev.clara.nn.testing.OneTorchThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.clara.nn.LanguageModelConfig;
import dev.clara.nn.model.AwdLstmLanguageModel;
import dev.clara.nn.model.LanguageModelOutput;
import dev.clara.nn.model.TinyModels;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(OneTorchThread.class)
class LstmInferenceCellTest {

    private static final double TOLERANCE = 1e-5;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = TinyModels.cpuManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    static Stream<Arguments> shapes() {
        return Stream.of(ProductOrder.ACTIVATIONS_FIRST, ProductOrder.WEIGHTS_FIRST).flatMap(order -> Stream.of(
                Arguments.of("two layers, tied", TinyModels.bare().build(), order),
                Arguments.of("three layers, untied", TinyModels.bare().optLayers(3).optTieWeights(false).build(), order),
                Arguments.of("one layer", TinyModels.bare().optLayers(1).build(), order),
                // Every dropout on: evaluation must ignore them all, as the cell does.
                Arguments.of("Clara's regularisers", LanguageModelConfig.builder().optEmbeddingSize(16).optHiddenSize(32)
                        .optLayers(2).build(), order)));
    }

    @ParameterizedTest(name = "{0}, {2}")
    @MethodSource("shapes")
    void stepsGiveTheModelsOwnEvaluationLogits(String name, LanguageModelConfig config, ProductOrder order) {
        AwdLstmLanguageModel model = TinyModels.initialised(config, manager, 7);
        randomiseDecoderBias(model);
        NDArray ids = TinyModels.ids(manager);
        NDArray expected = model.forward(new ParameterStore(manager, false), ids, null, false).logits();
        long[] flat = ids.toLongArray();
        int rows = 4;
        int time = 8;

        try (LstmInferenceCell cell = LstmInferenceCell.prepare(model, order);
                NDManager run = cell.manager().newSubManager()) {
            CellStep step = cell.prime(firstTokens(flat, rows, time), run.newSubManager());
            assertClose(step.logits(), expected.get(new NDIndex(":, 0, :")));
            for (int t = 1; t < time; t++) {
                int[] tokens = new int[rows];
                for (int row = 0; row < rows; row++) {
                    tokens[row] = (int) flat[row * time + t];
                }
                step = cell.step(tokens, step, run.newSubManager());
                assertThat(step.logits().getShape()).isEqualTo(new Shape(rows, TinyModels.VOCABULARY));
                assertClose(step.logits(), expected.get(new NDIndex(":, " + t + ", :")));
            }
        }
    }

    @Test
    void primingLeavesTheStateTheModelReachesOverEachPrompt() {
        AwdLstmLanguageModel model = TinyModels.initialised(TinyModels.bare().optLayers(3).build(), manager, 11);
        List<int[]> prompts = List.of(new int[] {2, 5, 6, 7}, new int[] {2, 9}, new int[] {2, 5, 6, 7},
                new int[] {3}, new int[] {2, 9, 9, 4});

        try (LstmInferenceCell cell = LstmInferenceCell.prepare(model); NDManager run = cell.manager().newSubManager()) {
            CellStep primed = cell.prime(prompts, run);

            assertThat(primed.rows()).isEqualTo(prompts.size());
            for (int row = 0; row < prompts.size(); row++) {
                int[] prompt = prompts.get(row);
                long[] ids = java.util.Arrays.stream(prompt).asLongStream().toArray();
                LanguageModelOutput alone = model.forward(new ParameterStore(run, false),
                        run.create(ids, new Shape(1, prompt.length)), null, false);
                assertClose(primed.logits().get(row), alone.logits().get(new NDIndex("0, -1, :")));
                for (int layer = 0; layer < cell.layers(); layer++) {
                    assertClose(primed.hidden().get(layer).get(row), alone.state().hidden(layer).get(new NDIndex("0, 0, :")));
                    assertClose(primed.cell().get(layer).get(row), alone.state().cell(layer).get(new NDIndex("0, 0, :")));
                }
            }
        }
    }

    @Test
    void selectKeepsTheChosenRowsInTheirNewOrder() {
        AwdLstmLanguageModel model = TinyModels.initialised(TinyModels.bare().build(), manager, 3);
        try (LstmInferenceCell cell = LstmInferenceCell.prepare(model); NDManager run = cell.manager().newSubManager()) {
            CellStep primed = cell.prime(List.of(new int[] {2, 4}, new int[] {2, 5}, new int[] {2, 6}), run);
            NDArray expected = primed.hidden().get(1).get(2).duplicate();

            CellStep selected = cell.select(new int[] {2, 0}, primed, run.newSubManager());

            assertThat(selected.rows()).isEqualTo(2);
            assertClose(selected.hidden().get(1).get(0), expected);
        }
    }

    @Test
    void rejectsPromptsOutsideTheVocabulary() {
        AwdLstmLanguageModel model = TinyModels.initialised(TinyModels.bare().build(), manager, 3);
        try (LstmInferenceCell cell = LstmInferenceCell.prepare(model); NDManager run = cell.manager().newSubManager()) {
            assertThatThrownBy(() -> cell.prime(List.of(new int[] {2, 20}), run))
                    .hasMessageContaining("token id 20, outside the vocabulary of 20");
            assertThatThrownBy(() -> cell.prime(List.of(new int[0]), run)).hasMessageContaining("empty");
        }
    }

    private static List<int[]> firstTokens(long[] flat, int rows, int time) {
        return java.util.stream.IntStream.range(0, rows).mapToObj(row -> new int[] {(int) flat[row * time]}).toList();
    }

    /** The decoder bias starts at zero; give it values so that the test would see it missing. */
    private void randomiseDecoderBias(AwdLstmLanguageModel model) {
        NDArray bias = model.getParameters().get("decoder_bias").getArray();
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager scratch = manager.newSubManager()) {
            bias.set(scratch.randomUniform(-1, 1, bias.getShape()).toFloatArray());
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private static void assertClose(NDArray actual, NDArray expected) {
        assertThat(actual.getShape()).isEqualTo(expected.getShape());
        boolean close = actual.allClose(expected, TOLERANCE, TOLERANCE, false);
        assertThat(close).as("max |difference| %s", actual.sub(expected).abs().max().getFloat()).isTrue();
    }
}
