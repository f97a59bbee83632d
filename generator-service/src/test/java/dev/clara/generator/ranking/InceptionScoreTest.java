package dev.clara.generator.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class InceptionScoreTest {

    @Test
    void isOneWhenEverySampleLooksTheSame() {
        assertThat(InceptionScore.of(List.of(new double[] {0.7, 0.3}, new double[] {0.7, 0.3}))).isCloseTo(1.0, offset(1e-12));
    }

    @Test
    void reachesTheNumberOfComposersWhenEachSampleIsConfidentlyADifferentOne() {
        List<double[]> batch = List.of(new double[] {1, 0, 0}, new double[] {0, 1, 0}, new double[] {0, 0, 1});
        assertThat(InceptionScore.of(batch)).isCloseTo(3.0, offset(1e-12));
    }

    @Test
    void matchesTheFormulaOnAnUnevenBatch() {
        // p(c) = (0.5, 0.5); KL([0.9,0.1] || p) = 0.9 ln 1.8 + 0.1 ln 0.2, and the mirror for the second sample.
        double kl = 0.9 * Math.log(1.8) + 0.1 * Math.log(0.2);
        assertThat(InceptionScore.of(List.of(new double[] {0.9, 0.1}, new double[] {0.1, 0.9})))
                .isCloseTo(Math.exp(kl), offset(1e-12));
        assertThat(InceptionScore.of(List.of())).isNaN();
        assertThat(InceptionScore.entropy(new double[] {0.5, 0.5})).isCloseTo(Math.log(2), offset(1e-12));
    }
}
