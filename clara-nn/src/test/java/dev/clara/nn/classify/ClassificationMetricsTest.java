package dev.clara.nn.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    private static final List<String> COMPOSERS = List.of("bach", "chopin", "satie");

    /**
     * Ten excerpts. Confusion [true][predicted]:
     * <pre>
     *            bach chopin satie
     *   bach       3     1     0
     *   chopin     1     2     1
     *   satie      0     0     2
     * </pre>
     */
    private static ClassificationMetrics example() {
        int[] truth = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2};
        int[] predicted = {0, 0, 0, 1, 0, 1, 1, 2, 2, 2};
        return ClassificationMetrics.of(COMPOSERS, truth, predicted, 0.75);
    }

    @Test
    void computesAccuracyPrecisionRecallAndTheConfusionMatrixExactly() {
        ClassificationMetrics metrics = example();

        assertThat(metrics.examples()).isEqualTo(10);
        assertThat(metrics.accuracy()).isEqualTo(0.7);
        assertThat(metrics.precision(0)).isEqualTo(0.75);           // 3 of the 4 predicted bach
        assertThat(metrics.precision(1)).isEqualTo(2.0 / 3);        // 2 of 3
        assertThat(metrics.precision(2)).isEqualTo(2.0 / 3);        // 2 of 3
        assertThat(metrics.recall(0)).isEqualTo(0.75);              // 3 of the 4 bach
        assertThat(metrics.recall(1)).isEqualTo(0.5);               // 2 of 4
        assertThat(metrics.recall(2)).isEqualTo(1.0);               // 2 of 2
        assertThat(metrics.balancedAccuracy()).isCloseTo((0.75 + 0.5 + 1.0) / 3, within(1e-15));
        assertThat(metrics.confusion(1, 2)).isEqualTo(1);
        assertThat(metrics.confusion(2, 0)).isZero();
        assertThat(metrics.loss()).isEqualTo(0.75);
    }

    @Test
    void flattensIntoTheArtifactsMetricsMap() {
        assertThat(example().asMap()).containsEntry("accuracy", 0.7).containsEntry("validation_loss", 0.75)
                .containsEntry("examples", 10.0).containsEntry("precision.bach", 0.75)
                .containsEntry("recall.chopin", 0.5).containsEntry("confusion.bach.chopin", 1.0)
                .containsEntry("confusion.chopin.satie", 1.0).containsEntry("confusion.satie.satie", 2.0)
                .hasSize(2 + 1 + 1 + 3 + 3 + 9);
        assertThat(ClassificationMetrics.of(COMPOSERS, new int[] {0}, new int[] {0}, Double.NaN).asMap())
                .doesNotContainKey("validation_loss");
    }

    @Test
    void aClassNeverPredictedOrNeverPresentScoresZeroNotNaN() {
        ClassificationMetrics metrics = ClassificationMetrics.of(List.of("machine", "human"),
                new int[] {0, 0, 0}, new int[] {0, 0, 0}, Double.NaN);

        assertThat(metrics.precision(1)).isZero();
        assertThat(metrics.recall(1)).isZero();
        assertThat(metrics.accuracy()).isEqualTo(1.0);
        assertThat(metrics.balancedAccuracy()).as("only the classes present count").isEqualTo(1.0);
        assertThat(metrics.asMap()).contains(entry("precision.human", 0.0), entry("recall.human", 0.0));
    }

    @Test
    void acceptsAConfusionMatrixAndRejectsBadShapes() {
        ClassificationMetrics metrics = ClassificationMetrics.ofConfusion(List.of("machine", "human"),
                new long[][] {{8, 2}, {1, 9}}, 0.3);

        assertThat(metrics.accuracy()).isEqualTo(0.85);
        assertThat(metrics.precision(1)).isEqualTo(9.0 / 11);        // 9 of the 11 predicted human
        assertThat(metrics.recall(0)).isEqualTo(0.8);
        assertThatThrownBy(() -> ClassificationMetrics.ofConfusion(COMPOSERS, new long[][] {{1}}, 0))
                .hasMessageContaining("1 rows for 3 labels");
        assertThatThrownBy(() -> ClassificationMetrics.of(COMPOSERS, new int[0], new int[0], 0))
                .hasMessageContaining("at least one example");
    }
}
