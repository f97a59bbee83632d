package dev.clara.nn.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clara.nn.LanguageModelConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClassifierConfigTest {

    @Test
    void defaultsAreUlmfitsRecipeOnASmallEncoder() {
        ClassifierConfig defaults = ClassifierConfig.defaults();

        assertThat(defaults.bptt()).isEqualTo(200);
        assertThat(defaults.batchSize()).isEqualTo(32);
        assertThat(defaults.frozenEpochs()).isEqualTo(1);
        assertThat(defaults.headHiddenSize()).isEqualTo(50);
        assertThat(defaults.discriminativeFactor()).isEqualTo(2.6f);
        assertThat(defaults.pooledSize()).isEqualTo(3 * defaults.embeddingSize());
        assertThat(defaults.layerSize(defaults.layers() - 1)).isEqualTo(defaults.embeddingSize());
        assertThat(defaults.validate()).isSameAs(defaults);
    }

    @Test
    void takesTheEncodersShapeFromAGenerator() {
        ClassifierConfig config = ClassifierConfig.builder().optEncoderOf(LanguageModelConfig.clara()).build();

        assertThat(config.embeddingSize()).isEqualTo(400);
        assertThat(config.hiddenSize()).isEqualTo(600);
        assertThat(config.layers()).isEqualTo(4);
        assertThat(config.encoderMatches(LanguageModelConfig.clara())).isTrue();
        assertThat(ClassifierConfig.defaults().encoderMatches(LanguageModelConfig.clara())).isFalse();
    }

    @Test
    void countsParameters() {
        ClassifierConfig config = ClassifierConfig.builder().optEmbeddingSize(4).optHiddenSize(6).optLayers(2)
                .optHeadHiddenSize(5).build();

        // embedding 10×4; layer 1: 4·6·(4+6) + 8·6; layer 2: 4·4·(6+4) + 8·4;
        // head: BN(12) 24 + 12·5 + 5, BN(5) 10 + 5·3 + 3.
        assertThat(config.parameterCount(10, 3)).isEqualTo(40 + 240 + 48 + 160 + 32 + 24 + 60 + 5 + 10 + 15 + 3);
        assertThat(config.toBuilder().optHeadHiddenSize(0).build().parameterCount(10, 3))
                .isEqualTo(40 + 240 + 48 + 160 + 32 + 24 + 36 + 3);
    }

    @Test
    void rejectsNonsenseWithEveryReason() {
        assertThatThrownBy(() -> ClassifierConfig.builder().optLayers(0).optBptt(0).optBatchSize(1)
                .optHeadDropout(1f).optDiscriminativeFactor(0.5f).optHeadHiddenSize(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid classifier configuration: ")
                .hasMessageContaining("layers must be at least 1, was 0")
                .hasMessageContaining("bptt must be at least 1, was 0")
                .hasMessageContaining("batchSize must be at least 2, was 1")
                .hasMessageContaining("headDropout must be in [0, 1), was 1.0")
                .hasMessageContaining("discriminativeFactor must be at least 1")
                .hasMessageContaining("headHiddenSize (0 for a single linear layer) must be at least 0, was -1");
        assertThatThrownBy(() -> ClassifierConfig.builder().optEpochs(2).optFrozenEpochs(3).build())
                .hasMessageContaining("frozenEpochs (3) must not exceed epochs (2)");
        assertThatThrownBy(() -> ClassifierConfig.builder().optPeakLearningRate(0).build())
                .hasMessageContaining("peakLearningRate must be positive and finite, was 0.0");
        assertThatThrownBy(() -> ClassifierConfig.builder().optMaxDuration(Duration.ZERO).build())
                .hasMessageContaining("maxDuration must be positive or absent");
    }

    @Test
    void roundTripsThroughJsonAndFillsMissingFieldsWithDefaults() {
        ClassifierConfig config = ClassifierConfig.builder().optEmbeddingSize(32).optEpochs(7).optWeightClasses(true)
                .optMaxDuration(Duration.ofMinutes(5)).build();

        assertThat(ClassifierConfig.fromJson(config.toJson())).isEqualTo(config);
        assertThat(ClassifierConfig.fromJson("{\"epochs\": 9}"))
                .isEqualTo(ClassifierConfig.builder().optEpochs(9).build());
        assertThatThrownBy(() -> ClassifierConfig.fromJson("[]")).hasMessageContaining("JSON object");
    }
}
