package dev.clara.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import dev.clara.nn.model.TinyModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    private NDManager manager;
    private PairList<String, Parameter> parameters;

    @BeforeEach
    void open() {
        manager = TinyModels.cpuManager();
        parameters = new PairList<>();
        parameters.add("a", parameter("a", new float[] {1, 2}));
        parameters.add("b", parameter("b", new float[] {3, 4, 5}));
        // L = 0.5·Σa² + 0.5·Σb², so ∇ = the weights themselves: global norm √(1+4+9+16+25) = √55.
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray a = parameters.get("a").getArray();
            NDArray b = parameters.get("b").getArray();
            collector.backward(a.square().sum().add(b.square().sum()).mul(0.5f));
        }
    }

    private Parameter parameter(String name, float[] values) {
        Parameter parameter = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optArray(manager.create(values, new Shape(values.length))).build();
        parameter.getArray().setRequiresGradient(true);
        return parameter;
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void scalesAllGradientsTogetherToTheLargestNorm() {
        float before = GradientClipping.clipByGlobalNorm(parameters, 1f, manager);

        assertThat(before).isCloseTo((float) Math.sqrt(55), within(1e-5f));
        assertThat(GradientClipping.globalNorm(parameters, manager)).isCloseTo(1f, within(1e-5f));
        // The direction is kept: b's gradient is still (3, 4, 5) up to a common factor.
        try (NDArray a = parameters.get("a").getArray().getGradient();
                NDArray b = parameters.get("b").getArray().getGradient()) {
            float scale = (float) (1 / Math.sqrt(55));
            assertThat(a.toFloatArray()).containsExactly(new float[] {scale, 2 * scale}, within(1e-6f));
            assertThat(b.toFloatArray()).containsExactly(new float[] {3 * scale, 4 * scale, 5 * scale}, within(1e-6f));
        }
    }

    @Test
    void leavesSmallGradientsAlone() {
        float before = GradientClipping.clipByGlobalNorm(parameters, 10f, manager);

        assertThat(before).isCloseTo((float) Math.sqrt(55), within(1e-5f));
        try (NDArray b = parameters.get("b").getArray().getGradient()) {
            assertThat(b.toFloatArray()).containsExactly(3, 4, 5);
        }
    }

    @Test
    void leavesNothingOnTheCallersManager() {
        int before = manager.getManagedArrays().size();

        GradientClipping.clipByGlobalNorm(parameters, 1f, manager);

        assertThat(manager.getManagedArrays()).hasSize(before);
    }
}
