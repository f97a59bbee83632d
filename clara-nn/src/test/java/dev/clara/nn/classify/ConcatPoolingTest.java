package dev.clara.nn.classify;

import dev.clara.nn.testing.OneTorchThread;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.clara.nn.model.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(OneTorchThread.class)
class ConcatPoolingTest {

    @Test
    void concatenatesLastMaxAndMeanOfEachSequencesOwnSteps() {
        try (NDManager manager = TinyModels.cpuManager()) {
            // Two sequences, 3 steps, 2 features; the second sequence has 2 real steps and one padded step.
            NDArray outputs = manager.create(new float[] {
                0.1f, -0.5f,   0.4f, -0.2f,   0.3f, -0.9f,
                -0.6f, 0.2f,   0.2f, 0.8f,    0.9f, 0.9f}, new Shape(2, 3, 2));
            NDArray lengths = manager.create(new long[] {3, 2});

            NDArray pooled = ConcatPooling.apply(outputs, lengths);

            assertThat(pooled.getShape()).isEqualTo(new Shape(2, 6));
            assertThat(pooled.get(0).toFloatArray()).containsExactly(
                    new float[] {0.3f, -0.9f, 0.4f, -0.2f, (0.1f + 0.4f + 0.3f) / 3, (-0.5f - 0.2f - 0.9f) / 3},
                    org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(pooled.get(1).toFloatArray()).as("the padded step is ignored").containsExactly(
                    new float[] {0.2f, 0.8f, 0.2f, 0.8f, -0.2f, 0.5f}, org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(ConcatPooling.apply(outputs, null).get(0).toFloatArray()).as("no lengths: every step counts")
                    .containsExactly(pooled.get(0).toFloatArray(), org.assertj.core.data.Offset.offset(1e-6f));
        }
    }
}
