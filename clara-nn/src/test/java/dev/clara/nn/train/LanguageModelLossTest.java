package dev.clara.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.clara.nn.model.LanguageModelOutput;
import dev.clara.nn.model.TinyModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LanguageModelLossTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = TinyModels.cpuManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** One stream, three steps, vocabulary of 3; hand-picked so every term has a known value. */
    private LanguageModelOutput output() {
        NDArray logits = manager.create(new float[] {0, 0, 0, 2, 0, 0, 0, 0, 1}, new Shape(1, 3, 3));
        // The raw last-layer output moves by (1, 0), then (0, 2): mean squared change (1 + 0 + 0 + 4) / 4.
        NDArray raw = manager.create(new float[] {0, 0, 1, 0, 1, 2}, new Shape(1, 3, 2));
        // The dropped output is 3 everywhere: mean square 9.
        NDArray dropped = manager.ones(new Shape(1, 3, 2)).mul(3);
        return new LanguageModelOutput(logits, null, raw, dropped);
    }

    private NDArray targets() {
        return manager.create(new long[] {1, 0, 2}, new Shape(1, 3));
    }

    @Test
    void crossEntropyIsTheMeanNegativeLogLikelihoodOfTheTargets() {
        double expected = (Math.log(3) + (Math.log(Math.exp(2) + 2) - 2) + (Math.log(2 + Math.E) - 1)) / 3;

        float actual = LanguageModelLoss.crossEntropy(output().logits(), targets()).getFloat();

        assertThat(actual).isCloseTo((float) expected, within(1e-6f));
    }

    @Test
    void withoutRegularisersTheLossIsTheCrossEntropy() {
        LanguageModelLoss.Terms terms = new LanguageModelLoss(0, 0).compute(output(), targets());

        assertThat(terms.total().getFloat()).isEqualTo(terms.crossEntropy().getFloat());
    }

    @Test
    void activationRegularisationAddsAlphaTimesTheMeanSquareOfTheDroppedOutput() {
        float crossEntropy = new LanguageModelLoss(0, 0).compute(output(), targets()).total().getFloat();

        float withAr = new LanguageModelLoss(2, 0).compute(output(), targets()).total().getFloat();

        assertThat(withAr - crossEntropy).isCloseTo(2 * 9f, within(1e-5f));
    }

    @Test
    void temporalActivationRegularisationAddsBetaTimesTheMeanSquaredChangeOfTheRawOutput() {
        float crossEntropy = new LanguageModelLoss(0, 0).compute(output(), targets()).total().getFloat();

        float withTar = new LanguageModelLoss(0, 1).compute(output(), targets()).total().getFloat();

        assertThat(withTar - crossEntropy).isCloseTo(5f / 4, within(1e-5f));
    }
}
