package dev.clara.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LanguageModelConfigTest {

    @Test
    void claraDefaultsAreClarasSize() {
        LanguageModelConfig clara = LanguageModelConfig.clara();

        assertThat(clara.embeddingSize()).isEqualTo(400);
        assertThat(clara.layers()).isEqualTo(4);
        assertThat(clara.hiddenSize()).isEqualTo(600);
        assertThat(clara.layerSize(0)).isEqualTo(600);
        assertThat(clara.layerSize(3)).as("the last layer matches the embedding for tying").isEqualTo(400);
        assertThat(clara.bptt()).isEqualTo(200);
        assertThat(clara.batchSize()).isEqualTo(32);
        assertThat(clara.gradientClipNorm()).isEqualTo(0.3f);
        assertThat(clara.adamBeta1()).isEqualTo(0.7f);
        assertThat(clara.activationRegularization()).isEqualTo(2f);
        assertThat(clara.temporalActivationRegularization()).isEqualTo(1f);
        assertThat(clara.tieWeights()).isTrue();
        assertThat(clara.validate(200)).isSameAs(clara);
    }

    @Test
    void countsParametersOfTheStack() {
        LanguageModelConfig config = LanguageModelConfig.builder().optEmbeddingSize(4).optHiddenSize(6).optLayers(2).build();

        // embedding 10×4 + decoder bias 10; layer 1: 4·6·(4+6) + 8·6; layer 2: 4·4·(6+4) + 8·4.
        assertThat(config.parameterCount(10)).isEqualTo(40 + 10 + 240 + 48 + 160 + 32);
        assertThat(config.toBuilder().optTieWeights(false).build().parameterCount(10)).isEqualTo(530 + 40);
    }

    @Test
    void rejectsNonsenseWithEveryReason() {
        assertThatThrownBy(() -> LanguageModelConfig.builder().optLayers(0).optBptt(0).optBatchSize(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layers must be at least 1, was 0")
                .hasMessageContaining("bptt must be at least 1, was 0")
                .hasMessageContaining("batchSize must be at least 1, was 0");
    }

    @Test
    void rejectsDropoutsOutsideZeroToOne() {
        assertThatThrownBy(() -> LanguageModelConfig.builder().optInputDropout(-0.1f).build())
                .hasMessageContaining("inputDropout must be in [0, 1), was -0.1");
        assertThatThrownBy(() -> LanguageModelConfig.builder().optWeightDropout(1f).build())
                .hasMessageContaining("weightDropout must be in [0, 1), was 1.0");
        assertThatThrownBy(() -> LanguageModelConfig.builder().optHiddenDropout(Float.NaN).build())
                .hasMessageContaining("hiddenDropout");
    }

    @Test
    void rejectsANetworkThatWouldNotFitTheMemoryBudget() {
        assertThatThrownBy(() -> LanguageModelConfig.builder().optEmbeddingSize(1_000_000_000).build())
                .hasMessageContaining("more than the memory budget of 16.0 GiB");
        LanguageModelConfig modest = LanguageModelConfig.builder().optMemoryBudgetBytes(4L << 30).build();
        assertThat(modest.validate(200)).isSameAs(modest);
        assertThatThrownBy(() -> modest.validate(2_000_000)).hasMessageContaining("vocabulary of 2000000");
    }

    @Test
    void rejectsAZeroLearningRateOrABadTimeBudget() {
        assertThatThrownBy(() -> LanguageModelConfig.builder().optPeakLearningRate(0).build())
                .hasMessageContaining("peakLearningRate must be positive");
        assertThatThrownBy(() -> LanguageModelConfig.builder().optMaxDuration(Duration.ZERO).build())
                .hasMessageContaining("maxDuration must be positive or absent");
        assertThatThrownBy(() -> LanguageModelConfig.builder().optGradientClipNorm(-1).build())
                .hasMessageContaining("gradientClipNorm");
    }

    @Test
    void everyRegulariserCanBeSwitchedOff() {
        LanguageModelConfig bare = LanguageModelConfig.builder().optNoDropout().optActivationRegularization(0)
                .optTemporalActivationRegularization(0).optGradientClipNorm(0).optWeightDecay(0).optTieWeights(false)
                .optBpttJitter(false).build();

        assertThat(bare.embeddingDropout() + bare.inputDropout() + bare.hiddenDropout() + bare.outputDropout()
                + bare.weightDropout()).isZero();
    }

    @Test
    void dropMultiplierScalesAllFiveDropouts() {
        LanguageModelConfig half = LanguageModelConfig.clara().withDropoutsScaledBy(0.5);

        assertThat(half.embeddingDropout()).isEqualTo(0.05f);
        assertThat(half.inputDropout()).isEqualTo(0.3f);
        assertThat(half.hiddenDropout()).isEqualTo(0.1f);
        assertThat(half.outputDropout()).isEqualTo(0.2f);
        assertThat(half.weightDropout()).isEqualTo(0.25f);
    }

    @Test
    void roundTripsThroughJsonAndFillsMissingFieldsWithDefaults() {
        LanguageModelConfig config = LanguageModelConfig.builder().optEmbeddingSize(32).optHiddenSize(48)
                .optMaxDuration(Duration.ofMinutes(90)).optSeed(7).build();

        assertThat(LanguageModelConfig.fromJson(config.toJson())).isEqualTo(config);
        assertThat(config.toJson()).contains("\"maxDuration\": \"PT1H30M\"");
        LanguageModelConfig partial = LanguageModelConfig.fromJson("{\"embeddingSize\": 32}");
        assertThat(partial.embeddingSize()).isEqualTo(32);
        assertThat(partial.hiddenSize()).isEqualTo(600);
        assertThat(partial.adamBeta2()).isEqualTo(0.99f);
    }
}
