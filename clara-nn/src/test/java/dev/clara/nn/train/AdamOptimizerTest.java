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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdamOptimizerTest {

    private static final float BETA1 = 0.7f;
    private static final float BETA2 = 0.99f;
    private static final float EPSILON = 1e-8f;
    private static final float DECAY = 0.1f;
    private static final float RATE = 0.01f;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = TinyModels.cpuManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private PairList<String, Parameter> weights(float... values) {
        Parameter parameter = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT)
                .optArray(manager.create(values, new Shape(values.length))).build();
        parameter.getArray().setRequiresGradient(true);
        PairList<String, Parameter> parameters = new PairList<>();
        parameters.add("w", parameter);
        return parameters;
    }

    /** L = Σ w³/3, so ∇ = w². */
    private static void backward(PairList<String, Parameter> parameters) {
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray w = parameters.get("w").getArray();
            collector.backward(w.pow(3).sum().div(3));
        }
    }

    /** The textbook update, in doubles, for comparison with the engine's fused kernel. */
    private static double[] reference(double[] w, int steps) {
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        double[] x = w.clone();
        for (int t = 1; t <= steps; t++) {
            for (int i = 0; i < x.length; i++) {
                double g = x[i] * x[i] + DECAY * x[i];
                m[i] = BETA1 * m[i] + (1 - BETA1) * g;
                v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
                double mHat = m[i] / (1 - Math.pow(BETA1, t));
                double vHat = v[i] / (1 - Math.pow(BETA2, t));
                x[i] -= RATE * mHat / (Math.sqrt(vHat) + EPSILON);
            }
        }
        return x;
    }

    @Test
    void matchesTheTextbookUpdateWithWeightDecay() {
        PairList<String, Parameter> parameters = weights(0.5f, -1f, 2f);
        AdamOptimizer adam = new AdamOptimizer(BETA1, BETA2, EPSILON, DECAY);

        for (int step = 0; step < 3; step++) {
            backward(parameters);
            adam.step(parameters, RATE);
        }

        double[] expected = reference(new double[] {0.5, -1, 2}, 3);
        float[] actual = parameters.get("w").getArray().toFloatArray();
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).isCloseTo(expected[i], within(2e-6));
        }
        assertThat(adam.stepCount()).isEqualTo(3);
    }

    @Test
    void zeroesTheGradientAfterTheUpdate() {
        PairList<String, Parameter> parameters = weights(1f, 2f);
        AdamOptimizer adam = new AdamOptimizer(BETA1, BETA2, EPSILON, 0);

        backward(parameters);
        adam.step(parameters, RATE);

        try (NDArray gradient = parameters.get("w").getArray().getGradient()) {
            assertThat(gradient.toFloatArray()).containsExactly(0f, 0f);
        }
    }

    @Test
    void aSavedStateContinuesExactlyLikeTheOriginal() throws IOException {
        PairList<String, Parameter> original = weights(0.5f, -1f, 2f);
        AdamOptimizer adam = new AdamOptimizer(BETA1, BETA2, EPSILON, DECAY);
        for (int step = 0; step < 2; step++) {
            backward(original);
            adam.step(original, RATE);
        }
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        adam.save(new DataOutputStream(saved));
        PairList<String, Parameter> copy = weights(original.get("w").getArray().toFloatArray());
        AdamOptimizer restored = new AdamOptimizer(BETA1, BETA2, EPSILON, DECAY);
        restored.load(manager, new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));

        backward(original);
        adam.step(original, RATE);
        backward(copy);
        restored.step(copy, RATE);

        assertThat(restored.stepCount()).isEqualTo(3);
        assertThat(copy.get("w").getArray().toFloatArray()).containsExactly(original.get("w").getArray().toFloatArray());
    }
}
